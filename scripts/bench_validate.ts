/**
 * Benchmark of validation and merge on big inputs: a main spec of `n` requirements and a delta
 * of `n` entries per shape (REMOVED misses, RENAMED, ADDED, RENAMED + REMOVED). Measures the
 * engine in process (`validateChange`, `planArchive`) and, when `dist/task-mcp` exists, one
 * `change_validate` call over stdio against a repository on disk. Writes bench/validate.md.
 *
 * Usage: `bun scripts/bench_validate.ts [--n=6000] [--runs=7] [--out=bench/validate.md]`
 *
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import process from "node:process";
import {
  bigChange,
  bigDelta,
  type BigDeltaShape,
  bigMainSpec,
} from "../src/openspec/_test_big_spec.ts";
import { planArchive } from "../src/openspec/archive_plan.ts";
import { validateChange } from "../src/openspec/change_validation.ts";

const option = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const N = Number(option("n", "6000"));
const RUNS = Number(option("runs", "7"));
const OUT = option("out", "bench/validate.md");
const SHAPES: BigDeltaShape[] = ["removed", "renamed", "added", "renamed+removed"];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function timeRuns(run: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Median milliseconds of `change_validate` over stdio, first call excluded (it loads the code). */
async function overStdio(shape: BigDeltaShape, main: string): Promise<number> {
  const root = mkdtempSync(`${tmpdir()}/task-mcp-bench-validate-`);
  try {
    const change = `${root}/openspec/changes/big`;
    mkdirSync(`${change}/specs/cap`, { recursive: true });
    mkdirSync(`${root}/openspec/specs/cap`, { recursive: true });
    writeFileSync(`${root}/openspec/specs/cap/spec.md`, main);
    const files = bigChange(bigDelta(shape, N));
    writeFileSync(`${change}/.openspec.yaml`, files.metadataText ?? "");
    writeFileSync(`${change}/tasks.md`, files.tasksText ?? "");
    writeFileSync(
      `${change}/proposal.md`,
      "# Big\n\n## Why\n\nScale.\n\n## What Changes\n\n- All.\n",
    );
    writeFileSync(`${change}/specs/cap/spec.md`, files.specFiles[0]?.text ?? "");
    const child = spawn("dist/task-mcp", ["stdio", "--root", root], {
      stdio: ["pipe", "pipe", "ignore"],
    });
    const waiting = new Map<number, () => void>();
    let buffer = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffer += chunk;
      for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
        const message = JSON.parse(buffer.slice(0, i));
        buffer = buffer.slice(i + 1);
        waiting.get(message.id)?.();
      }
    });
    let id = 0;
    const request = (method: string, params: unknown) =>
      new Promise<void>((resolve) => {
        waiting.set(++id, resolve);
        child.stdin.write(JSON.stringify({ jsonrpc: "2.0", id, method, params }) + "\n");
      });
    await request("initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "bench", version: "1" },
    });
    const call = () =>
      request("tools/call", { name: "change_validate", arguments: { slug: "big" } });
    await call();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await call();
      times.push(performance.now() - t0);
    }
    child.stdin.end();
    await new Promise((resolve) => child.on("exit", resolve));
    return median(times);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const main = bigMainSpec(N);
const binary = existsSync("dist/task-mcp");
const rows: string[] = [];
for (const shape of SHAPES) {
  const change = bigChange(bigDelta(shape, N));
  const validate = timeRuns(() => validateChange(change, () => main));
  const archive = timeRuns(() => planArchive(change, () => main));
  const stdio = binary ? (await overStdio(shape, main)).toFixed(1) : "n/a";
  rows.push(`| ${shape} | ${validate.toFixed(1)} | ${archive.toFixed(1)} | ${stdio} |`);
  console.error(rows.at(-1));
}

const report = `# Validation and merge benchmark

Command: \`bun scripts/bench_validate.ts --n=${N} --runs=${RUNS}\` (run ${
  new Date().toISOString()
}, ${process.platform}/${process.arch}).
Median milliseconds of ${RUNS} runs. A main spec of ${N} requirements (${
  Math.round(main.length / 1024)
} KB) and a delta of ${N} entries per section: REMOVED names the main spec does not have (the
near-miss search runs for each), RENAMED of every requirement, ADDED new names, RENAMED and
REMOVED together. "stdio" is one \`change_validate\` tool call to \`dist/task-mcp\` (files read
from disk, the archive dry run included), first call excluded.

| delta | validateChange (in process) | planArchive (in process) | change_validate over stdio |
| --- | --- | --- | --- |
${rows.join("\n")}
`;
writeFileSync(OUT, report);
console.log(report);
