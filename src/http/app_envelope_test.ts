import { assert, assertEquals, assertMatch } from "@std/assert";
import { MemoryBackend } from "../mcp/_test_backend.ts";
import { testApp } from "./_test_app.ts";
import { eventReader, readEvents, readNdjson } from "./_test_sse.ts";

const post = (body: unknown, accept: string) => ({
  method: "POST",
  headers: { "Content-Type": "application/json", "Accept": accept },
  body: typeof body === "string" ? body : JSON.stringify(body),
});
const OPEN = {
  tool: "change.open",
  input: { title: "My first change", slug: "my-first-change", template: "feature" },
};

Deno.test("POST /sse streams a keep-alive comment, then the result event, then ends", async () => {
  const t = testApp();
  try {
    const res = await t.request("/sse", post(OPEN, "text/event-stream"));
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("content-type"), "text/event-stream");
    assertEquals(res.headers.get("cache-control"), "no-cache, no-transform");
    assertEquals(res.headers.get("x-accel-buffering"), "no");
    assertEquals(res.headers.get("api-version"), "1.0.0");
    const [first, result, ...rest] = await readEvents(res);
    assertMatch(first!.comment!, /^keep-alive \d+$/);
    assertEquals(result!.event, "result");
    assertMatch(result!.id!, /^req-/);
    const data = JSON.parse(result!.data!);
    assertEquals([data.apiVersion, data.tool], ["1.0.0", "change.open"]);
    assertMatch(data.startedAt, /^\d{4}-\d\d-\d\dT/);
    assertEquals(typeof data.duration, "number");
    assertEquals(data.result.content[0].type, "text");
    assert(
      data.result.content.some((c: { type: string; uri?: string }) =>
        c.type === "resource" && c.uri === "change://my-first-change/proposal"
      ),
    );
    assertEquals(data.result.structuredContent.slug, "my-first-change");
    assertEquals(data.receipt.operation, "change.open");
    assertEquals(rest, []);
  } finally {
    await t.close();
  }
});

Deno.test("POST /mcp with Accept: application/x-ndjson answers start, result and end lines", async () => {
  const t = testApp();
  try {
    await (await t.request("/sse", post(OPEN, "application/json"))).body?.cancel();
    const res = await t.request(
      "/mcp",
      post({ tool: "changes_active", input: { limit: 10 } }, "application/x-ndjson"),
    );
    assertEquals(res.headers.get("content-type"), "application/x-ndjson");
    const lines = await readNdjson(res);
    assertEquals(lines.map((l) => l.type), ["start", "result", "end"]);
    assertEquals([lines[0]!.tool, lines[0]!.apiVersion], ["changes_active", "1.0.0"]);
    assert(lines.every((l) => typeof l.ts === "number"));
    const result = lines[1]!.result as { structuredContent: { total: number } };
    assertEquals(result.structuredContent.total, 1);
  } finally {
    await t.close();
  }
});

Deno.test("tool failures are error events, error lines, or the table's status as JSON", async () => {
  const t = testApp();
  try {
    const archive = { tool: "change.archive", input: { slug: "no-such-change" } };
    const events = await readEvents(await t.request("/sse", post(archive, "*/*")));
    const error = events.find((e) => e.event === "error")!;
    const data = JSON.parse(error.data!);
    assertEquals(data.error.code, "CHANGE_NOT_FOUND");
    assertEquals(typeof data.error.hint, "string");
    assertEquals([data.apiVersion, typeof data.startedAt], ["1.0.0", "string"]);

    const lines = await readNdjson(
      await t.request("/mcp", post(archive, "application/x-ndjson")),
    );
    assertEquals(lines.map((l) => l.type), ["start", "error", "end"]);
    assertEquals((lines[1]!.error as { code: string }).code, "CHANGE_NOT_FOUND");

    const json = await t.request("/mcp", post(archive, "application/json"));
    assertEquals(json.status, 404);
    const body = await json.json();
    assertEquals(body.error.code, "CHANGE_NOT_FOUND");
    assertMatch(body.requestId, /^req-/);
    assertEquals(body.apiVersion, "1.0.0");

    const bad = { tool: "change_open", input: { title: "x", slug: "Not A Slug!" } };
    const invalid = await t.request("/sse", post(bad, "application/json"));
    assertEquals([invalid.status, (await invalid.json()).error.code], [400, "INVALID_INPUT"]);
  } finally {
    await t.close();
  }
});

Deno.test("failures before the stream starts are HTTP statuses with a JSON error body", async () => {
  const t = testApp({ limits: { maxBodyBytes: 1024 } });
  try {
    const cases: [string, string, number, string, string?][] = [
      ["/sse", "{not json", 400, "VALIDATION_ERROR"],
      ["/sse", JSON.stringify({ input: {} }), 400, "VALIDATION_ERROR", "tool"],
      ["/sse", JSON.stringify({ tool: "x y!", input: {} }), 400, "INVALID_TOOL_NAME"],
      ["/sse", JSON.stringify({ tool: "change.nope", input: {} }), 404, "TOOL_NOT_FOUND"],
      ["/sse", JSON.stringify({ tool: "change.open" }), 400, "VALIDATION_ERROR", "input"],
      ["/sse", JSON.stringify({ ...OPEN, apiVersion: "2.0.0" }), 400, "VALIDATION_ERROR"],
      ["/sse", JSON.stringify({ ...OPEN, apiVersion: "one" }), 400, "VALIDATION_ERROR"],
      ["/sse", JSON.stringify([OPEN]), 400, "VALIDATION_ERROR"],
      ["/sse", JSON.stringify({ ...OPEN, pad: "x".repeat(2000) }), 413, "CONTENT_TOO_LARGE"],
      ["/mcp", JSON.stringify({ tool: "change.nope", input: {} }), 404, "TOOL_NOT_FOUND"],
      ["/mcp", "{not json", 400, "VALIDATION_ERROR"],
    ];
    for (const [path, body, status, code, field] of cases) {
      const res = await t.request(
        path,
        post(body, "application/x-ndjson, text/event-stream"),
      );
      const json = await res.json();
      assertEquals([res.status, json.error.code], [status, code], `${path} ${body.slice(0, 40)}`);
      assertEquals(res.headers.get("api-version"), "1.0.0");
      assertEquals(typeof json.error.hint, "string");
      assertMatch(json.requestId, /^req-/);
      assertMatch(json.timestamp, /^\d{4}-/);
      if (field) assertEquals(json.error.details.field, field);
    }
  } finally {
    await t.close();
  }
});

Deno.test("POST /sse refuses JSON-RPC with 400 so MCP clients fall back to GET /sse", async () => {
  const t = testApp();
  try {
    const res = await t.request(
      "/sse",
      post({ jsonrpc: "2.0", id: 1, method: "initialize", params: {} }, "*/*"),
    );
    assertEquals(res.status, 400);
    assertEquals((await res.json()).error.code, "VALIDATION_ERROR");
  } finally {
    await t.close();
  }
});

Deno.test("a running call sends heartbeats; a disconnect aborts it and stops the timer", async () => {
  const backend = new MemoryBackend();
  const t = testApp({ backend, limits: { heartbeatMs: 20 } });
  try {
    const res = await t.request("/sse", post({ tool: "wait", input: {} }, "*/*"));
    const reader = eventReader(res.body!);
    assertMatch((await reader.next())!.comment!, /^keep-alive/);
    const beat = await reader.until((e) => e.event === "heartbeat");
    assertEquals(typeof JSON.parse(beat.data!).ts, "number");
    assertEquals(t.http.counts().timers, 1);
    assertEquals(t.http.counts().inFlightCalls, 1);
    await reader.cancel();
    assert(backend.calls[0]!.ctx.signal.aborted);
    await new Promise((r) => setTimeout(r, 0));
    assertEquals(t.http.counts(), {
      mcpSessions: 0,
      legacySseSessions: 0,
      openStreams: 0,
      timers: 0,
      inFlightCalls: 0,
    });
  } finally {
    await t.close();
  }
});

Deno.test("shutdown lets a running call finish, then ends streams that outlast it", async () => {
  const backend = new MemoryBackend();
  const t = testApp({ backend });
  try {
    const quick = await t.request("/mcp", post({ tool: "wait", input: {} }, "*/*"));
    const draining = t.http.shutdown(5_000);
    const refused = await t.request("/sse", post({ tool: "echo", input: {} }, "*/*"));
    assertEquals(refused.status, 503);
    backend.release();
    await draining;
    const lines = await readNdjson(quick);
    assertEquals(lines.map((l) => l.type), ["start", "result", "end"]);

    const slow = testApp({ backend: new MemoryBackend() });
    const res = await slow.request("/sse", post({ tool: "wait", input: {} }, "*/*"));
    await slow.http.shutdown(10);
    const events = await readEvents(res);
    const last = events.at(-1)!;
    assertEquals(last.event, "error");
    assertMatch(JSON.parse(last.data!).error.message, /shut down/);
    await slow.close();
  } finally {
    await t.close();
  }
});
