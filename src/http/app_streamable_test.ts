import { assert, assertEquals, assertMatch } from "@std/assert";
import { initializeMessage, MCP_HEADERS } from "../mcp/_test_mcp.ts";
import { testApp } from "./_test_app.ts";
import { eventReader, readEvents } from "./_test_sse.ts";

const INITIALIZED = { jsonrpc: "2.0", method: "notifications/initialized" };
const rpc = (id: number, method: string, params?: Record<string, unknown>) => ({
  jsonrpc: "2.0",
  id,
  method,
  ...(params ? { params } : {}),
});

/** Initializes a session and returns its id. */
async function open(t: ReturnType<typeof testApp>, version = "2025-11-25"): Promise<string> {
  const res = await t.rpc(initializeMessage(version));
  assertEquals(res.status, 200);
  const id = res.headers.get("mcp-session-id");
  assert(id);
  await res.body?.cancel();
  const ack = await t.rpc(INITIALIZED, { "Mcp-Session-Id": id });
  assertEquals([ack.status, await ack.text()], [202, ""]);
  return id;
}

Deno.test("Streamable HTTP: initialize, requests as JSON, tools/call as SSE, DELETE", async () => {
  const t = testApp();
  try {
    const init = await t.rpc(initializeMessage());
    assertEquals(init.headers.get("content-type"), "application/json");
    const body = await init.json();
    assertEquals(body.result.protocolVersion, "2025-11-25");
    assertEquals(body.result.capabilities.resources, { subscribe: true, listChanged: true });
    const id = init.headers.get("mcp-session-id")!;
    assertMatch(id, /^[\x21-\x7e]+$/);
    const session = { "Mcp-Session-Id": id, "MCP-Protocol-Version": "2025-11-25" };
    assertEquals((await t.rpc(INITIALIZED, session)).status, 202);

    const list = await t.rpc(rpc(1, "tools/list"), session);
    assertEquals(list.headers.get("mcp-session-id"), id);
    assertEquals((await list.json()).result.tools.length, 9);

    const args = { title: "Streamed", slug: "streamed-one" };
    const call = await t.rpc(
      rpc(2, "tools/call", { name: "change_open", arguments: args }),
      session,
    );
    assertEquals(call.headers.get("content-type"), "text/event-stream");
    const events = (await readEvents(call)).filter((e) => e.event === "message");
    const response = JSON.parse(events.at(-1)!.data!);
    assertEquals([response.id, response.result.structuredContent.slug], [2, "streamed-one"]);

    // A client that only takes JSON gets JSON, tools/call included.
    const json = await t.rpc(
      rpc(3, "tools/call", { name: "changes_active", arguments: {} }),
      { ...session, Accept: "application/json" },
    );
    assertEquals((await json.json()).result.structuredContent.total, 1);

    const gone = await t.request("/mcp", { method: "DELETE", headers: session });
    assertEquals(gone.status, 200);
    assertEquals((await t.rpc(rpc(4, "ping"), session)).status, 404);
    assertEquals(t.http.counts().mcpSessions, 0);
  } finally {
    await t.close();
  }
});

Deno.test("Streamable HTTP: session and header errors have the spec's statuses", async () => {
  const t = testApp();
  try {
    const missing = await t.rpc(rpc(1, "tools/list"));
    assertEquals(missing.status, 400);
    assertEquals((await missing.json()).id, null);
    const unknown = await t.rpc(rpc(1, "tools/list"), { "Mcp-Session-Id": "nope" });
    assertEquals([unknown.status, (await unknown.json()).error.code], [404, -32001]);
    const id = await open(t);
    // Any supported revision passes, even one that differs from the negotiated one.
    const other = await t.rpc(rpc(2, "ping"), {
      "Mcp-Session-Id": id,
      "MCP-Protocol-Version": "2025-03-26",
    });
    assertEquals((await other.json()).result, {});
    const future = await t.rpc(rpc(3, "ping"), {
      "Mcp-Session-Id": id,
      "MCP-Protocol-Version": "2026-07-28",
    });
    assertEquals(future.status, 400);
    await future.body?.cancel();
    const parse = await t.request("/mcp", { method: "POST", headers: MCP_HEADERS, body: "{oops" });
    assertEquals([parse.status, (await parse.json()).error.code], [400, -32700]);
    const invalid = await t.rpc({ jsonrpc: "2.0", id: 9 }, { "Mcp-Session-Id": id });
    assertEquals([invalid.status, (await invalid.json()).error.code], [400, -32600]);
    const html = await t.rpc(rpc(4, "ping"), { "Mcp-Session-Id": id, Accept: "text/html" });
    assertEquals(html.status, 406);
    await html.body?.cancel();
    const put = await t.request("/mcp", { method: "PUT" });
    assertEquals([put.status, put.headers.get("allow")], [405, "GET, POST, DELETE"]);
    await put.body?.cancel();
    const get = await t.request("/mcp", { headers: { Accept: "text/event-stream" } });
    assertEquals(get.status, 400);
    await get.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("Streamable HTTP: the GET stream carries resource notifications, one per session", async () => {
  const t = testApp({ limits: { keepAliveMs: 20 } });
  try {
    const id = await open(t);
    const headers = { "Mcp-Session-Id": id, Accept: "text/event-stream" };
    const stream = await t.request("/mcp", { headers });
    assertEquals(stream.headers.get("content-type"), "text/event-stream");
    const second = await t.request("/mcp", { headers });
    assertEquals(second.status, 409);
    await second.body?.cancel();
    const reader = eventReader(stream.body!);
    assertEquals((await reader.next())?.comment, "stream open");
    assertEquals((await reader.next())?.comment, "keep-alive");

    const call = (n: number, name: string, args: Record<string, unknown>) =>
      t.rpc(rpc(n, "tools/call", { name, arguments: args }), {
        "Mcp-Session-Id": id,
        Accept: "application/json",
      }).then((r) => r.json());
    await call(1, "change_open", { title: "Watched", slug: "watched", template: "chore" });
    const sub = await t.rpc(rpc(2, "resources/subscribe", { uri: "change://watched/tasks" }), {
      "Mcp-Session-Id": id,
    });
    assertEquals((await sub.json()).result, {});
    await call(3, "change_task", { slug: "watched", task: "1.1", done: true });
    const updated = await reader.until((e) => e.data?.includes("resources/updated") ?? false);
    assertEquals(JSON.parse(updated.data!).params.uri, "change://watched/tasks");
    assertEquals(t.http.counts().openStreams, 1);
    await reader.cancel();
    assertEquals(t.http.counts().openStreams, 0);
    assertEquals(t.http.counts().timers, 0);
    // The stream can be opened again once the first is gone.
    const again = await t.request("/mcp", { headers });
    assertEquals(again.status, 200);
    await again.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("Streamable HTTP: stateless mode has no sessions and refuses GET and DELETE", async () => {
  const t = testApp({ stateless: true });
  try {
    const init = await t.rpc(initializeMessage());
    assertEquals(init.headers.get("mcp-session-id"), null);
    assertEquals((await init.json()).result.capabilities.resources, {});
    const list = await t.rpc(rpc(1, "tools/list"), { "MCP-Protocol-Version": "2025-06-18" });
    const tools = (await list.json()).result.tools;
    assertEquals(tools[0].title, "Open a change");
    // Without the header the revision is 2025-03-26, which has no tool titles.
    const old = await (await t.rpc(rpc(2, "tools/list"))).json();
    assertEquals(old.result.tools[0].title, undefined);
    for (const method of ["GET", "DELETE"]) {
      const res = await t.request("/mcp", { method, headers: { Accept: "text/event-stream" } });
      assertEquals([res.status, res.headers.get("allow")], [405, "POST"]);
      await res.body?.cancel();
    }
    assertEquals(t.http.counts().mcpSessions, 0);
  } finally {
    await t.close();
  }
});

Deno.test("Streamable HTTP: batches on 2025-03-26, session limit and idle expiry", async () => {
  const t = testApp({ limits: { maxSessions: 1, sessionIdleMs: 0 } });
  try {
    const id = await open(t, "2025-03-26");
    const batch = await t.rpc([rpc(1, "ping"), rpc(2, "tools/list")], { "Mcp-Session-Id": id });
    const answers = await batch.json();
    assertEquals(answers.map((a: { id: number }) => a.id).sort(), [1, 2]);
    // The limit is reached, but the idle session is swept to make room.
    await new Promise((r) => setTimeout(r, 2));
    const second = await open(t);
    assert(second !== id);
    assertEquals((await t.rpc(rpc(3, "ping"), { "Mcp-Session-Id": id })).status, 404);
    // A session with an open stream is not idle: now the limit holds.
    const stream = await t.request("/mcp", {
      headers: { "Mcp-Session-Id": second, Accept: "text/event-stream" },
    });
    const third = await t.rpc(initializeMessage());
    assertEquals(third.status, 503);
    await third.body?.cancel();
    await stream.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("Host and Origin must name this server on the MCP endpoints", async () => {
  const t = testApp({ host: "127.0.0.1", allowedHosts: ["mcp.example.com"] });
  try {
    const cases: [Record<string, string>, number][] = [
      [{ Host: "evil.example.com" }, 403],
      [{ Host: "localhost:8443", Origin: "http://evil.example.com" }, 403],
      [{ Host: "127.0.0.1:1234", Origin: "null" }, 403],
      [{ Host: "localhost:8443", Origin: "http://localhost:3000" }, 200],
      [{ Host: "[::1]:8443" }, 200],
      [{ Host: "mcp.example.com" }, 200],
    ];
    for (const [headers, status] of cases) {
      const res = await t.rpc(initializeMessage(), headers);
      assertEquals(res.status, status, JSON.stringify(headers));
      if (status === 403) assertMatch((await res.json()).error.message, /^Forbidden/);
      else await res.body?.cancel();
    }
    for (const path of ["/healthz", "/readyz"]) {
      const probe = await t.request(path, { headers: { Host: "10.0.0.7:8443" } });
      assertEquals(probe.status, 200, path);
      await probe.body?.cancel();
    }
    for (const path of ["/health", "/", "/sse"]) {
      const guarded = await t.request(path, { headers: { Host: "10.0.0.7:8443" } });
      assertEquals(guarded.status, 403, path);
      await guarded.body?.cancel();
    }
    const envelope = await t.request("/sse", {
      method: "POST",
      headers: { Host: "evil.example.com" },
      body: "{}",
    });
    assertEquals(envelope.status, 403);
    await envelope.body?.cancel();
  } finally {
    await t.close();
  }
});
