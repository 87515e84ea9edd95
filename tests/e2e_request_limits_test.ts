/**
 * One request must not stall the server or blow up its memory: a batch of 15,000 `tools/list`
 * (736 KB, within the body limit) over stdio and over HTTP, and a value nested 100,000 deep on a
 * stdio line, are refused at once, with the process's peak memory staying small.
 */
import { assert, assertEquals } from "@std/assert";
import { initializeMessage, MCP_HEADERS, sessionHeaders } from "../src/mcp/_test_mcp.ts";
import { withHttpServer } from "./helpers/http_server.ts";
import { initialize, spawnRaw } from "./helpers/raw.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const BATCH = 15_000;
const manyToolLists = (from: number) =>
  Array.from({ length: BATCH }, (_, i) => ({ jsonrpc: "2.0", id: from + i, method: "tools/list" }));

/** Peak resident memory of a process, in MB (Linux `/proc`); undefined elsewhere. */
async function peakRssMb(pid: number): Promise<number | undefined> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`).catch(() => undefined);
  const kb = status?.match(/^VmHWM:\s+(\d+) kB$/m)?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}

// Answering the batch built a 90 MB answer first (peak 733 MB over HTTP, 2.7 GB over stdio).
// A server idles at 30–60 MB (binary) or 100–150 MB (Deno); the bound leaves room for either.
const PEAK_RSS_MB = 320;

eachTarget(
  "limits: a 15,000-message batch over stdio is refused before any of it runs",
  async (t) => {
    const root = await tempProject();
    const server = spawnRaw(t, root);
    try {
      await server.send(initializeMessage("2025-03-26"));
      await server.response(0);
      await server.send({ jsonrpc: "2.0", method: "notifications/initialized" });
      const started = performance.now();
      await server.send(manyToolLists(1));
      const answer = await server.next(20_000);
      const error = answer.error as { code: number; message: string };
      assertEquals(answer.id, null);
      assertEquals(error.code, -32600);
      assertEquals(error.message, `Batch too large: ${BATCH} messages, at most 100`);
      assert(performance.now() - started < 5000, "the refusal took too long");
      const peak = await peakRssMb(server.process.pid);
      if (peak !== undefined) assert(peak < PEAK_RSS_MB, `peak RSS ${Math.round(peak)} MB`);
      // A batch within the cap is still answered.
      await server.send(manyToolLists(100_000).slice(0, 3));
      const small = await server.next();
      assertEquals((small as unknown as unknown[]).length, 3);
    } finally {
      await server.closeStdin();
      await server.status();
      await Deno.remove(root, { recursive: true });
    }
  },
);

eachTarget(
  "limits: a value nested 100,000 deep on stdio is a -32600 at once, without a stack trace",
  async (t) => {
    const root = await tempProject();
    const server = spawnRaw(t, root);
    try {
      await initialize(server);
      const started = performance.now();
      const deep = "[".repeat(100_000) + "]".repeat(100_000);
      await server.write(`{"jsonrpc":"2.0","id":7,"method":"tools/call","params":${deep}}\n`);
      const answer = await server.next(20_000);
      const error = answer.error as { code: number; message: string };
      assertEquals(error.code, -32600);
      assertEquals(error.message, "Message nests deeper than 64 levels");
      assert(performance.now() - started < 1000, "the refusal took too long");
      // The session goes on.
      await server.send({ jsonrpc: "2.0", id: 8, method: "ping" });
      assertEquals((await server.response(8)).result, {});
    } finally {
      await server.closeStdin();
      await server.status();
      await Deno.remove(root, { recursive: true });
    }
    const stderr = await server.stderr();
    assert(!/\n\s+at /.test(stderr), `a stack trace on stderr:\n${stderr.slice(0, 2000)}`);
  },
);

eachTarget(
  "limits: a 15,000-message batch over HTTP is refused before any of it runs",
  async (t) => {
    const root = await tempProject();
    await withHttpServer(t, root, async ({ url, process }) => {
      const init = await fetch(`${url}/mcp`, {
        method: "POST",
        headers: MCP_HEADERS,
        body: JSON.stringify(initializeMessage("2025-03-26")),
      });
      await init.body?.cancel();
      const session = sessionHeaders(init.headers.get("mcp-session-id") ?? "", "2025-03-26");
      const started = performance.now();
      const res = await fetch(`${url}/mcp`, {
        method: "POST",
        headers: session,
        body: JSON.stringify(manyToolLists(1)),
      });
      const text = await res.text();
      assert(performance.now() - started < 5000, "the refusal took too long");
      const head = text.slice(0, 300);
      assert(text.includes("Batch too large: 15000 messages, at most 100"), head);
      assert(text.length < 1000, `a ${text.length}-character answer: ${head}`);
      const peak = await peakRssMb(process.pid);
      if (peak !== undefined) assert(peak < PEAK_RSS_MB, `peak RSS ${Math.round(peak)} MB`);
    }, { env: { RATE_LIMIT: "0" } });
    await Deno.remove(root, { recursive: true });
  },
);
