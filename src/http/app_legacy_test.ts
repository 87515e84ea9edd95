import { assert, assertEquals, assertMatch } from "@std/assert";
import { initializeMessage } from "../mcp/_test_mcp.ts";
import { testApp } from "./_test_app.ts";
import { eventReader } from "./_test_sse.ts";

Deno.test("legacy HTTP+SSE: endpoint event, 202 for POSTs, answers on the stream", async () => {
  const t = testApp({ limits: { keepAliveMs: 20 } });
  try {
    const res = await t.request("/sse", { headers: { Accept: "text/event-stream" } });
    assertEquals(res.headers.get("content-type"), "text/event-stream");
    const reader = eventReader(res.body!);
    const endpoint = await reader.next();
    assertEquals(endpoint?.event, "endpoint");
    // A plain URI, not JSON: the SDK client resolves it against the SSE URL.
    assertMatch(endpoint!.data!, /^\/messages\?sessionId=[0-9a-f-]{36}$/);
    const post = (message: unknown) =>
      t.request(endpoint!.data!, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(message),
      });
    const accepted = await post(initializeMessage("2024-11-05"));
    assertEquals([accepted.status, await accepted.text()], [202, "Accepted"]);
    const init = await reader.until((e) => e.event === "message");
    assertEquals(JSON.parse(init.data!).result.protocolVersion, "2024-11-05");
    await (await post({ jsonrpc: "2.0", method: "notifications/initialized" })).body?.cancel();
    await (await post({ jsonrpc: "2.0", id: 1, method: "tools/list" })).body?.cancel();
    const list = await reader.until((e) => e.event === "message");
    const tools = JSON.parse(list.data!).result.tools;
    assertEquals(tools.length, 9);
    assertEquals(tools[0].outputSchema, undefined); // not part of 2024-11-05
    assertEquals((await reader.next())?.comment, "keep-alive");
    assertEquals(t.http.counts().legacySseSessions, 1);

    await reader.cancel();
    assertEquals(t.http.counts().legacySseSessions, 0);
    assertEquals(t.http.counts().timers, 0);
    assertEquals((await post({ jsonrpc: "2.0", id: 2, method: "ping" })).status, 404);
  } finally {
    await t.close();
  }
});

Deno.test("legacy HTTP+SSE: a missing session id or a malformed body is a 400", async () => {
  const t = testApp();
  try {
    const none = await t.request("/messages", { method: "POST", body: "{}" });
    assertEquals(none.status, 400);
    await none.body?.cancel();
    const res = await t.request("/sse");
    const reader = eventReader(res.body!);
    const endpoint = (await reader.next())!.data!;
    const bad = await t.request(endpoint, { method: "POST", body: "{nope" });
    assertEquals([bad.status, (await bad.json()).error.code], [400, -32700]);
    await reader.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("legacy HTTP+SSE: shutdown ends the stream with a final event", async () => {
  const t = testApp();
  const res = await t.request("/sse");
  const reader = eventReader(res.body!);
  await reader.next();
  await t.http.shutdown(0);
  const last = await reader.next();
  assertEquals(last?.event, "shutdown");
  assert(JSON.parse(last!.data!).reason);
  assertEquals(await reader.next(), undefined);
  await t.close();
});
