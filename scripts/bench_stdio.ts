/**
 * Benchmarks of the stdio server against a peer built on the MCP SDK under Node, in one run:
 *
 * - start-up: spawn → `initialize` answered, for the compiled binary and the peer;
 * - `changes_active` first page (50) over a repository of 10,000 changes: the cold first call
 *   and warm calls, for both;
 * - the `change_open` + `change_archive` round trip (task-mcp only: the peer cannot write).
 *
 * Usage: `bun scripts/bench_stdio.ts [--changes=10000] [--runs=30] [--out=bench/stdio.md]
 * [--baseline=PATH]` — with `--baseline`, another task-mcp binary (an earlier build) is measured
 * in the same run, for before/after comparisons on one noisy machine.
 * The machine is noisy: medians and ratios are what to compare.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import process from "node:process";
import { makeBenchRepo } from "./bench_repo.ts";

const option = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const CHANGES = Number(option("changes", "10000"));
const RUNS = Number(option("runs", "30"));
const OUT = option("out", "bench/stdio.md");
const BASELINE = option("baseline", "");

const TASK_MCP = {
  name: "task-mcp (binary)",
  cmd: "dist/task-mcp",
  args: (root: string) => ["stdio", "--root", root],
};
const PEER = {
  name: "SDK peer (Node)",
  cmd: "node",
  args: (root: string) => ["scripts/peer/sdk_stdio_server.mjs", root],
};
type Server = typeof TASK_MCP;
const BASE: Server | undefined = BASELINE
  ? { name: `task-mcp (baseline: ${BASELINE})`, cmd: BASELINE, args: TASK_MCP.args }
  : undefined;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** A stdio connection that sends requests and resolves their responses. */
function connect(server: Server, root: string) {
  const child = spawn(server.cmd, server.args(root), { stdio: ["pipe", "pipe", "ignore"] });
  const waiting = new Map<number, (m: unknown) => void>();
  let buffer = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffer += chunk;
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      const message = JSON.parse(line);
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    }
  });
  let id = 0;
  const request = (method: string, params: unknown) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const n = ++id;
      waiting.set(n, resolve as (m: unknown) => void);
      child.stdin.write(JSON.stringify({ jsonrpc: "2.0", id: n, method, params }) + "\n");
    });
  const initialize = async () => {
    await request("initialize", {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "bench", version: "1" },
    });
    child.stdin.write(
      JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) + "\n",
    );
  };
  const close = () =>
    new Promise<void>((resolve) => {
      child.on("exit", () => resolve());
      child.stdin.end();
    });
  return { request, initialize, close };
}

async function startup(server: Server, root: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const c = connect(server, root);
    await c.initialize();
    times.push(performance.now() - t0);
    await c.close();
  }
  return times;
}

const list = (c: ReturnType<typeof connect>) =>
  c.request("tools/call", { name: "changes_active", arguments: { limit: 50 } });

async function listing(server: Server, root: string) {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let r = 0; r < 5; r++) {
    const c = connect(server, root);
    await c.initialize();
    let t0 = performance.now();
    const first = await list(c);
    cold.push(performance.now() - t0);
    if (r === 0 && (first.result as { isError?: boolean })?.isError) {
      throw new Error(JSON.stringify(first));
    }
    for (let i = 0; i < RUNS * 2; i++) {
      t0 = performance.now();
      await list(c);
      warm.push(performance.now() - t0);
    }
    await c.close();
  }
  return { cold, warm };
}

const DELTA =
  "## ADDED Requirements\n\n### Requirement: Rule\nThe system SHALL apply the rule.\n\n#### Scenario: Applies\n- **WHEN** triggered\n- **THEN** applied\n";

/** `change_open` then `change_archive`; with `merge`, a delta spec is written in between. */
async function roundTrip(root: string, merge: boolean, server = TASK_MCP): Promise<number[]> {
  const c = connect(server, root);
  await c.initialize();
  const times: number[] = [];
  for (let i = 0; i < RUNS * 2; i++) {
    const slug = `round-trip-${merge ? "m" : "s"}-${i}`;
    const tool = (name: string, args: Record<string, unknown>) =>
      c.request("tools/call", { name, arguments: { slug, ...args } });
    const t0 = performance.now();
    const calls = [await tool("change_open", { title: `RT ${i}` })];
    if (merge) {
      calls.push(await tool("change_write", { path: `specs/${slug}/spec.md`, content: DELTA }));
    }
    calls.push(await tool("change_archive", { skipSpecs: !merge }));
    times.push(performance.now() - t0);
    for (const r of calls) {
      if ((r.result as { isError?: boolean }).isError) throw new Error(JSON.stringify(r));
    }
  }
  await c.close();
  return times;
}

const fmt = (x: number) => x.toFixed(2);
const started = new Date().toISOString();
console.error(`building a repository of ${CHANGES} changes…`);
const big = makeBenchRepo(CHANGES);
const small = makeBenchRepo(0);
const rows: string[] = [];
for (const server of BASE ? [TASK_MCP, BASE, PEER] : [TASK_MCP, PEER]) {
  console.error(`${server.name}: start-up`);
  const s = await startup(server, small);
  console.error(`${server.name}: listing`);
  const l = await listing(server, big);
  rows.push(
    `| ${server.name} | ${fmt(median(s))} | ${fmt(median(l.cold))} | ${fmt(median(l.warm))} | ${
      fmt(pct(l.warm, 0.99))
    } |`,
  );
}
console.error("task-mcp: open + archive round trip");
const rt = await roundTrip(makeBenchRepo(0), false);
const full = await roundTrip(makeBenchRepo(0), true);
const baseRoundTrips = BASE
  ? [await roundTrip(makeBenchRepo(0), false, BASE), await roundTrip(makeBenchRepo(0), true, BASE)]
  : undefined;
const report = `# stdio benchmark

Command: \`bun scripts/bench_stdio.ts --changes=${CHANGES} --runs=${RUNS}${
  BASELINE ? ` --baseline=${BASELINE}` : ""
}\` (run ${started}, ${process.platform}/${process.arch}).
Times in milliseconds, measured by the client over stdio (JSON-RPC round trip).

| server | spawn → initialize (median) | changes_active cold first call (median of 5 processes) | warm (median) | warm p99 |
| --- | --- | --- | --- | --- |
${rows.join("\n")}

task-mcp \`change_open\` + \`change_archive\` round trip (skipSpecs): median ${
  fmt(median(rt))
} ms, p99 ${
  fmt(pct(rt, 0.99))
} ms (${rt.length} runs). With a delta spec written in between and merged into a new main spec
(\`change_open\` + \`change_write\` + \`change_archive\`): median ${fmt(median(full))} ms, p99 ${
  fmt(pct(full, 0.99))
} ms.
${
  baseRoundTrips
    ? `\nThe baseline binary, in the same run: ${
      fmt(median(baseRoundTrips[0]!))
    } ms (skipSpecs) and ${fmt(median(baseRoundTrips[1]!))} ms (with a merged delta).\n`
    : ""
}
The peer is \`scripts/peer/sdk_stdio_server.mjs\`: \`McpServer\` + \`StdioServerTransport\` from
\`@modelcontextprotocol/sdk\` on Node, listing the same folders (readdir, sort, then reading
proposal.md and tasks.md of the page's changes). It cannot open or archive changes.
`;
mkdirSync(OUT.slice(0, OUT.lastIndexOf("/")), { recursive: true });
writeFileSync(OUT, report);
console.log(report);
