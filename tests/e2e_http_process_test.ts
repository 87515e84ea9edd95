/**
 * `task-mcp serve` as a process: clean-up after clients that go away, graceful shutdown on
 * SIGTERM, DNS-rebinding protection, and (on the compiled binary, i.e. Bun) streams that
 * outlive Bun's default 10 s idle timeout.
 */
import { assert, assertEquals } from "@std/assert";
import { eventReader } from "../src/http/_test_sse.ts";
import { type HttpServer, startHttpServer, withHttpServer } from "./helpers/http_server.ts";
import { tempProject } from "./helpers/repo.ts";
import { INITIALIZE, MCP_HEADERS as MCP } from "../src/mcp/_test_mcp.ts";
import { eachTarget, targets } from "./helpers/targets.ts";

async function counts(server: HttpServer): Promise<Record<string, number>> {
  return (await (await fetch(`${server.url}/health`)).json()).checks.sessions.details;
}

async function settle(server: HttpServer, want: Record<string, number>) {
  let last: Record<string, number> = {};
  for (let i = 0; i < 100; i++) {
    last = await counts(server);
    if (Object.entries(want).every(([k, v]) => last[k] === v)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`expected ${JSON.stringify(want)}, got ${JSON.stringify(last)}`);
}

/** Opens a Streamable HTTP session and its GET stream. */
async function openSession(url: string) {
  const init = await fetch(`${url}/mcp`, {
    method: "POST",
    headers: MCP,
    body: JSON.stringify(INITIALIZE),
  });
  const id = init.headers.get("mcp-session-id")!;
  await init.body?.cancel();
  const headers = { "Mcp-Session-Id": id };
  await (await fetch(`${url}/mcp`, {
    method: "POST",
    headers: { ...MCP, ...headers },
    body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
  })).body?.cancel();
  const stream = await fetch(`${url}/mcp`, {
    headers: { ...headers, Accept: "text/event-stream" },
  });
  return { id, headers, reader: eventReader(stream.body!) };
}

eachTarget("clients that disconnect mid-stream leave no session, stream or timer", async (t) => {
  await withHttpServer(t, await tempProject(), async (server) => {
    const legacy = eventReader((await fetch(`${server.url}/sse`)).body!);
    assertEquals((await legacy.next())?.event, "endpoint");
    const mcp = await openSession(server.url);
    assertEquals((await mcp.reader.next())?.comment, "stream open");
    await settle(server, { legacySseSessions: 1, mcpSessions: 1, openStreams: 2, timers: 2 });

    await legacy.cancel();
    await mcp.reader.cancel();
    await settle(server, { legacySseSessions: 0, mcpSessions: 1, openStreams: 0, timers: 0 });
    const deleted = await fetch(`${server.url}/mcp`, { method: "DELETE", headers: mcp.headers });
    assertEquals(deleted.status, 200);
    await settle(server, { mcpSessions: 0, inFlightCalls: 0 });
  }, { env: { KEEPALIVE_INTERVAL_MS: "100" } });
});

eachTarget("SIGTERM ends open streams with a final event and exits 0", async (t) => {
  const server = await startHttpServer(t, await tempProject());
  try {
    const legacy = eventReader((await fetch(`${server.url}/sse`)).body!);
    await legacy.next();
    const mcp = await openSession(server.url);
    await mcp.reader.next();
    const stopped = server.stop("SIGTERM");
    assertEquals((await legacy.until((e) => e.event === "shutdown")).event, "shutdown");
    assertEquals((await mcp.reader.until((e) => e.event === "shutdown")).event, "shutdown");
    assertEquals(await legacy.next(), undefined);
    const status = await stopped;
    assertEquals(status.code, 0);
    const messages = server.stderr().map((line) => JSON.parse(line).msg);
    assert(messages.includes("shutting down") && messages.includes("stopped"), messages.join());
  } finally {
    await server.stop("SIGKILL");
  }
});

eachTarget("a foreign Host or Origin is refused with 403; probes stay open", async (t) => {
  await withHttpServer(t, await tempProject(), async ({ url }) => {
    const evil = await fetch(`${url}/mcp`, {
      method: "POST",
      headers: { ...MCP, Origin: "http://evil.example.com" },
      body: JSON.stringify(INITIALIZE),
    });
    assertEquals(evil.status, 403);
    await evil.body?.cancel();
    const ok = await fetch(`${url}/mcp`, {
      method: "POST",
      headers: { ...MCP, Origin: url },
      body: JSON.stringify(INITIALIZE),
    });
    assertEquals(ok.status, 200);
    await ok.body?.cancel();
  });
});

Deno.test({
  name: "[binary] a quiet event stream outlives Bun's default 10 s idle timeout",
  ignore: !targets().some((target) => target.name === "binary"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const binary = targets().find((target) => target.name === "binary")!;
    // Keep-alives far apart, so only the raised idleTimeout keeps the connection open.
    await withHttpServer(binary, await tempProject(), async (server) => {
      const mcp = await openSession(server.url);
      await mcp.reader.next();
      // Bun's timer is coarse: a 10 s timeout fires at about 12 s.
      await new Promise((r) => setTimeout(r, 14_000));
      assertEquals((await counts(server)).openStreams, 1);
      const ping = await fetch(`${server.url}/mcp`, {
        method: "POST",
        headers: { ...MCP, ...mcp.headers },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
      });
      assertEquals((await ping.json()).result, {});
      await mcp.reader.cancel();
    }, { env: { KEEPALIVE_INTERVAL_MS: "200000" } });
  },
});
