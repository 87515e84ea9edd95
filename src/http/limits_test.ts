import { assert, assertEquals, assertMatch } from "@std/assert";
import { readEvents, readNdjson } from "./_test_sse.ts";
import { initializeMessage, MCP_HEADERS, modernRequest } from "../mcp/_test_mcp.ts";
import type { McpBackend } from "../mcp/mod.ts";
import { secureTestApp } from "./_test_secure_app.ts";

const BASE = { RATE_LIMIT: "0" };
const envelope = (tool: string, input: Record<string, unknown>) => JSON.stringify({ tool, input });

/** A test against a secure test app with `env` on top of {@link BASE}, closed afterwards. */
function limitsTest(
  name: string,
  env: Record<string, string>,
  body: (t: Awaited<ReturnType<typeof secureTestApp>>) => Promise<void>,
) {
  Deno.test(name, async () => {
    const t = await secureTestApp({ ...BASE, ...env });
    try {
      await body(t);
    } finally {
      await t.close();
    }
  });
}

async function openChange(t: Awaited<ReturnType<typeof secureTestApp>>, slug: string) {
  const res = await t.request("/sse", {
    method: "POST",
    headers: { Accept: "application/json" },
    body: envelope("change_open", { title: "Big one", slug, template: "feature" }),
  });
  assertEquals(res.status, 200);
  await res.body?.cancel();
}

limitsTest("limits: a response over MAX_RESPONSE_SIZE_KB is RESPONSE_TOO_LARGE everywhere", {
  MAX_RESPONSE_SIZE_KB: "2",
}, async (t) => {
  await openChange(t, "big-change"); // its change_show is several KiB
  const show = envelope("change_show", { slug: "big-change" });
  const json = await t.request("/sse", {
    method: "POST",
    headers: { Accept: "application/json" },
    body: show,
  });
  assertEquals(json.status, 413);
  const body = await json.json();
  assertEquals(body.error.code, "RESPONSE_TOO_LARGE");
  assertMatch(body.error.message, /^Response size \(\d+KB\) exceeds limit of 2KB$/);
  assertEquals(
    body.error.hint,
    "Consider using pagination or reducing the amount of data requested",
  );
  const sse = await readEvents(await t.request("/sse", { method: "POST", body: show }));
  assertEquals(sse.at(-1)?.event, "error");
  assertEquals(JSON.parse(sse.at(-1)!.data!).error.code, "RESPONSE_TOO_LARGE");
  const ndjson = await readNdjson(
    await t.request("/mcp", {
      method: "POST",
      headers: { Accept: "application/x-ndjson" },
      body: show,
    }),
  );
  assertEquals(ndjson.find((l) => l.type === "error")?.error, body.error);

  // MCP: the JSON-RPC answer becomes an error with the same id, as JSON and as SSE.
  const init = await t.rpc(initializeMessage());
  const session = { "Mcp-Session-Id": init.headers.get("mcp-session-id")! };
  await init.body?.cancel();
  const call = {
    jsonrpc: "2.0",
    id: 7,
    method: "tools/call",
    params: { name: "change_show", arguments: { slug: "big-change" } },
  };
  const answer = await (await t.rpc(call, { ...session, Accept: "application/json" })).json();
  assertEquals([answer.id, answer.error.data.code], [7, "RESPONSE_TOO_LARGE"]);
  const streamed = await readEvents(await t.rpc(call, session));
  const message = JSON.parse(streamed.find((e) => e.event === "message")!.data!);
  assertEquals([message.id, message.error.data.code], [7, "RESPONSE_TOO_LARGE"]);
  // Small answers are untouched.
  const ping = await (await t.rpc({ jsonrpc: "2.0", id: 8, method: "ping" }, session)).json();
  assertEquals(ping.result, {});
});

Deno.test("limits: REQUEST_TIMEOUT_MS bounds every MCP request, resources/read included", async () => {
  let release = () => {};
  const held = new Promise<void>((resolve) => release = resolve);
  const t = await secureTestApp({ ...BASE, REQUEST_TIMEOUT_MS: "200" }, {
    wrap: (backend) => ({
      ...backend,
      async readResource(uri) {
        await held;
        return await backend.readResource(uri);
      },
    }),
  });
  try {
    for (const headers of [{}, { Accept: "application/json" }]) {
      const init = await t.rpc(initializeMessage());
      const session = { "Mcp-Session-Id": init.headers.get("mcp-session-id")!, ...MCP_HEADERS };
      await init.body?.cancel();
      const began = performance.now();
      const res = await t.rpc({
        jsonrpc: "2.0",
        id: "read",
        method: "resources/read",
        params: { uri: "changes://active" },
      }, { ...session, ...headers });
      const answer = res.headers.get("content-type")?.startsWith("text/event-stream")
        ? JSON.parse((await readEvents(res)).at(-1)!.data!)
        : await res.json();
      assertEquals([answer.id, answer.error.code, answer.error.data.code], [
        "read",
        -32000,
        "REQUEST_TIMEOUT",
      ]);
      assertEquals(answer.error.message, "Request timed out after 200 ms");
      assert(performance.now() - began < 1000, "answered at the deadline");
    }
  } finally {
    release();
    await t.close();
  }
});

/** A 2026-07-28 request, with the `_meta` and standard headers a conforming client sends. */
function modernRpc(
  t: Awaited<ReturnType<typeof secureTestApp>>,
  id: string,
  method: string,
  params: Record<string, unknown>,
  accept: string,
) {
  const { message, headers } = modernRequest(id, method, params);
  return t.rpc(message, { ...headers, Accept: accept });
}

/** The JSON-RPC answer of a response sent as JSON or as an SSE stream. */
async function answerOf(res: Response) {
  if (!res.headers.get("content-type")?.startsWith("text/event-stream")) return await res.json();
  const events = await readEvents(res);
  return events.map((e) => JSON.parse(e.data ?? "null")).find((m) => m && "id" in m);
}

Deno.test("limits: 2026-07-28 requests have the same REQUEST_TIMEOUT_MS and MAX_RESPONSE_SIZE_KB", async () => {
  let release = () => {};
  const held = new Promise<void>((resolve) => release = resolve);
  const t = await secureTestApp({ ...BASE, REQUEST_TIMEOUT_MS: "200", MAX_RESPONSE_SIZE_KB: "2" }, {
    wrap: (backend) => ({
      ...backend,
      async readResource(uri) {
        if (uri === "changes://active") await held;
        return await backend.readResource(uri);
      },
    }),
  });
  try {
    for (const accept of ["application/json", "application/json, text/event-stream"]) {
      const began = performance.now();
      const res = await modernRpc(t, "read", "resources/read", { uri: "changes://active" }, accept);
      assertEquals(res.status, 200);
      const answer = await answerOf(res);
      assertEquals([answer.id, answer.error.code, answer.error.data.code], [
        "read",
        -32000,
        "REQUEST_TIMEOUT",
      ]);
      assertEquals(answer.error.message, "Request timed out after 200 ms");
      assert(performance.now() - began < 1000, "answered at the deadline");
    }
    await openChange(t, "big-change"); // its change_show is several KiB
    for (const accept of ["application/json", "application/json, text/event-stream"]) {
      const res = await modernRpc(t, "show", "tools/call", {
        name: "change_show",
        arguments: { slug: "big-change" },
      }, accept);
      const answer = await answerOf(res);
      assertEquals([answer.id, answer.error.data.code], ["show", "RESPONSE_TOO_LARGE"]);
      assertMatch(answer.error.message, /exceeds limit of 2KB$/);
    }
  } finally {
    release();
    await t.close();
  }
});

/** A backend whose change_open waits `delayMs` for its turn, like a mutation in the queue. */
function queued(started: string[], delayMs: number) {
  return (backend: McpBackend): McpBackend => ({
    ...backend,
    async callTool(tool, args, ctx) {
      if (tool.name !== "change_open") return await backend.callTool(tool, args, ctx);
      await new Promise((r) => setTimeout(r, delayMs));
      if (ctx.signal.aborted) {
        return { ok: false, error: { code: "REQUEST_CANCELLED", message: "cancelled", hint: "" } };
      }
      started.push(String((args as { slug: string }).slug));
      return await backend.callTool(tool, args, ctx);
    },
  });
}

Deno.test("limits: REQUEST_TIMEOUT_MS answers REQUEST_TIMEOUT and the queued mutation never runs", async () => {
  const started: string[] = [];
  const t = await secureTestApp({ ...BASE, REQUEST_TIMEOUT_MS: "200" }, {
    wrap: queued(started, 400),
  });
  try {
    const began = performance.now();
    const res = await t.request("/sse", {
      method: "POST",
      headers: { Accept: "application/json" },
      body: envelope("change_open", { title: "Too slow", slug: "too-slow" }),
    });
    assertEquals(res.status, 504);
    const body = await res.json();
    assertEquals(body.error.code, "REQUEST_TIMEOUT");
    assertEquals(body.error.message, "Request timed out after 200 ms");
    assert(performance.now() - began < 390, "answered at the deadline, not after the call");
    // Over MCP: the request is cancelled through the session and answered with the error.
    const init = await t.rpc(initializeMessage());
    const session = { "Mcp-Session-Id": init.headers.get("mcp-session-id")!, ...MCP_HEADERS };
    await init.body?.cancel();
    const answer = await (await t.rpc({
      jsonrpc: "2.0",
      id: "slow",
      method: "tools/call",
      params: { name: "change_open", arguments: { title: "Too slow", slug: "too-slow-mcp" } },
    }, { ...session, Accept: "application/json" })).json();
    assertEquals([answer.id, answer.error.data.code], ["slow", "REQUEST_TIMEOUT"]);
    await new Promise((r) => setTimeout(r, 500));
    assertEquals(started, [], "a timed-out mutation must not start");
    assertEquals(await t.fs.stat("openspec/changes/too-slow"), undefined);
  } finally {
    await t.close();
  }
});

limitsTest("limits: bodies over MAX_REQUEST_BODY_KB are 413, slow bodies 408", {
  MAX_REQUEST_BODY_KB: "1",
  BODY_TIMEOUT_MS: "150",
}, async (t) => {
  const big = JSON.stringify({ tool: "changes_active", input: {}, pad: "x".repeat(2048) });
  const sse = await t.request("/sse", { method: "POST", body: big });
  assertEquals([sse.status, (await sse.json()).error.code], [413, "CONTENT_TOO_LARGE"]);
  const rpc = await t.rpc({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: big } });
  assertEquals([rpc.status, (await rpc.json()).error.code], [413, -32600]);
  // A body that trickles in: cut off at the deadline, whatever its declared size.
  const trickle = () =>
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((r) => setTimeout(r, 50));
        controller.enqueue(new TextEncoder().encode(" "));
      },
    });
  const began = performance.now();
  const slow = await t.request("/sse", { method: "POST", body: trickle() });
  assertEquals(slow.status, 408);
  assertEquals((await slow.json()).error.code, "REQUEST_TIMEOUT");
  assert(performance.now() - began < 1000);
  const slowRpc = await t.request("/mcp", { method: "POST", body: trickle() });
  assertEquals(slowRpc.status, 408);
  await slowRpc.body?.cancel();
});

limitsTest("limits: MAX_STREAMS caps open streams; a tool call then gets a JSON answer", {
  MAX_STREAMS: "1",
}, async (t) => {
  const first = await t.request("/sse");
  assertEquals(first.status, 200);
  const second = await t.request("/sse");
  assertEquals([second.status, second.headers.get("retry-after")], [503, "60"]);
  await second.body?.cancel();
  const envelopeStream = await t.request("/sse", {
    method: "POST",
    body: envelope("changes_active", {}),
  });
  assertEquals(envelopeStream.status, 503);
  await envelopeStream.body?.cancel();
  const init = await t.rpc(initializeMessage());
  const session = { "Mcp-Session-Id": init.headers.get("mcp-session-id")! };
  await init.body?.cancel();
  const call = await t.rpc({
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: { name: "changes_active", arguments: {} },
  }, session);
  assertEquals(call.headers.get("content-type"), "application/json");
  assertEquals((await call.json()).id, 1);
  await first.body?.cancel();
  await new Promise((r) => setTimeout(r, 10));
  const again = await t.request("/sse");
  assertEquals(again.status, 200);
  await again.body?.cancel();
});

limitsTest("limits: a stream whose client stops reading is dropped with its session", {
  MAX_STREAM_BUFFER_KB: "16",
}, async (t) => {
  const stream = await t.request("/sse");
  const reader = stream.body!.getReader();
  const endpoint = new TextDecoder().decode((await reader.read()).value);
  const path = /data: (\/messages\?sessionId=[0-9a-f-]+)/.exec(endpoint)![1]!;
  const post = (message: unknown) =>
    t.request(path, { method: "POST", body: JSON.stringify(message) });
  await (await post(initializeMessage("2024-11-05", "init"))).body?.cancel();
  // Never read again; each tools/list answer (several KiB) queues on the stream.
  let status = 202;
  for (let i = 0; i < 200 && status === 202; i++) {
    const res = await post({ jsonrpc: "2.0", id: i, method: "tools/list" });
    status = res.status;
    await res.body?.cancel();
    await new Promise((r) => setTimeout(r, 1));
  }
  assertEquals(status, 404, "the session ended with its stream");
  assertEquals(t.http.counts().legacySseSessions, 0);
  assertEquals(t.http.counts().openStreams, 0);
  await reader.cancel().catch(() => {});
});
