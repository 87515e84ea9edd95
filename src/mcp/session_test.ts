import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { errorOf, MemoryBackend, note, openSession, request, resultOf } from "./_test_backend.ts";
import { initializeParams } from "./_test_mcp.ts";
import { PROTOCOL_VERSIONS } from "./protocol_version.ts";

Deno.test("initialize echoes every supported version with matching capabilities", async () => {
  for (const version of PROTOCOL_VERSIONS) {
    const { init } = await openSession(version);
    const result = resultOf(init!);
    assertEquals(result.protocolVersion, version);
    const capabilities = result.capabilities as Record<string, unknown>;
    assertEquals(capabilities.tools, {});
    assertEquals(capabilities.resources, { subscribe: true, listChanged: true });
    assertEquals(capabilities.prompts, {});
    assertEquals(capabilities.logging, {});
    assertEquals("completions" in capabilities, version !== "2024-11-05", version);
    assertEquals(result.instructions, "Open a change with change_open.");
    const info = result.serverInfo as Record<string, unknown>;
    assertEquals(info.name, "task-mcp-test");
    assertEquals(info.version, "0.0.1");
    assertEquals("title" in info, version >= "2025-06-18", version);
    assertEquals("description" in info, version === "2025-11-25", version);
  }
});

Deno.test("initialize answers an unknown version with the latest, never an error", async () => {
  for (const asked of ["2099-01-01", "2024-10-07", "not-a-date"]) {
    const { init, call } = await openSession(asked);
    assertEquals(resultOf(init!).protocolVersion, "2025-11-25");
    assertEquals(resultOf(await call("ping")), {});
  }
});

Deno.test("initialize without protocolVersion is -32602 and leaves the session new", async () => {
  const { session, call } = await openSession("2025-11-25", { raw: true });
  const response = await session.handle(request(1, "initialize", { capabilities: {} }));
  assertEquals(errorOf(response).code, -32602);
  assertStringIncludes(errorOf(response).message, "protocolVersion");
  assertEquals(errorOf(await call("tools/list")).code, -32600);
  assertEquals(
    resultOf(await call("initialize", initializeParams("2025-06-18"))).protocolVersion,
    "2025-06-18",
  );
});

Deno.test("requests before initialize are refused, except ping", async () => {
  const { session, call } = await openSession("2025-11-25", { raw: true });
  assertEquals(resultOf(await call("ping")), {});
  const refused = errorOf(await call("tools/list"));
  assertEquals(refused.code, -32600);
  assertStringIncludes(refused.message, "initialize");
  assertEquals(await session.handle(note("notifications/initialized")), undefined);
  assertEquals(session.protocolVersion, undefined);
});

Deno.test("a second initialize is an error and keeps the negotiated version", async () => {
  const { call, session } = await openSession("2025-03-26");
  const again = errorOf(await call("initialize", initializeParams("2025-11-25")));
  assertEquals(again.code, -32600);
  assertEquals(session.protocolVersion, "2025-03-26");
});

Deno.test("2025-03-26 accepts batches and answers requests only", async () => {
  const { session } = await openSession("2025-03-26");
  const responses = await session.handle([
    request("a", "ping"),
    note("notifications/progress", { progressToken: 1, progress: 1 }),
    request(2, "tools/list"),
    request(3, "initialize", initializeParams("2025-03-26")),
    { jsonrpc: "2.0", id: 9, result: {} },
    42,
  ]);
  assert(Array.isArray(responses));
  assertEquals(responses.map((response) => response.id), ["a", 2, 3, null]);
  assertEquals(resultOf(responses[0]!), {});
  assert(Array.isArray(resultOf(responses[1]!).tools));
  assertEquals(errorOf(responses[2]).code, -32600); // initialize must not be batched
  assertEquals(errorOf(responses[3]).code, -32600);
  assertEquals(await session.handle([note("notifications/initialized")]), undefined);
  assertEquals(errorOf(await session.handle([])).code, -32600);
});

Deno.test("batches are -32600 on other versions and before initialize", async () => {
  for (const version of ["2024-11-05", "2025-06-18", "2025-11-25"]) {
    const { session } = await openSession(version);
    const response = await session.handle([request(1, "ping"), request(2, "ping")]);
    assert(!Array.isArray(response), version);
    assertEquals(response?.id, null);
    assertEquals(errorOf(response).code, -32600);
  }
  const { session } = await openSession("2025-03-26", { raw: true });
  const response = await session.handle([request(1, "initialize", initializeParams("2025-03-26"))]);
  assertEquals(errorOf(response).code, -32600);
  assertEquals(session.protocolVersion, undefined);
});

Deno.test("unknown methods are -32601, including later-revision and prototype names", async () => {
  const { call } = await openSession();
  for (const method of ["tasks/update", "tasks/list", "tasks/get", "constructor", "toString"]) {
    const error = errorOf(await call(method));
    assertEquals(error.code, -32601, method);
    assertStringIncludes(error.message, method);
  }
});

Deno.test("malformed messages are -32600 with the id when it can be read", async () => {
  const { session } = await openSession();
  const cases: [unknown, unknown][] = [
    [{ jsonrpc: "1.0", id: 1, method: "ping" }, 1],
    [{ jsonrpc: "2.0", id: null, method: "ping" }, null],
    [{ jsonrpc: "2.0", id: 5, method: 7 }, 5],
    [{ jsonrpc: "2.0", id: { x: 1 }, method: "ping" }, null],
    [{ jsonrpc: "2.0", id: 6 }, 6],
    [42, null],
    [null, null],
    ["ping", null],
  ];
  for (const [message, id] of cases) {
    const response = await session.handle(message);
    assertEquals(errorOf(response).code, -32600, JSON.stringify(message));
    assertEquals((response as { id: unknown }).id, id);
  }
});

Deno.test("responses from the client and unknown notifications are ignored", async () => {
  const { session, sent } = await openSession();
  assertEquals(await session.handle({ jsonrpc: "2.0", id: 1, result: {} }), undefined);
  assertEquals(
    await session.handle({ jsonrpc: "2.0", id: 2, error: { code: 1, message: "x" } }),
    undefined,
  );
  assertEquals(await session.handle(note("notifications/whatever", { a: 1 })), undefined);
  assertEquals(await session.handle(note("notifications/cancelled", { requestId: 77 })), undefined);
  assertEquals(sent, []);
});

Deno.test("params of the wrong shape are -32602", async () => {
  const { session, call } = await openSession();
  assertEquals(errorOf(await call("resources/read", {})).code, -32602);
  const positional = await session.handle({
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: [1],
  });
  assertEquals(errorOf(positional).code, -32602);
});

Deno.test("a pre-initialised session serves requests at once (stateless HTTP)", async () => {
  const backend = new MemoryBackend();
  const { call, session } = await openSession("x", {
    backend,
    raw: true,
    session: { protocolVersion: "2025-06-18", push: false },
  });
  assertEquals(session.protocolVersion, "2025-06-18");
  assertEquals(resultOf(await call("tools/list")).tools instanceof Array, true);
  assertEquals(resultOf(await call("resources/subscribe", { uri: "change://change-1" })), {});
  assertEquals(backend.listenerCount, 0);
  const init = resultOf(await call("initialize", initializeParams("2025-11-25")));
  assertEquals((init.capabilities as Record<string, unknown>).resources, {});
  assertEquals(init.protocolVersion, "2025-11-25");
});

Deno.test("internal errors are generic for the client and detailed for the logger", async () => {
  const { call, errors } = await openSession();
  const error = errorOf(await call("tools/call", { name: "crash" }));
  assertEquals(error, { code: -32603, message: "Internal error" });
  assertEquals(errors.length, 1);
  assertStringIncludes(String(errors[0]?.[1]), "secret internal detail");
});

Deno.test("a ProtocolError from the backend becomes that JSON-RPC error", async () => {
  const { call } = await openSession();
  const error = errorOf(await call("tools/call", { name: "protocol_fail" }));
  assertEquals(error, { code: -32602, message: "Bad thing", data: { field: "x" } });
  const missing = errorOf(await call("resources/read", { uri: "change://nope" }));
  assertEquals(missing.code, -32002);
});

Deno.test("a request id still in flight cannot be reused", async () => {
  const { session, backend } = await openSession();
  const first = session.handle(request(1, "tools/call", { name: "wait" }));
  const second = await session.handle(request(1, "ping"));
  assertEquals(errorOf(second).code, -32600);
  backend.release();
  assertEquals(resultOf((await first) as never).isError, undefined);
});

Deno.test("close aborts running requests, drops their responses and ignores later messages", async () => {
  const { session, backend } = await openSession();
  const running = session.handle(request(1, "tools/call", { name: "wait" }));
  await Promise.resolve();
  session.close();
  assertEquals(await running, undefined);
  assert(backend.calls[0]?.ctx.signal.aborted);
  assertEquals(await session.handle(request(2, "ping")), undefined);
  assertEquals(backend.listenerCount, 0);
});

/** A backend whose reads, prompts and completions wait until released. */
class SlowBackend extends MemoryBackend {
  #waiting = Promise.withResolvers<void>();
  override release = () => this.#waiting.resolve();
  override async readResource(uri: string) {
    await this.#waiting.promise;
    return await super.readResource(uri);
  }
  override async getPrompt(name: string, args: Record<string, string>) {
    await this.#waiting.promise;
    return await super.getPrompt(name, args);
  }
  override async complete(...args: Parameters<MemoryBackend["complete"]>) {
    await this.#waiting.promise;
    return await super.complete(...args);
  }
}

Deno.test("every request has the deadline: a slow read, prompt or completion is REQUEST_TIMEOUT", async () => {
  const backend = new SlowBackend();
  const { call } = await openSession("2025-11-25", {
    backend,
    session: { limits: { timeoutMs: 100 } },
  });
  const slow: [string, Record<string, unknown>][] = [
    ["resources/read", { uri: "change://change-1" }],
    ["prompts/get", { name: "review", arguments: { slug: "change-1" } }],
    ["completion/complete", {
      ref: { type: "ref/prompt", name: "review" },
      argument: { name: "slug", value: "c" },
    }],
  ];
  try {
    for (const [method, params] of slow) {
      const started = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const hung = new Promise<"hung">((r) => timer = setTimeout(() => r("hung"), 2000));
      const answer = await Promise.race([call(method, params), hung]);
      clearTimeout(timer);
      assert(answer !== "hung", `${method} was not answered at its deadline`);
      assertEquals(errorOf(answer), {
        code: -32000,
        message: "Request timed out after 100 ms",
        data: {
          code: "REQUEST_TIMEOUT",
          hint: "Try reducing the complexity of your request or check server performance",
        },
      }, method);
      assert(performance.now() - started < 1000, method);
    }
    // The same requests within the deadline are answered as usual.
    backend.release();
    assertEquals(resultOf(await call("resources/read", { uri: "change://change-1" })).contents, [
      { uri: "change://change-1", mimeType: "text/markdown", text: "# Change 1" },
    ]);
  } finally {
    backend.release();
  }
});
