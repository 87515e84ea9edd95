import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import type { CallContext, ResolvedTool, ToolCallOutcome, ToolInfo } from "./backend.ts";
import { errorOf, MemoryBackend, note, openSession, request, resultOf } from "./_test_backend.ts";
import type { JsonRpcResponse } from "./json_rpc.ts";
import { initializeParams } from "./_test_mcp.ts";
import { finishModernResult } from "./modern_result.ts";
import { isReusedJson, reuseJson } from "./serialize.ts";

const MODERN = "2026-07-28";

/** The `_meta` of a modern request. */
function meta(extra: Record<string, unknown> = {}, capabilities: Record<string, unknown> = {}) {
  return {
    "io.modelcontextprotocol/protocolVersion": MODERN,
    "io.modelcontextprotocol/clientInfo": { name: "modern-test", version: "1" },
    "io.modelcontextprotocol/clientCapabilities": capabilities,
    ...extra,
  };
}

/** A backend whose `confirm` tool asks before it acts. */
class AskingBackend extends MemoryBackend {
  confirmed = 0;

  override listTools(): ToolInfo[] {
    return [...super.listTools(), {
      name: "confirm",
      title: "Confirm",
      description: "Asks, then acts",
      inputSchema: { type: "object" },
    }];
  }

  override findTool(name: string): ResolvedTool | undefined {
    if (name !== "confirm") return super.findTool(name);
    const info = this.listTools().find((tool) => tool.name === name)!;
    return { name, info: () => info };
  }

  override async callTool(
    tool: ResolvedTool,
    args: unknown,
    ctx: CallContext,
  ): Promise<ToolCallOutcome> {
    const name = tool.name;
    if (name !== "confirm") return super.callTool(tool, args, ctx);
    this.calls.push({ name, args, ctx });
    if (ctx.elicit) {
      const answer = await ctx.elicit({
        key: "go",
        message: "Go ahead?",
        requestedSchema: { type: "object", properties: { go: { type: "boolean" } } },
      });
      if (answer.action !== "accept" || answer.content?.go !== true) {
        return { ok: false, error: { code: "NOT_CONFIRMED", message: "Not confirmed", hint: "" } };
      }
    }
    this.confirmed++;
    return { ok: true, structured: { done: true }, text: "Done" };
  }
}

Deno.test("server/discover answers before and without initialize, with identity and cache hints", async () => {
  const { call, session } = await openSession("2025-11-25", { raw: true });
  const result = resultOf(await call("server/discover", { _meta: meta() }));
  assertEquals(result.resultType, "complete");
  assertEquals(result.supportedVersions, [
    "2026-07-28",
    "2025-11-25",
    "2025-06-18",
    "2025-03-26",
    "2024-11-05",
  ]);
  assertEquals(result.capabilities, {
    tools: {},
    resources: { subscribe: true, listChanged: true },
    prompts: {},
    completions: {},
    logging: {},
  });
  assertEquals(result.instructions, "Open a change with change_open.");
  assertEquals(result.ttlMs, 3_600_000);
  assertEquals(result.cacheScope, "public");
  const info = (result._meta as Record<string, Record<string, unknown>>)[
    "io.modelcontextprotocol/serverInfo"
  ];
  assertEquals(info?.name, "task-mcp-test");
  assertEquals(info?.version, "0.0.1");
  // The session is still new: a 2025 request still needs initialize.
  assertEquals(session.protocolVersion, undefined);
  assertEquals(errorOf(await call("tools/list")).code, -32600);
});

Deno.test("a modern request without its required _meta fields is -32602 naming the field", async () => {
  const { call } = await openSession("2025-11-25", { raw: true });
  const cases: [Record<string, unknown>, string][] = [
    [{}, "_meta"],
    [{
      _meta: { "io.modelcontextprotocol/clientCapabilities": {} },
    }, "_meta.io.modelcontextprotocol/protocolVersion"],
    [{
      _meta: { "io.modelcontextprotocol/protocolVersion": MODERN },
    }, "_meta.io.modelcontextprotocol/clientCapabilities"],
    [
      { _meta: meta({ "io.modelcontextprotocol/logLevel": "loud" }) },
      "_meta.io.modelcontextprotocol/logLevel",
    ],
  ];
  for (const [params, field] of cases) {
    const error = errorOf(await call("server/discover", params));
    assertEquals(error.code, -32602, field);
    assertEquals((error.data as { metaField: string }).metaField, field);
  }
  // clientInfo is a SHOULD: its absence is served.
  const { "io.modelcontextprotocol/clientInfo": _, ...withoutInfo } = meta();
  assertEquals(
    resultOf(await call("server/discover", { _meta: withoutInfo })).resultType,
    "complete",
  );
});

Deno.test("an unsupported version is -32022 with the supported versions and the one requested", async () => {
  const { call } = await openSession("2025-11-25", { raw: true });
  for (const version of ["v999.0.0", "2025-11-25"]) {
    const error = errorOf(
      await call("tools/list", {
        _meta: meta({ "io.modelcontextprotocol/protocolVersion": version }),
      }),
    );
    assertEquals(error.code, -32022, version);
    const data = error.data as { supported: string[]; requested: string };
    assertEquals(data.requested, version);
    assertEquals(data.supported[0], MODERN);
    assert(data.supported.includes("2025-11-25"));
  }
});

Deno.test("methods the modern revision removed, and unknown ones, are -32601 in the modern era", async () => {
  const { call } = await openSession();
  for (
    const method of [
      "initialize",
      "ping",
      "logging/setLevel",
      "resources/subscribe",
      "resources/unsubscribe",
      "unknown/method",
    ]
  ) {
    const error = errorOf(await call(method, { _meta: meta() }));
    assertEquals(error.code, -32601, method);
  }
  // The same session still answers them in its 2025 era.
  assertEquals(resultOf(await call("ping")), {});
});

Deno.test("an unknown method before initialize is -32601, a known one still needs initialize", async () => {
  const { call } = await openSession("2025-11-25", { raw: true });
  assertEquals(errorOf(await call("tasks/update")).code, -32601);
  assertEquals(errorOf(await call("prompts/list")).code, -32600);
});

Deno.test("modern and 2025 requests share one session without touching its era", async () => {
  const { call, session } = await openSession("2025-06-18");
  const modern = resultOf(await call("tools/list", { _meta: meta() }));
  const legacy = resultOf(await call("tools/list"));
  assertEquals(session.protocolVersion, "2025-06-18");
  assertEquals(modern.resultType, "complete");
  assertEquals(modern.ttlMs, 3_600_000);
  assertEquals(modern.cacheScope, "public");
  assert(!("resultType" in legacy) && !("ttlMs" in legacy) && !("_meta" in legacy));
  // The same tools, in the same order, on every call.
  const names = (result: Record<string, unknown>) =>
    (result.tools as { name: string }[]).map((tool) => tool.name);
  assertEquals(names(modern), names(legacy));
  assertEquals(names(resultOf(await call("tools/list", { _meta: meta() }))), names(modern));
});

Deno.test("resources carry private, immediately stale cache hints; not found is -32602 with the uri", async () => {
  const { call } = await openSession();
  const list = resultOf(await call("resources/list", { _meta: meta() }));
  assertEquals([list.ttlMs, list.cacheScope], [0, "private"]);
  const read = resultOf(await call("resources/read", { uri: "change://change-1", _meta: meta() }));
  assertEquals([read.ttlMs, read.cacheScope, read.resultType], [0, "private", "complete"]);
  const templates = resultOf(await call("resources/templates/list", { _meta: meta() }));
  assertEquals([templates.ttlMs, templates.cacheScope], [3_600_000, "public"]);
  const prompts = resultOf(await call("prompts/list", { _meta: meta() }));
  assertEquals([prompts.ttlMs, prompts.cacheScope], [3_600_000, "public"]);
  const missing = errorOf(await call("resources/read", { uri: "change://nope", _meta: meta() }));
  assertEquals(missing.code, -32602);
  assertEquals((missing.data as { uri: string }).uri, "change://nope");
  // The 2025 era keeps -32002.
  assertEquals(errorOf(await call("resources/read", { uri: "change://nope" })).code, -32002);
});

Deno.test("a tool result keeps its receipt beside the server's identity in _meta", async () => {
  const { call } = await openSession();
  const result = resultOf(
    await call("tools/call", { name: "change_open", arguments: { slug: "x" }, _meta: meta() }),
  );
  assertEquals(result.resultType, "complete");
  assert(!("ttlMs" in result));
  const resultMeta = result._meta as Record<string, unknown>;
  assertEquals((resultMeta["task-mcp/receipt"] as { slug: string }).slug, "x");
  assert("io.modelcontextprotocol/serverInfo" in resultMeta);
});

Deno.test("log messages go only to the request's stream, only when it set a log level", async () => {
  const { session, sent } = await openSession();
  const streamed: unknown[] = [];
  const run = (id: number, extra: Record<string, unknown>) =>
    session.handle(
      request(id, "tools/call", {
        name: "progress",
        _meta: meta({ progressToken: "p", ...extra }),
      }),
      { notify: (message) => streamed.push(message) },
    );
  await run(1, {});
  const methods = () => streamed.map((m) => (m as { method: string }).method);
  assertEquals(methods(), ["notifications/progress", "notifications/progress"]);
  streamed.length = 0;
  await run(2, { "io.modelcontextprotocol/logLevel": "warning" });
  assertEquals(methods(), [
    "notifications/progress",
    "notifications/message",
    "notifications/progress",
  ]);
  assertEquals((streamed[1] as { params: { level: string } }).params.level, "warning");
  assertEquals(sent, []);
});

Deno.test("the trace context of _meta reaches the call", async () => {
  const { call, backend } = await openSession();
  const traceparent = "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01";
  await call("tools/call", { name: "echo", _meta: meta({ traceparent, tracestate: "a=1" }) });
  await call("tools/call", { name: "echo", _meta: { traceparent } });
  await call("tools/call", { name: "echo", _meta: { traceparent: "00-bad" } });
  const traces = backend.calls.map((c) => c.ctx.trace);
  assertEquals(traces[0], {
    traceparent,
    traceId: "0af7651916cd43dd8448eb211c80319c",
    tracestate: "a=1",
  });
  assertEquals(traces[1]?.traceId, "0af7651916cd43dd8448eb211c80319c");
  assertEquals(traces[2], undefined);
});

Deno.test("subscriptions/listen acknowledges first, tags every notification and honors its filter", async () => {
  const { session, backend } = await openSession("2025-11-25", { raw: true });
  const streamed: { method: string; params: Record<string, unknown> }[] = [];
  const listening = session.handle(
    request(7, "subscriptions/listen", {
      _meta: meta(),
      notifications: {
        toolsListChanged: true,
        resourcesListChanged: true,
        resourceSubscriptions: ["change://change-1", "@task:change://change-2?view=tasks"],
      },
    }),
    { notify: (message) => streamed.push(message as never) },
  );
  await Promise.resolve();
  assertEquals(streamed[0]?.method, "notifications/subscriptions/acknowledged");
  assertEquals(streamed[0]?.params, {
    _meta: { "io.modelcontextprotocol/subscriptionId": 7 },
    notifications: {
      resourcesListChanged: true,
      resourceSubscriptions: ["change://change-1", "@task:change://change-2?view=tasks"],
    },
  });
  backend.emit({ uris: ["change://change-2"], listChanged: false });
  backend.emit({ uris: ["change://change-9"], listChanged: true });
  assertEquals(
    streamed.slice(1),
    [
      {
        method: "notifications/resources/updated",
        params: {
          _meta: { "io.modelcontextprotocol/subscriptionId": 7 },
          uri: "@task:change://change-2?view=tasks",
        },
      },
      {
        method: "notifications/resources/list_changed",
        params: { _meta: { "io.modelcontextprotocol/subscriptionId": 7 } },
      },
    ].map((m) => ({ jsonrpc: "2.0", ...m })) as never,
  );
  session.endSubscriptions();
  const end = resultOf((await listening) as JsonRpcResponse);
  assertEquals(end.resultType, "complete");
  assertEquals((end._meta as Record<string, unknown>)["io.modelcontextprotocol/subscriptionId"], 7);
  assertEquals(backend.listenerCount, 0);
});

Deno.test("a cancelled listen ends without a response and stops listening", async () => {
  const { session, backend } = await openSession("2025-11-25", { raw: true });
  const streamed: unknown[] = [];
  const listening = session.handle(
    request("L", "subscriptions/listen", {
      _meta: meta(),
      notifications: { resourcesListChanged: false },
    }),
    { notify: (message) => streamed.push(message) },
  );
  await Promise.resolve();
  assertEquals(backend.listenerCount, 1);
  await session.handle(note("notifications/cancelled", { requestId: "L" }));
  assertEquals(await listening, undefined);
  assertEquals(backend.listenerCount, 0);
  backend.emit({ uris: [], listChanged: true });
  assertEquals(streamed.length, 1);
  const bad = await session.handle(request(9, "subscriptions/listen", { _meta: meta() }));
  assertEquals(errorOf(bad).code, -32602);
});

/** Calls `confirm` as a modern client with `capabilities`. */
function confirmCall(
  call: (method: string, params?: Record<string, unknown>) => Promise<JsonRpcResponse>,
  extra: Record<string, unknown> = {},
  capabilities: Record<string, unknown> = { elicitation: {} },
) {
  return call("tools/call", {
    name: "confirm",
    arguments: { slug: "a" },
    _meta: meta({}, capabilities),
    ...extra,
  });
}

Deno.test("a question becomes input_required, and the retry with the answer completes the call", async () => {
  const backend = new AskingBackend();
  const { call } = await openSession("2025-11-25", { backend, raw: true });
  const first = resultOf(await confirmCall(call));
  assertEquals(first.resultType, "input_required");
  assert(!("ttlMs" in first));
  assertEquals(first.inputRequests, {
    go: {
      method: "elicitation/create",
      params: {
        mode: "form",
        message: "Go ahead?",
        requestedSchema: { type: "object", properties: { go: { type: "boolean" } } },
      },
    },
  });
  assertMatch(first.requestState as string, /^[\w-]+\.[\w-]+$/);
  assertEquals(backend.confirmed, 0);
  // Unanswered again: asked again, not refused.
  const again = resultOf(await confirmCall(call, { requestState: first.requestState }));
  assertEquals(again.resultType, "input_required");
  const done = resultOf(
    await confirmCall(call, {
      requestState: again.requestState,
      inputResponses: { go: { action: "accept", content: { go: true } } },
    }),
  );
  assertEquals(done.resultType, "complete");
  assertEquals(done.structuredContent, { done: true });
  assertEquals(backend.confirmed, 1);
  // Declined: the tool's own answer, nothing done.
  const declined = resultOf(
    await confirmCall(call, {
      requestState: first.requestState,
      inputResponses: { go: { action: "decline" } },
    }),
  );
  assertEquals(declined.isError, true);
  assertEquals(backend.confirmed, 1);
});

Deno.test("a tampered, foreign, mismatched or expired requestState is refused", async () => {
  let now = 1_000_000;
  const backend = new AskingBackend();
  const key = new Uint8Array(32).fill(7);
  const options = { backend, raw: true, requestStateKey: key, now: () => now };
  const { call } = await openSession("2025-11-25", options);
  const state = resultOf(await confirmCall(call)).requestState as string;
  const answer = { go: { action: "accept", content: { go: true } } };
  const refused = (response: JsonRpcResponse, why: string) => {
    const error = errorOf(response);
    assertEquals(error.code, -32602, why);
    assertStringIncludes(error.message, why);
  };
  const [body, mac] = state.split(".");
  const flipped = (body!.startsWith("e") ? "f" : "e") + body!.slice(1);
  refused(
    await confirmCall(call, { requestState: `${flipped}.${mac}`, inputResponses: answer }),
    "failed verification",
  );
  refused(
    await confirmCall(call, { requestState: "junk", inputResponses: answer }),
    "failed verification",
  );
  refused(
    await call("tools/call", {
      name: "confirm",
      arguments: { slug: "b" },
      _meta: meta({}, { elicitation: {} }),
      requestState: state,
      inputResponses: answer,
    }),
    "another request",
  );
  const other = await openSession("2025-11-25", {
    ...options,
    session: { caller: "someone-else" },
  });
  refused(
    await confirmCall(other.call, { requestState: state, inputResponses: answer }),
    "another caller",
  );
  now += 11 * 60_000;
  refused(
    await confirmCall(call, { requestState: state, inputResponses: answer }),
    "expired",
  );
  assertEquals(backend.confirmed, 0);
});

Deno.test("another instance with the same key serves the retry", async () => {
  const key = crypto.getRandomValues(new Uint8Array(32));
  const a = await openSession("2025-11-25", {
    backend: new AskingBackend(),
    raw: true,
    requestStateKey: key,
  });
  const second = new AskingBackend();
  const b = await openSession("2025-11-25", { backend: second, raw: true, requestStateKey: key });
  const state = resultOf(await confirmCall(a.call)).requestState;
  const done = resultOf(
    await confirmCall(b.call, {
      requestState: state,
      inputResponses: { go: { action: "accept", content: { go: true } } },
    }),
  );
  assertEquals(done.resultType, "complete");
  assertEquals(second.confirmed, 1);
});

Deno.test("a client that cannot elicit is never asked: the tool acts as it always did", async () => {
  const backend = new AskingBackend();
  const { call } = await openSession("2025-11-25", { backend, raw: true });
  for (const capabilities of [{}, { elicitation: { url: {} } }]) {
    const result = resultOf(await confirmCall(call, {}, capabilities));
    assertEquals(result.resultType, "complete");
  }
  assertEquals(backend.confirmed, 2);
  assertEquals(backend.calls.every((c) => c.ctx.elicit === undefined), true);
});

Deno.test("2025 sessions ask with elicitation/create and continue with the client's answer", async () => {
  const backend = new AskingBackend();
  const { session, sent } = await openSession("2025-11-25", { backend, raw: true });
  const withElicitation = { ...initializeParams("2025-11-25"), capabilities: { elicitation: {} } };
  await session.handle(request(1, "initialize", withElicitation));
  await session.handle(note("notifications/initialized"));
  const streamed: { id?: string; method: string; params: Record<string, unknown> }[] = [];
  const running = session.handle(request(2, "tools/call", { name: "confirm" }), {
    notify: (message) => streamed.push(message as never),
  });
  await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(streamed.length, 1);
  const ask = streamed[0]!;
  assertEquals(ask.method, "elicitation/create");
  assertEquals(ask.params.mode, "form");
  assertEquals(ask.params.message, "Go ahead?");
  assertEquals(
    await session.handle({
      jsonrpc: "2.0",
      id: ask.id,
      result: { action: "accept", content: { go: true } },
    }),
    undefined,
  );
  assertEquals(resultOf((await running) as JsonRpcResponse).structuredContent, { done: true });
  assertEquals(backend.confirmed, 1);
  assertEquals(sent, []);
  // An error response counts as no answer.
  const refused = session.handle(request(3, "tools/call", { name: "confirm" }), {
    notify: (message) => streamed.push(message as never),
  });
  await new Promise((resolve) => setTimeout(resolve, 0));
  await session.handle({ jsonrpc: "2.0", id: streamed[1]!.id, error: { code: -1, message: "no" } });
  assertEquals(resultOf((await refused) as JsonRpcResponse).isError, true);
  assertEquals(backend.confirmed, 1);
});

Deno.test("2025 sessions whose client did not declare elicitation are never asked", async () => {
  const backend = new AskingBackend();
  const { call, sent } = await openSession("2025-11-25", { backend });
  assertEquals(resultOf(await call("tools/call", { name: "confirm" })).structuredContent, {
    done: true,
  });
  assertEquals(sent, []);
});

Deno.test("an unchanging result is finished once for a method; any other is finished anew", () => {
  const info = { name: "task-mcp", version: "1.0.0" };
  const page = reuseJson({ content: [], structuredContent: { total: 1 } });
  const once = finishModernResult("tools/call", page, info);
  assertEquals(finishModernResult("tools/call", page, info) === once, true);
  assert(isReusedJson(once));
  assertEquals(once.resultType, "complete");
  assertEquals(page, { content: [], structuredContent: { total: 1 } });
  const read = finishModernResult("resources/read", page, info);
  assertEquals([read.ttlMs, read.cacheScope], [0, "private"]);
  assertEquals(finishModernResult("tools/call", page, { ...info }) === once, false);
  const fresh = { content: [] };
  const first = finishModernResult("tools/call", fresh, info);
  assertEquals(finishModernResult("tools/call", fresh, info) === first, false);
  assert(!isReusedJson(first));
});
