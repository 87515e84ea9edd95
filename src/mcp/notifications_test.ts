import { assert, assertEquals } from "@std/assert";
import type { JsonRpcNotification } from "./json_rpc.ts";
import { errorOf, MemoryBackend, note, openSession, request, resultOf } from "./_test_backend.ts";

const updated = (uri: string): JsonRpcNotification => ({
  jsonrpc: "2.0",
  method: "notifications/resources/updated",
  params: { uri },
});
const listChanged: JsonRpcNotification = {
  jsonrpc: "2.0",
  method: "notifications/resources/list_changed",
};

Deno.test("resources/updated carries the URI as subscribed, matched in canonical form", async () => {
  const { call, backend, sent } = await openSession();
  sent.length = 0;
  resultOf(await call("resources/subscribe", { uri: "@task:change://a?view=tasks" }));
  resultOf(await call("resources/subscribe", { uri: "change://b" }));
  resultOf(await call("resources/subscribe", { uri: "change://not-yet" })); // any URI is fine
  backend.emit({ uris: ["change://a", "change://c"], listChanged: false });
  assertEquals(sent, [updated("@task:change://a?view=tasks")]);
  sent.length = 0;
  resultOf(await call("resources/unsubscribe", { uri: "@task:change://a?view=tasks" }));
  resultOf(await call("resources/unsubscribe", { uri: "change://never-subscribed" }));
  backend.emit({ uris: ["change://a", "change://b"], listChanged: false });
  assertEquals(sent, [updated("change://b")]);
});

Deno.test("list_changed follows listChanged events, only after notifications/initialized", async () => {
  const backend = new MemoryBackend();
  const early = await openSession("2025-11-25", { backend, raw: true });
  await early.session.handle(request(1, "initialize", { protocolVersion: "2025-11-25" }));
  await early.session.handle(request(2, "resources/subscribe", { uri: "change://a" }));
  backend.emit({ uris: ["change://a"], listChanged: true });
  assertEquals(early.sent, [updated("change://a")]); // subscribed, but not yet initialized
  early.sent.length = 0;
  await early.session.handle(note("notifications/initialized"));
  backend.emit({ uris: [], listChanged: true });
  assertEquals(early.sent, [listChanged]);
});

Deno.test("a tool's own change reaches its session as list_changed and updated", async () => {
  const { call, sent } = await openSession();
  resultOf(await call("resources/subscribe", { uri: "change://new" }));
  resultOf(await call("tools/call", { name: "change_open", arguments: { slug: "new" } }));
  assertEquals(sent, [listChanged, updated("change://new")]);
});

Deno.test("the backend listener lives only while sessions listen", async () => {
  const backend = new MemoryBackend();
  const one = await openSession("2025-11-25", { backend });
  assertEquals(backend.listenerCount, 1);
  const other = one.server.createSession({ caller: "x", send: () => {} });
  await other.handle(request(1, "initialize", { protocolVersion: "2025-06-18" }));
  await other.handle(note("notifications/initialized"));
  assertEquals(backend.listenerCount, 1); // one backend listener, fanned out
  one.session.close();
  assertEquals(backend.listenerCount, 1);
  one.server.close();
  assertEquals(backend.listenerCount, 0);
  backend.emit({ uris: [], listChanged: true });
  assertEquals(one.sent, []);
});

Deno.test("a session without push never listens and never notifies", async () => {
  const backend = new MemoryBackend();
  const { call, sent } = await openSession("2025-06-18", { backend, session: { push: false } });
  resultOf(await call("resources/subscribe", { uri: "change://a" }));
  backend.emit({ uris: ["change://a"], listChanged: true });
  assertEquals(backend.listenerCount, 0);
  assertEquals(sent, []);
});

Deno.test("log messages are filtered by the level the client set", async () => {
  const { call, session, sent } = await openSession();
  session.log("debug", "hidden by the default level (info)");
  session.log("info", "shown");
  resultOf(await call("logging/setLevel", { level: "warning" }));
  session.log("notice", "hidden");
  session.log("error", { detail: 1 });
  assertEquals(sent.map((message) => message.params), [
    { level: "info", logger: "task-mcp-test", data: "shown" },
    { level: "error", logger: "task-mcp-test", data: { detail: 1 } },
  ]);
  assertEquals(sent.every((message) => message.method === "notifications/message"), true);
  for (const level of ["verbose", "WARNING", 3, undefined]) {
    assertEquals(errorOf(await call("logging/setLevel", { level })).code, -32602, String(level));
  }
});

Deno.test("progress is strictly increasing, only with a token and only while running", async () => {
  const { session, backend, sent } = await openSession("2025-11-25");
  const routed: JsonRpcNotification[] = [];
  const response = await session.handle(
    request(1, "tools/call", { name: "progress", _meta: { progressToken: "p1" } }),
    { notify: (message) => routed.push(message) },
  );
  resultOf(response as never);
  backend.calls[0]?.ctx.progress(3, 3); // after the response
  backend.calls[0]?.ctx.log("error", "late"); // after the response: the session route
  assertEquals(routed, [
    {
      jsonrpc: "2.0",
      method: "notifications/progress",
      params: { progressToken: "p1", progress: 1, total: 3, message: "one" },
    },
    {
      jsonrpc: "2.0",
      method: "notifications/message",
      params: { level: "warning", logger: "task-mcp-test", data: { step: 2 } },
    },
    {
      jsonrpc: "2.0",
      method: "notifications/progress",
      params: { progressToken: "p1", progress: 2, total: 3 },
    },
  ]);
  assertEquals(sent.map((message) => message.params?.data), ["late"]);
});

Deno.test("progress has no message on 2024-11-05 and no notifications without a token", async () => {
  const { session, sent } = await openSession("2024-11-05");
  await session.handle(request(1, "tools/call", { name: "progress", _meta: { progressToken: 7 } }));
  const progress = sent.filter((message) => message.method === "notifications/progress");
  assertEquals(progress.map((message) => message.params), [
    { progressToken: 7, progress: 1, total: 3 },
    { progressToken: 7, progress: 2, total: 3 },
  ]);
  sent.length = 0;
  await session.handle(request(2, "tools/call", { name: "progress" }));
  assertEquals(sent.filter((message) => message.method === "notifications/progress"), []);
});

Deno.test("cancellation aborts the call's signal and suppresses the response", async () => {
  const { session, backend } = await openSession();
  const running = session.handle(request("job", "tools/call", { name: "wait" }));
  const other = session.handle(request(1, "tools/call", { name: "wait" }));
  await session.handle(note("notifications/cancelled", { requestId: 12345 })); // unknown: ignored
  await session.handle(note("notifications/cancelled", { requestId: "1" })); // not the number 1
  await session.handle(note("notifications/cancelled", { requestId: "job", reason: "user" }));
  assertEquals(await running, undefined);
  const signal = backend.calls[0]!.ctx.signal;
  assert(signal.aborted);
  assertEquals((signal.reason as DOMException).message, "user");
  assert(!backend.calls[1]!.ctx.signal.aborted);
  backend.release();
  assertEquals(resultOf((await other) as never).structuredContent, { waited: true });
  // A cancel that crosses the response is harmless.
  await session.handle(note("notifications/cancelled", { requestId: 1 }));
  assertEquals(resultOf((await session.handle(request(2, "ping"))) as never), {});
});
