/**
 * Limits of a running server (compiled binary and source under Deno): the rate limit's burst,
 * 429 and recovery; a 10 MB body; a body trickling at a byte a second; malformed and absurdly
 * nested JSON; and the request timeout cancelling a mutation stuck behind another process's
 * repository lock.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { MCP_HEADERS } from "../src/mcp/_test_mcp.ts";
import { withHttpServer } from "./helpers/http_server.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const TOKEN = "limits-token-0123456789abcdef";
const AUTH = { Authorization: `Bearer ${TOKEN}` };

eachTarget(
  "limits: 429 after the burst, with the headers, and recovery after the window",
  async (t) => {
    await withHttpServer(t, await tempProject(), async ({ url }) => {
      const get = async (headers: Record<string, string> = AUTH) => {
        const res = await fetch(`${url}/health`, { headers });
        const body = await res.json();
        return { res, body };
      };
      const started = Date.now();
      for (let i = 0; i < 3; i++) {
        const { res } = await get();
        assertEquals(res.status, 200);
        assertEquals(res.headers.get("x-ratelimit-limit"), "2");
        assertEquals(res.headers.get("x-ratelimit-remaining"), String(2 - i));
        assertEquals(res.headers.get("x-ratelimit-window"), "1");
        assertMatch(res.headers.get("x-ratelimit-reset")!, /^\d{10}$/);
      }
      const { res, body } = await get();
      assertEquals(res.status, 429);
      assertEquals(res.headers.get("retry-after"), "1");
      assertEquals(res.headers.get("x-ratelimit-retry-after"), "1");
      assertEquals(res.headers.get("x-ratelimit-remaining"), "0");
      assertEquals(body.error.code, "RATE_LIMIT_EXCEEDED");
      assertEquals(body.error.message, "Rate limit exceeded");
      assertEquals(body.error.retryAfter, 1);
      assertEquals(body.error.details, { limit: 2, burst: 3, window: "1 second", current: 4 });
      // Another client — here, no token: keyed by address — has its own bucket.
      assertEquals((await get({})).res.status, 401);
      // The container probes are never limited.
      for (let i = 0; i < 5; i++) {
        assertEquals(
          (await fetch(`${url}/healthz`).then((r) => (r.body?.cancel(), r))).status,
          200,
        );
      }
      // A window later, `limit` requests are back.
      await new Promise((r) => setTimeout(r, Math.max(0, 1050 - (Date.now() - started))));
      assertEquals((await get()).res.status, 200);
      assertEquals((await get()).res.status, 200);
      assertEquals((await get()).res.status, 429);
    }, {
      env: {
        AUTH_TOKENS: TOKEN,
        RATE_LIMIT: "2",
        RATE_LIMIT_BURST: "3",
        RATE_LIMIT_WINDOW_MS: "1000",
      },
    });
  },
);

/** Writes `head` to a raw connection, then `body` one byte per `gapMs`, and reads the answer. */
async function trickle(port: number, head: string, body: string, gapMs: number) {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const encoder = new TextEncoder();
  let stop = false;
  const writing = (async () => {
    await conn.write(encoder.encode(head));
    for (const ch of body) {
      if (stop) return;
      await new Promise((r) => setTimeout(r, gapMs));
      await conn.write(encoder.encode(ch)).catch(() => stop = true);
    }
  })();
  const started = performance.now();
  const buffer = new Uint8Array(4096);
  const n = await conn.read(buffer).catch(() => null);
  const elapsed = performance.now() - started;
  let text = new TextDecoder().decode(buffer.subarray(0, n ?? 0));
  // The head and the body of the answer may arrive in separate reads: read on until the
  // server closes the connection (it answers with Connection: close), for 2 s at most.
  const deadline = performance.now() + 2000;
  while (n !== null && performance.now() < deadline) {
    const timer = new Promise<null>((r) => setTimeout(() => r(null), 200));
    const more = await Promise.race([conn.read(buffer).catch(() => null), timer]);
    if (more === null) break;
    text += new TextDecoder().decode(buffer.subarray(0, more));
  }
  stop = true;
  await writing.catch(() => {});
  conn.close();
  return { text, elapsed };
}

eachTarget("limits: 10 MB bodies are refused with 413, a 1 byte/s body is cut off", async (t) => {
  await withHttpServer(t, await tempProject(), async ({ url, port }) => {
    const huge = new Uint8Array(10 * 1024 * 1024).fill(0x20);
    for (const path of ["/sse", "/mcp", "/messages?sessionId=x"]) {
      const declared = await fetch(`${url}${path}`, { method: "POST", body: huge });
      assertEquals(declared.status, 413, path);
      await declared.body?.cancel();
    }
    // Chunked, without Content-Length: cut off while reading.
    const chunked = await fetch(`${url}/mcp`, {
      method: "POST",
      headers: { Accept: "application/json, text/event-stream" },
      body: new Blob([huge]).stream(),
    });
    assertEquals(chunked.status, 413);
    await chunked.body?.cancel();

    const body = JSON.stringify({ tool: "changes_active", input: {} });
    const head =
      `POST /sse HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
      `Accept: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const slow = await trickle(port, head, body, 1000);
    assertMatch(slow.text, /^HTTP\/1\.1 408/);
    assert(slow.text.includes("REQUEST_TIMEOUT"), slow.text);
    assert(slow.elapsed < 4000, `answered after ${slow.elapsed} ms`);
    // The server is fine.
    const health = await fetch(`${url}/healthz`);
    assertEquals(health.status, 200);
    await health.body?.cancel();
  }, { env: { RATE_LIMIT: "0", BODY_TIMEOUT_MS: "1500" } });
});

eachTarget(
  "limits: malformed and 100k-deep JSON are answered, and the server stays up",
  async (t) => {
    await withHttpServer(t, await tempProject(), async ({ url }) => {
      const deep = "[".repeat(100_000) + "]".repeat(100_000);
      const deepObject = '{"a":'.repeat(50_000) + "1" + "}".repeat(50_000);
      const bodies = [
        "{",
        "",
        "\u0000",
        '{"jsonrpc":"2.0","id":1,"method":',
        deep,
        "[".repeat(100_000),
        deepObject,
        `{"tool":"change_open","input":{"title":${deep},"slug":"deep-one"}}`,
        `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"change_show","arguments":${deep}}}`,
        `[${'{"jsonrpc":"2.0","id":1,"method":"ping"},'.repeat(2000)}1]`,
      ];
      for (const body of bodies) {
        for (const path of ["/mcp", "/sse"]) {
          const started = performance.now();
          const res = await fetch(`${url}${path}`, {
            method: "POST",
            headers: MCP_HEADERS,
            body,
            signal: AbortSignal.timeout(20_000),
          });
          assert(res.status < 500, `${path} ${body.slice(0, 40)}: ${res.status}`);
          await res.body?.cancel();
          // Refused at the door: nesting is checked before anything walks the value (walking
          // a 100k-deep value costs JavaScriptCore seconds).
          if (body.length > 100_000 && body.includes("[[[[")) {
            assertEquals(res.status, 400, `${path} ${body.slice(0, 40)}`);
          }
          const elapsed = performance.now() - started;
          assert(elapsed < 1500, `${path} ${body.slice(0, 40)} took ${elapsed} ms`);
        }
      }
      const health = await fetch(`${url}/healthz`);
      assertEquals(health.status, 200);
      await health.body?.cancel();
    }, { env: { RATE_LIMIT: "0" } });
  },
);

eachTarget("limits: a timed-out mutation is answered REQUEST_TIMEOUT and never runs", async (t) => {
  const root = await tempProject();
  await withHttpServer(t, root, async ({ url }) => {
    // Another live process (this test) holds the repository lock: the mutation must wait.
    const lock = `${root}/openspec/.task-mcp/lock`;
    await Deno.mkdir(lock, { recursive: true });
    await Deno.writeTextFile(`${lock}/owner`, JSON.stringify({ pid: Deno.pid, at: Date.now() }));
    const started = performance.now();
    const res = await fetch(`${url}/sse`, {
      method: "POST",
      headers: { Accept: "application/json" },
      body: JSON.stringify({
        tool: "change.open",
        input: { title: "Stuck", slug: "stuck-change" },
      }),
    });
    const elapsed = performance.now() - started;
    assertEquals(res.status, 504);
    const body = await res.json();
    assertEquals(body.error.code, "REQUEST_TIMEOUT");
    assertEquals(body.error.message, "Request timed out after 1 second");
    assert(elapsed < 3000, `took ${elapsed} ms`);
    // Release the lock: the queued mutation sees its cancelled signal and does nothing.
    await Deno.remove(lock, { recursive: true });
    await new Promise((r) => setTimeout(r, 500));
    const changes = await Array.fromAsync(Deno.readDir(`${root}/openspec/changes`)).catch(() => []);
    assertEquals(changes.filter((e) => e.name === "stuck-change"), []);
    // The server is not stuck: the next mutation runs.
    const next = await fetch(`${url}/sse`, {
      method: "POST",
      headers: { Accept: "application/json" },
      body: JSON.stringify({ tool: "change.open", input: { title: "Next", slug: "next-change" } }),
    });
    assertEquals(next.status, 200);
    await next.body?.cancel();
  }, { env: { RATE_LIMIT: "0", REQUEST_TIMEOUT_MS: "1000" } });
});
