/**
 * Many open event streams at once: N legacy `GET /sse` streams held open on the compiled
 * binary for S seconds, checking that every stream receives its keep-alive on time and
 * sampling the server's resident memory.
 *
 * Usage: `bun scripts/bench_streams.ts [--streams=10000] [--seconds=60] [--interval=5000]
 * [--out=bench/streams.md]`. Needs `ulimit -n` above the stream count (client and server are
 * separate processes, each holding one socket per stream).
 *
 * @module
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import process from "node:process";

const option = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const STREAMS = Number(option("streams", "10000"));
const SECONDS = Number(option("seconds", "60"));
const INTERVAL = Number(option("interval", "5000"));
const OUT = option("out", "bench/streams.md");

const rssMiB = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

const root = mkdtempSync(`${tmpdir()}/task-mcp-streams-`);
mkdirSync(`${root}/openspec/changes/archive`, { recursive: true });
const server = spawn("dist/task-mcp", ["serve", "--root", root, "--port", "0"], {
  stdio: ["ignore", "ignore", "pipe"],
  env: {
    ...process.env,
    KEEPALIVE_INTERVAL_MS: String(INTERVAL),
    MAX_SESSIONS: String(STREAMS + 100),
    MAX_STREAMS: String(STREAMS + 100),
    RATE_LIMIT: "1000000",
    RATE_LIMIT_BURST: "1000000",
    LOG_LEVEL: "info",
  },
});
const port = await new Promise<number>((resolve, reject) => {
  let buffer = "";
  server.stderr!.setEncoding("utf8");
  server.stderr!.on("data", (chunk: string) => {
    buffer += chunk;
    const match = /"msg":"listening".*?"port":(\d+)/.exec(buffer);
    if (match) resolve(Number(match[1]));
  });
  server.on("exit", (code) => reject(new Error(`server exited (${code}): ${buffer}`)));
});
const idle = rssMiB(server.pid!);

interface Stream {
  socket: Socket;
  last: number;
  maxGap: number;
  beats: number;
  open: boolean;
}
const streams: Stream[] = [];
const request = `GET /sse HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`;

function open(): Promise<void> {
  return new Promise((resolve, reject) => {
    const s: Stream = {
      socket: connect(port, "127.0.0.1"),
      last: 0,
      maxGap: 0,
      beats: 0,
      open: true,
    };
    s.socket.setEncoding("utf8");
    s.socket.once("error", reject);
    s.socket.on("close", () => s.open = false);
    s.socket.on("data", (chunk: string) => {
      const now = performance.now();
      if (s.last === 0) resolve();
      else s.maxGap = Math.max(s.maxGap, now - s.last);
      s.last = now;
      s.beats += chunk.split("\n: ").length - 1;
    });
    s.socket.write(request);
    streams.push(s);
  });
}

const t0 = performance.now();
for (let i = 0; i < STREAMS; i += 250) {
  await Promise.all(Array.from({ length: Math.min(250, STREAMS - i) }, open));
}
const openedIn = (performance.now() - t0) / 1000;
const measureFrom = performance.now();
for (const s of streams) s.maxGap = 0;
let peak = 0;
for (let t = 0; t < SECONDS; t++) {
  await new Promise((r) => setTimeout(r, 1000));
  peak = Math.max(peak, rssMiB(server.pid!));
}
const elapsed = (performance.now() - measureFrom) / 1000;
const alive = streams.filter((s) => s.open).length;
const gaps = streams.map((s) => s.maxGap).sort((a, b) => a - b);
const late = gaps.filter((g) => g > INTERVAL * 1.5).length;
const pct = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * p))]!;
for (const s of streams) s.socket.destroy();
server.kill("SIGTERM");

const report = `# Open event streams

Command: \`bun scripts/bench_streams.ts --streams=${STREAMS} --seconds=${SECONDS} --interval=${INTERVAL}\`
(run ${
  new Date().toISOString()
}, ${process.platform}/${process.arch}, client and server on one machine).

${STREAMS} legacy \`GET /sse\` streams on the compiled binary, keep-alive every ${INTERVAL} ms,
held for ${elapsed.toFixed(0)} s after all were open (opening took ${openedIn.toFixed(1)} s).

| measure | value |
| --- | --- |
| streams still open at the end | ${alive} of ${STREAMS} |
| longest silence per stream, median / p99 / max | ${pct(0.5).toFixed(0)} / ${
  pct(0.99).toFixed(0)
} / ${gaps.at(-1)!.toFixed(0)} ms |
| streams with a silence over 1.5 × the interval | ${late} |
| server RSS idle / peak with the streams open | ${idle.toFixed(1)} / ${peak.toFixed(1)} MiB |
`;
mkdirSync(OUT.slice(0, OUT.lastIndexOf("/")), { recursive: true });
writeFileSync(OUT, report);
console.log(report);
process.exit(late === 0 && alive === STREAMS ? 0 : 1);
