import { assert, assertEquals } from "@std/assert";
import { initializeMessage, MODERN_VERSION as MODERN, modernRequest } from "../mcp/_test_mcp.ts";
import { testApp } from "./_test_app.ts";
import { secureTestApp } from "./_test_secure_app.ts";
import { eventReader } from "./_test_sse.ts";

const meta = (extra: Record<string, unknown> = {}) => ({
  "io.modelcontextprotocol/protocolVersion": MODERN,
  "io.modelcontextprotocol/clientCapabilities": {},
  ...extra,
});

/** A modern request with the standard headers a conforming client sends. */
function modern(
  t: ReturnType<typeof testApp>,
  id: number,
  method: string,
  params: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const request = modernRequest(id, method, params);
  return t.rpc(request.message, {
    ...request.headers,
    // JSON only: a call slower than 50 ms (a loaded machine) would otherwise become a stream.
    Accept: "application/json",
    ...headers,
  });
}

Deno.test("2026-07-28 over HTTP: requests stand alone, with no session and no session 404", async () => {
  const t = testApp();
  try {
    const discover = await modern(t, 1, "server/discover");
    assertEquals(discover.status, 200);
    assertEquals(discover.headers.get("mcp-session-id"), null);
    const body = await discover.json();
    assertEquals(body.result.resultType, "complete");
    assertEquals(body.result.supportedVersions[0], MODERN);
    // An unknown session id is ignored, never a 404.
    const list = await modern(t, 2, "tools/list", {}, { "Mcp-Session-Id": "no-such-session" });
    assertEquals(list.status, 200);
    assertEquals((await list.json()).result.tools.length, 9);
    const call = await modern(t, 3, "tools/call", {
      name: "change_open",
      arguments: { title: "Modern", slug: "modern-one" },
    }, { Accept: "application/json" });
    assertEquals((await call.json()).result.structuredContent.slug, "modern-one");
    assertEquals(t.http.counts().mcpSessions, 0);
    // GET and DELETE belong to 2025 sessions: a modern client gets 405.
    const get = await t.request("/mcp", {
      headers: { "MCP-Protocol-Version": MODERN, Accept: "text/event-stream" },
    });
    assertEquals([get.status, get.headers.get("allow")], [405, "POST"]);
    await get.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("2026-07-28 over HTTP: statuses and errors carry the request id", async () => {
  const t = testApp();
  try {
    const cases: [Promise<Response>, number, number][] = [
      [modern(t, 10, "ping"), 404, -32601],
      [modern(t, 11, "initialize"), 404, -32601],
      [modern(t, 12, "no/such"), 404, -32601],
      [
        t.rpc({ jsonrpc: "2.0", id: 13, method: "tools/list", params: {} }, {
          "MCP-Protocol-Version": MODERN,
          "Mcp-Method": "tools/list",
        }),
        400,
        -32602,
      ],
      [
        modern(t, 14, "tools/list", {
          _meta: meta({ "io.modelcontextprotocol/protocolVersion": "v9" }),
        }, {
          "MCP-Protocol-Version": "v9",
        }),
        400,
        -32022,
      ],
      [modern(t, 15, "resources/read", { uri: "change://nope" }), 200, -32602],
    ];
    for (const [pending, status, code] of cases) {
      const response = await pending;
      const body = await response.json();
      assertEquals([response.status, body.error?.code], [status, code], JSON.stringify(body));
      assert(typeof body.id === "number", JSON.stringify(body));
    }
  } finally {
    await t.close();
  }
});

Deno.test("2026-07-28 over HTTP: Mcp-Method and Mcp-Name must match the body", async () => {
  const t = testApp();
  try {
    const refused = async (response: Promise<Response>, id: number) => {
      const answer = await response;
      const body = await answer.json();
      assertEquals([answer.status, body.error?.code, body.id], [400, -32020, id]);
    };
    await refused(modern(t, 1, "tools/list", {}, { "Mcp-Method": "prompts/list" }), 1);
    await refused(modern(t, 2, "tools/list", {}, { "Mcp-Method": "TOOLS/LIST" }), 2);
    await refused(
      t.rpc({ jsonrpc: "2.0", id: 3, method: "tools/list", params: { _meta: meta() } }, {
        "MCP-Protocol-Version": MODERN,
      }),
      3,
    );
    const call = { name: "changes_active", arguments: {} };
    await refused(modern(t, 4, "tools/call", call, { "Mcp-Name": "change_open" }), 4);
    // The header version must be the body's.
    await refused(modern(t, 5, "tools/list", {}, { "MCP-Protocol-Version": "2025-11-25" }), 5);
    // Whitespace around a value, and the base64 form, are the same value.
    const padded = await modern(t, 6, "tools/call", call, { "Mcp-Name": "  changes_active " });
    assertEquals((await padded.json()).result.resultType, "complete");
    const encoded = await modern(t, 7, "tools/call", call, {
      "Mcp-Name": `=?base64?${btoa("changes_active")}?=`,
    });
    assertEquals((await encoded.json()).result.resultType, "complete");
  } finally {
    await t.close();
  }
});

Deno.test("2026-07-28 over HTTP: subscriptions/listen is a stream fed by the change hub", async () => {
  const t = testApp();
  try {
    const listen = await modern(t, 40, "subscriptions/listen", {
      notifications: { resourcesListChanged: true, resourceSubscriptions: ["changes://active"] },
    });
    assertEquals(listen.headers.get("content-type"), "text/event-stream");
    const events = eventReader(listen.body!);
    const ack = JSON.parse((await events.until((e) => e.event === "message")).data!);
    assertEquals(ack.method, "notifications/subscriptions/acknowledged");
    assertEquals(ack.params._meta["io.modelcontextprotocol/subscriptionId"], 40);
    // A 2025 session's change reaches the modern listener: one hub for both eras.
    const init = await t.rpc(initializeMessage());
    const session = init.headers.get("mcp-session-id")!;
    await init.body?.cancel();
    await t.rpc({ jsonrpc: "2.0", method: "notifications/initialized" }, {
      "Mcp-Session-Id": session,
    });
    const opened = await t.rpc({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: "change_open", arguments: { title: "Heard", slug: "heard" } },
    }, { "Mcp-Session-Id": session, Accept: "application/json" });
    assertEquals((await opened.json()).result.structuredContent.slug, "heard");
    const seen = new Set<string>();
    while (seen.size < 2) {
      const note = JSON.parse((await events.until((e) => e.event === "message")).data!);
      assertEquals(note.params._meta["io.modelcontextprotocol/subscriptionId"], 40);
      seen.add(note.method);
    }
    assertEquals(
      [...seen].sort(),
      ["notifications/resources/list_changed", "notifications/resources/updated"],
    );
    // Shutdown ends the subscription with its completion result.
    const closing = t.close();
    const end = JSON.parse((await events.until((e) => e.event === "message")).data!);
    assertEquals([end.id, end.result.resultType], [40, "complete"]);
    await closing;
  } finally {
    await t.close();
  }
});

Deno.test("the trace id of a request's _meta.traceparent is in its request log line", async () => {
  const t = await secureTestApp({});
  try {
    const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const response = await t.rpc({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/list",
      params: { _meta: meta({ traceparent }) },
    }, { "MCP-Protocol-Version": MODERN, "Mcp-Method": "tools/list" });
    assertEquals(response.status, 200);
    await response.body?.cancel();
    const line = t.logs.find((l) => l.msg === "request" && l.path === "/mcp");
    assertEquals(line?.traceId, "0af7651916cd43dd8448eb211c80319c");
  } finally {
    await t.close();
  }
});

Deno.test("2026-07-28 over HTTP: closing a listen stream cancels the subscription", async () => {
  const t = testApp();
  try {
    const listen = await modern(t, 41, "subscriptions/listen", {
      notifications: { resourcesListChanged: true },
    });
    const events = eventReader(listen.body!);
    await events.until((e) => e.event === "message");
    assertEquals([t.http.counts().openStreams, t.http.counts().inFlightCalls], [1, 1]);
    await events.cancel();
    for (let i = 0; i < 50 && (t.http.counts().inFlightCalls ?? 0) > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assertEquals([t.http.counts().openStreams, t.http.counts().inFlightCalls], [0, 0]);
  } finally {
    await t.close();
  }
});
