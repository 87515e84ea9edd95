/**
 * Records the bytecode layout profiles that `scripts/build.ts` builds with: which functions the
 * executable runs when it starts, written by Bun when the process exits
 * (`BUN_BYTECODE_ORDER_OUT`). Two ways of starting, most important first:
 *
 * - `scripts/bytecode/serve.order`: `serve` up to an idle server answering `GET /healthz`, then
 *   a graceful shutdown on SIGTERM;
 * - `scripts/bytecode/stdio.order`: `stdio` answering `initialize` and `tools/list`, then
 *   stdin closed.
 *
 * Only the start-up paths are recorded, so that their bytecode sits together at the front of the
 * executable; everything else follows. Profiles match functions by a hash of their syntax, so an
 * old one keeps working as the code changes: record again when much of start-up has changed.
 *
 * Usage: `bun scripts/record_bytecode_order.ts` (builds `dist/task-mcp` first, then again with
 * the new profiles).
 *
 * @module
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync } from "node:fs";
import process from "node:process";
import { makeBenchRepo } from "./bench_repo.ts";

const BINARY = "dist/task-mcp";
const DIR = "scripts/bytecode";

function build(): void {
  const result = spawnSync("node_modules/.bin/bun", ["scripts/build.ts"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("build failed");
}

/** Runs the binary with `args`, drives it with `drive`, and keeps the profile as `name`. */
async function record(
  name: string,
  args: string[],
  drive: (child: ReturnType<typeof spawn>) => Promise<void>,
): Promise<void> {
  const out = `${DIR}/.${name}.tmp`;
  rmSync(out, { force: true });
  const child = spawn(BINARY, args, {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, BUN_BYTECODE_ORDER_OUT: out },
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  await drive(child);
  const code = await exited;
  if (code !== 0) throw new Error(`${name}: exit code ${code}`);
  renameSync(out, `${DIR}/${name}`);
  console.error(`wrote ${DIR}/${name}`);
}

/** Resolves when the child has written a line matching `pattern` to `stream`. */
function waitFor(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<string> {
  return new Promise((resolve) => {
    let buffer = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buffer += chunk;
      const match = pattern.exec(buffer);
      if (match) {
        buffer = "";
        resolve(match[0]);
      }
    });
  });
}

build();
mkdirSync(DIR, { recursive: true });
const root = makeBenchRepo(3, "task-mcp-bytecode-order-");
try {
  await record("serve.order", ["serve", "--root", root, "--port", "0"], async (child) => {
    const line = await waitFor(child.stderr!, /"msg":"listening".*?"port":(\d+)/);
    const port = /"port":(\d+)/.exec(line)![1];
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    if (response.status !== 200) throw new Error(`/healthz: ${response.status}`);
    await response.text();
    child.kill("SIGTERM");
  });
  await record("stdio.order", ["stdio", "--root", root], async (child) => {
    const answers = waitFor(child.stdout!, /"id":2[,}][^\n]*\n/);
    const send = (message: unknown) => child.stdin!.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "record-bytecode-order", version: "1" },
      },
    });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
    await answers;
    child.stdin!.end();
  });
} finally {
  rmSync(root, { recursive: true, force: true });
}
build();
