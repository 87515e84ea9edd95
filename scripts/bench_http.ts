/**
 * HTTP benchmarks, in one run, on a repository of 1,000 changes:
 *
 * - `changes_active` (first page of 50) with 64 concurrent connections for a fixed time:
 *   task-mcp over MCP Streamable HTTP (64 sessions of 2025-06-18, and 2026-07-28's stateless
 *   requests: no session, the revision in each request's `_meta`) and over the NDJSON tool envelope, the SDK
 *   peer (`scripts/peer/sdk_http_server.mjs`, Node + express, 64 sessions), and a trivial Hono
 *   JSON route on Bun as the ceiling of what the HTTP stack itself allows;
 * - cold start: spawn → first 200 on `/healthz`, for the binary and the peer;
 * - idle RSS of each server after start-up and one request.
 *
 * Usage: `bun scripts/bench_http.ts [--changes=1000] [--connections=64] [--seconds=5]
 * [--rounds=3] [--runs=10] [--out=bench/http.md] [--baseline=PATH]`: every load row is measured
 * `--rounds` times, the rows taking turns (so that the machine's drift falls on all of them alike),
 * and the round of median req/s is reported; `--runs` cold starts. With `--baseline`, another task-mcp
 * binary (an earlier build) is loaded the same way in the same run, for before/after comparisons. The load generator (`http_load.ts`: keep-alive raw
 * sockets, not `fetch`, which costs the client as much as a small server's answer) shares the
 * machine with the server: compare ratios, not absolute numbers.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, tmpdir } from "node:os";
import process from "node:process";
import { Hono } from "hono";
import { bunServe } from "../src/runtime/serve_bun.ts";
import { makeBenchRepo } from "./bench_repo.ts";
import { httpLoad, type LoadConnection, type LoadResult } from "./http_load.ts";

const option = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const CHANGES = Number(option("changes", "1000"));
const CONNECTIONS = Number(option("connections", "64"));
const SECONDS = Number(option("seconds", "5"));
const RUNS = Number(option("runs", "10"));
const ROUNDS = Number(option("rounds", "3"));
const OUT = option("out", "bench/http.md");
const BASELINE = option("baseline", "");

/** The ceiling: a Hono JSON route on Bun, started as a child of this script. */
if (process.argv.includes("--ceiling-server")) {
  const app = new Hono();
  app.get("/json", (c) => c.json({ ok: true, items: [] }));
  app.get("/healthz", (c) => c.json({ status: "healthy" }));
  // With --body-file: every POST /mcp is answered with that file's bytes (a captured answer of
  // task-mcp), to show what the framework allows for an answer of that size.
  const bodyFile = option("body-file", "");
  if (bodyFile) {
    const body = readFileSync(bodyFile);
    const type = option("content-type", "text/event-stream");
    app.post("/mcp", async (c) => {
      await c.req.text();
      return new Response(body, { headers: { "Content-Type": type } });
    });
  }
  const server = await bunServe((request) => app.fetch(request), {
    port: Number(option("port", "0")),
    hostname: "127.0.0.1",
    signal: new AbortController().signal,
  });
  console.error(JSON.stringify({ msg: "listening", port: server.port }));
  await new Promise(() => {});
}

interface Command {
  name: string;
  cmd: string;
  args(root: string, port: number): string[];
}
const TASK_MCP: Command = {
  name: "task-mcp (binary)",
  cmd: "dist/task-mcp",
  args: (root, port) => ["serve", "--root", root, "--host", "127.0.0.1", "--port", String(port)],
};
const BASE: Command = {
  ...TASK_MCP,
  name: `task-mcp (baseline: ${BASELINE})`,
  cmd: BASELINE,
};
const PEER: Command = {
  name: "SDK peer (Node + express)",
  cmd: "node",
  args: (root, port) => ["scripts/peer/sdk_http_server.mjs", root, String(port)],
};
const CEILING: Command = {
  name: "Hono JSON route on Bun",
  cmd: "node_modules/.bin/bun",
  args: (_root, port) => ["scripts/bench_http.ts", "--ceiling-server", `--port=${port}`],
};

/** The ceiling again, answering every POST /mcp with the bytes of a real task-mcp answer. */
const answerFile = `${tmpdir()}/task-mcp-bench-answer-${process.pid}.txt`;
const SAME_BYTES: Command = {
  name: "Hono route on Bun, same bytes",
  cmd: "node_modules/.bin/bun",
  args: (_root, port) => [
    "scripts/bench_http.ts",
    "--ceiling-server",
    `--port=${port}`,
    `--body-file=${answerFile}`,
  ],
};

/** The same-bytes route for the modern row: task-mcp's 2026-07-28 answer, a JSON document. */
const modernAnswerFile = `${tmpdir()}/task-mcp-bench-answer-modern-${process.pid}.json`;
const SAME_MODERN: Command = {
  name: "Hono route on Bun, same bytes (2026-07-28)",
  cmd: "node_modules/.bin/bun",
  args: (_root, port) => [
    "scripts/bench_http.ts",
    "--ceiling-server",
    `--port=${port}`,
    `--body-file=${modernAnswerFile}`,
    "--content-type=application/json",
  ],
};

/**
 * Saves one real `changes_active` answer of task-mcp for {@link SAME_BYTES} (2025, SSE) and
 * {@link SAME_MODERN} (2026-07-28, JSON), checking that the modern one is a result.
 */
async function captureAnswer(url: string): Promise<void> {
  const headers = await mcpSession(url);
  const answer = await fetch(`${url}/mcp`, { method: "POST", headers, body: callBody(1) });
  writeFileSync(answerFile, await answer.text());
  const modern = await fetch(`${url}/mcp`, {
    method: "POST",
    headers: MODERN_HEADERS,
    body: modernCallBody(1),
  });
  const text = await modern.text();
  const type = modern.headers.get("content-type") ?? "";
  const parsed = type.startsWith("application/json") ? JSON.parse(text) : undefined;
  if (modern.status !== 200 || !parsed?.result || parsed.result.isError) {
    throw new Error(`the 2026-07-28 call did not answer a JSON result: ${text.slice(0, 300)}`);
  }
  writeFileSync(modernAnswerFile, text);
}

interface Running {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a server on a free port and waits for its `listening` log line. */
function start(command: Command, root: string): Promise<Running> {
  // RATE_LIMIT=0: the load generator is one client sending thousands of requests a second.
  const child = spawn(command.cmd, command.args(root, 0), {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, RATE_LIMIT: "0" },
  });
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      buffer += chunk;
      const match = /"msg":"listening".*?"port":(\d+)/.exec(buffer);
      if (!match) return;
      child.stderr!.removeAllListeners("data");
      child.stderr!.resume();
      resolve({
        url: `http://127.0.0.1:${match[1]}`,
        child,
        stop: () =>
          new Promise((done) => {
            child.on("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
    child.on("exit", (code) => reject(new Error(`${command.name} exited (${code}): ${buffer}`)));
  });
}

const MCP_HEADERS = {
  "Content-Type": "application/json",
  "Accept": "application/json, text/event-stream",
};

/** One connection of the load: its session set up with `fetch`, its requests over a socket. */
type Connect = (url: string) => Promise<LoadConnection>;

async function mcpSession(url: string): Promise<Record<string, string>> {
  const init = await fetch(`${url}/mcp`, {
    method: "POST",
    headers: MCP_HEADERS,
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "bench", version: "1" },
      },
    }),
  });
  const session = init.headers.get("mcp-session-id") ?? "";
  await init.text();
  const headers = {
    ...MCP_HEADERS,
    "Mcp-Session-Id": session,
    "MCP-Protocol-Version": "2025-06-18",
  };
  await (await fetch(`${url}/mcp`, {
    method: "POST",
    headers,
    body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
  })).text();
  return headers;
}

const callBody = (id: number) =>
  JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: { name: "changes_active", arguments: { limit: 50 } },
  });

const mcpConnection: Connect = async (url) => {
  const headers = await mcpSession(url);
  let id = 1;
  return { headers, body: () => callBody(id++) };
};

/** 2026-07-28: every request stands alone, its revision and capabilities in `_meta`. */
const MODERN_HEADERS = {
  ...MCP_HEADERS,
  "MCP-Protocol-Version": "2026-07-28",
  "Mcp-Method": "tools/call",
  "Mcp-Name": "changes_active",
};
const modernCallBody = (id: number) =>
  JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: {
      name: "changes_active",
      arguments: { limit: 50 },
      _meta: {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": { name: "bench", version: "1" },
      },
    },
  });
const modernConnection: Connect = () => {
  let id = 1;
  return Promise.resolve({ headers: MODERN_HEADERS, body: () => modernCallBody(id++) });
};

const ndjsonConnection: Connect = () =>
  Promise.resolve({
    headers: { "Content-Type": "application/json", "Accept": "application/x-ndjson" },
    body: () => JSON.stringify({ tool: "changes_active", input: { limit: 50 } }),
  });

const ceilingConnection: Connect = () => Promise.resolve({ headers: {}, body: () => "" });

/** Runs `CONNECTIONS` connections for `SECONDS` (after a one-second warm-up). */
async function load(
  url: string,
  connect: Connect,
  request: { path: string; method: string; expect: string },
): Promise<LoadResult> {
  const connections = await Promise.all(Array.from({ length: CONNECTIONS }, () => connect(url)));
  return await httpLoad({
    url: `${url}${request.path}`,
    method: request.method,
    connections,
    seconds: SECONDS,
    warmupMs: 1000,
    expect: request.expect,
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Spawn → first 200 on /healthz, polling every 2 ms. */
async function coldStart(command: Command, root: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const port = await freePort();
    const t0 = performance.now();
    const child = spawn(command.cmd, command.args(root, port), { stdio: "ignore" });
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (performance.now() - t0 > 20_000) throw new Error(`${command.name} did not start`);
      await new Promise((r) => setTimeout(r, 2));
    }
    times.push(performance.now() - t0);
    await new Promise<void>((done) => {
      child.on("exit", () => done());
      child.kill("SIGTERM");
    });
  }
  return times;
}

/** Resident memory of an idle server after one request, in MiB. */
async function idleRss(running: Running): Promise<number> {
  await (await fetch(`${running.url}/healthz`)).text();
  await new Promise((r) => setTimeout(r, 1000));
  const status = readFileSync(`/proc/${running.child.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const f = (x: number, digits = 1) => x.toFixed(digits);
const started = new Date().toISOString();
console.error(`building a repository of ${CHANGES} changes…`);
const root = makeBenchRepo(CHANGES, "task-mcp-bench-http-");

const rows: string[] = [];
const rss: string[] = [];
const MCP_CALL = { path: "/mcp", method: "POST", expect: `"total":${CHANGES}` };
const scenarios: [string, Command, string, Connect, typeof MCP_CALL][] = [
  ["mcp", TASK_MCP, "MCP Streamable HTTP, `tools/call` (SSE answer)", mcpConnection, MCP_CALL],
  ["modern", TASK_MCP, "MCP 2026-07-28, stateless `tools/call` (JSON answer)", modernConnection, {
    ...MCP_CALL,
    // A JSON result (an error has no page); the first answer was checked in full.
    expect: `"total":${CHANGES}`,
  }],
  ["ndjson", TASK_MCP, "NDJSON tool envelope, `POST /mcp`", ndjsonConnection, {
    ...MCP_CALL,
    expect: '"type":"result"',
  }],
  ["peer", PEER, "MCP Streamable HTTP, `tools/call` (SSE answer)", mcpConnection, MCP_CALL],
  ["ceiling", CEILING, "`GET /json` (no tool, no disk)", ceilingConnection, {
    path: "/json",
    method: "GET",
    expect: '"ok":true',
  }],
  [
    "same",
    SAME_BYTES,
    "`POST /mcp`, a constant answer of the same bytes",
    mcpConnection,
    MCP_CALL,
  ],
  [
    "same-modern",
    SAME_MODERN,
    "`POST /mcp`, a constant answer of the 2026-07-28 bytes",
    modernConnection,
    MCP_CALL,
  ],
];
if (BASELINE) {
  scenarios.splice(2, 0, [
    "mcp-base",
    BASE,
    "MCP Streamable HTTP, `tools/call` (SSE answer)",
    mcpConnection,
    MCP_CALL,
  ], [
    "modern-base",
    BASE,
    "MCP 2026-07-28, stateless `tools/call` (JSON answer)",
    modernConnection,
    MCP_CALL,
  ], ["ndjson-base", BASE, "NDJSON tool envelope, `POST /mcp`", ndjsonConnection, {
    ...MCP_CALL,
    expect: '"type":"result"',
  }]);
}
const measured: Record<string, LoadResult[]> = {};
for (let round = 1; round <= ROUNDS; round++) {
  for (const [key, command, what, connect, request] of scenarios) {
    console.error(`round ${round}/${ROUNDS} ${command.name}: ${what}`);
    const running = await start(command, root);
    try {
      if (
        round === 1 && command !== SAME_BYTES && command !== SAME_MODERN &&
        !rss.some((line) => line.includes(command.name))
      ) {
        rss.push(`| ${command.name} | ${f(await idleRss(running))} |`);
      }
      if (command === TASK_MCP && !existsSync(answerFile)) await captureAnswer(running.url);
      (measured[key] ??= []).push(await load(running.url, connect, request));
    } finally {
      await running.stop();
    }
  }
}
/** Each row's round of median req/s. */
const results: Record<string, LoadResult> = {};
for (const [key, command, what] of scenarios) {
  const r = results[key] = [...measured[key]!].sort((a, b) => a.rps - b.rps)[
    Math.floor(measured[key]!.length / 2)
  ]!;
  const all = measured[key]!.map((m) => f(m.rps, 0)).join(", ");
  rows.push(
    `| ${command.name} | ${what} | ${r.requests} | ${f(r.rps, 0)} (${all}) | ${f(r.p50)} | ${
      f(r.p99)
    } |`,
  );
}
const answerBytes = statSync(answerFile).size;
const modernBytes = statSync(modernAnswerFile).size;
const ratio = (a: string, b: string) => f(results[a]!.rps / results[b]!.rps, 2);
/** The share of `b` in each round (rows of one round ran minutes apart at most). */
const rounds = (a: string, b: string) =>
  measured[a]!.map((m, i) => f(m.rps / measured[b]![i]!.rps, 2)).join(", ");
const ratios = [
  `| MCP Streamable HTTP | ${ratio("mcp", "peer")}× | ${ratio("mcp", "ceiling")} | ${
    ratio("mcp", "same")
  } (${rounds("mcp", "same")}) | ${results.mcp!.p99 <= results.peer!.p50 ? "yes" : "no"} |`,
  `| MCP 2026-07-28 (stateless) | ${ratio("modern", "peer")}× | ${ratio("modern", "ceiling")} | ${
    ratio("modern", "same-modern")
  } (${rounds("modern", "same-modern")}) | ${
    results.modern!.p99 <= results.peer!.p50 ? "yes" : "no"
  } |`,
  `| NDJSON envelope | ${ratio("ndjson", "peer")}× | ${ratio("ndjson", "ceiling")} | ${
    ratio("ndjson", "same")
  } (${rounds("ndjson", "same")}) | ${results.ndjson!.p99 <= results.peer!.p50 ? "yes" : "no"} |`,
];
const versusBaseline = BASELINE
  ? `\nAgainst the baseline binary in the same run: Streamable HTTP ${
    ratio("mcp", "mcp-base")
  }× its req/s, 2026-07-28 ${ratio("modern", "modern-base")}×, NDJSON ${
    ratio("ndjson", "ndjson-base")
  }×.\n`
  : "";
rmSync(answerFile, { force: true });
rmSync(modernAnswerFile, { force: true });
console.error("cold starts");
const empty = makeBenchRepo(0, "task-mcp-bench-http-");
const cold = [
  `| ${TASK_MCP.name} | ${f(median(await coldStart(TASK_MCP, empty)))} |`,
  ...(BASELINE ? [`| ${BASE.name} | ${f(median(await coldStart(BASE, empty)))} |`] : []),
  `| ${PEER.name} | ${f(median(await coldStart(PEER, empty)))} |`,
];

const report = `# HTTP benchmark

Command: \`bun scripts/bench_http.ts --changes=${CHANGES} --connections=${CONNECTIONS} --seconds=${SECONDS} --rounds=${ROUNDS} --runs=${RUNS}${
  BASELINE ? ` --baseline=${BASELINE}` : ""
}\`
(run ${started}, ${process.platform}/${process.arch}, ${cpus().length} CPUs; the load generator,
\`scripts/http_load.ts\` on Bun — keep-alive raw sockets, each answer's framing parsed and its body
checked — runs on the same machine). Latencies in milliseconds, measured by the client.

## \`changes_active\`, first page of 50, ${CHANGES} changes, ${CONNECTIONS} concurrent connections, ${SECONDS} s

Each row was measured ${ROUNDS} times, the rows taking turns; the table shows the round of median
req/s (every round's req/s in brackets), and the ratios below are of those medians.

| server | request | requests | req/s | p50 | p99 |
| --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

Each MCP connection is its own session (initialize + \`notifications/initialized\` first). task-mcp
answers \`tools/call\` from a client that accepts SSE as an event stream, as the SDK peer does.
One answer is ${answerBytes} bytes: the page's structured content, its JSON text copy (the MCP
spec's backwards-compatible form) and a one-line-per-change summary. The last row serves those
same bytes from a Hono route that does nothing else: the most this runtime and framework allow for
an answer of that size, with the load generator on the same cores. The 2026-07-28 rows send no
initialize and no session id: each \`tools/call\` carries the revision and the client's
capabilities in \`_meta\` and the \`MCP-Protocol-Version\`, \`Mcp-Method\` and \`Mcp-Name\`
headers; its answer is one JSON document of ${modernBytes} bytes, which the route of the
2026-07-28 bytes serves (the modern row's share is of that route).

| task-mcp over | × SDK peer req/s | share of \`GET /json\` | share of same bytes (each round's) | p99 ≤ peer p50 |
| --- | --- | --- | --- | --- |
${ratios.join("\n")}
${versusBaseline}
## Cold start: spawn → first 200 on \`/healthz\` (median of ${RUNS})

| server | ms |
| --- | --- |
${cold.join("\n")}

## Idle RSS after start-up and one request

| server | MiB |
| --- | --- |
${rss.join("\n")}

The peer is \`scripts/peer/sdk_http_server.mjs\`: \`McpServer\` + \`StreamableHTTPServerTransport\` from
\`@modelcontextprotocol/sdk\` with express on Node, one transport per session as in the SDK's
examples, listing the same folders (readdir, sort, then reading proposal.md and tasks.md of the
page's changes). The ceiling is a Hono app on \`Bun.serve\` returning a constant JSON object.
`;
mkdirSync(OUT.slice(0, OUT.lastIndexOf("/")), { recursive: true });
writeFileSync(OUT, report);
console.log(report);
process.exit(0);
