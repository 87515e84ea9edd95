/**
 * The examples under examples/: the envelope client against the real server (compiled binary and
 * source under Deno) over both transports, its retries and circuit breaker, and the Messages API
 * tool-use loop against a local stand-in of the API replaying recorded responses.
 */
import { assert, assertEquals, assertGreaterOrEqual, assertRejects } from "@std/assert";
import {
  type AttemptInfo,
  backoff,
  createTaskMcpClient,
  parseNdjson,
  parseSse,
  TaskMcpError,
} from "../examples/envelope_client.ts";
import {
  listTaskMcpTools,
  type Message,
  type MessageBlock,
  type MessagesResponse,
  runToolLoop,
} from "../examples/messages_tool_loop.ts";
import { PROPOSAL, SPEC } from "./helpers/http_lifecycle.ts";
import { tempProject } from "./helpers/repo.ts";
import { withHttpServer } from "./helpers/http_server.ts";
import { eachTarget } from "./helpers/targets.ts";

const TASKS = `# Tasks

## 1. Implementation

- [ ] 1.1 Add the login endpoint
`;

const DESIGN = "# Design\n\n## Context\n\nSessions are stored server-side.\n";

const FAST_RETRY = { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 };

/** A stream that delivers `text` in pieces of `size` bytes (splitting events, CRLFs, UTF-8). */
function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

Deno.test("parseSse and parseNdjson survive any chunking, CRLF, comments and multi-line data", async () => {
  const sse = ": keep-alive 15000\r\n\r\nevent: heartbeat\r\ndata: {}\r\n\r\n" +
    'event: result\nid: r-1\ndata: {"a":\ndata: "é✓"}\n\n: trailing comment\n';
  const ndjson = '{"type":"start"}\r\n\n{"type":"result","result":{"x":"ü"}}\n{"type":"end"}';
  for (const size of [1, 2, 3, 7, 1000]) {
    assertEquals(await collect(parseSse(chunked(sse, size))), [
      { event: "heartbeat", data: "{}", id: undefined },
      { event: "result", data: '{"a":\n"é✓"}', id: "r-1" },
    ]);
    assertEquals(await collect(parseNdjson(chunked(ndjson, size))), [
      { type: "start" },
      { type: "result", result: { x: "ü" } },
      { type: "end" },
    ]);
  }
  // Full jitter stays under the exponential ceiling, and never under Retry-After.
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  assertEquals(backoff(policy, 1, () => 0.999), 99);
  assertEquals(backoff(policy, 3, () => 0.5), 200);
  assertEquals(backoff(policy, 10, () => 0.999), 999);
  assertEquals(backoff(policy, 1, () => 0, 1500), 1500);
});

type Opened = { slug: string; path: string };
type Active = { items: { slug: string }[] };
type Validated = { valid: boolean; issues: unknown[] };
type Archived = { archivedAs: string };

eachTarget(
  "examples: the envelope client runs a whole lifecycle over SSE and NDJSON",
  async (t) => {
    const root = await tempProject();
    await withHttpServer(t, root, async (server) => {
      for (const transport of ["sse", "ndjson"] as const) {
        const client = createTaskMcpClient({ baseUrl: server.url, transport, retry: FAST_RETRY });
        const slug = `auth-${transport}`;
        const opened = await client.call<Opened>("change.open", {
          title: `Add user authentication (${transport})`,
          slug,
          template: "feature",
          capability: slug,
        });
        assertEquals(opened.structuredContent.slug, slug);
        assert(opened.content.some((b) => b.type === "text"));
        const active = await client.call<Active>("changes_active", {});
        assert(active.structuredContent.items.some((i) => i.slug === slug));
        for (
          const [path, content] of [
            ["proposal.md", PROPOSAL],
            [`specs/${slug}/spec.md`, SPEC],
            ["tasks.md", TASKS],
            ["design.md", DESIGN],
          ]
        ) {
          await client.call("change_write", { slug, path, content });
        }
        const report = await client.call<Validated>("change_validate", { slug });
        assertEquals(
          report.structuredContent.valid,
          true,
          JSON.stringify(report.structuredContent),
        );
        const archived = await client.call<Archived>("change.archive", { slug });
        assert(archived.structuredContent.archivedAs.endsWith(`-${slug}`));
        const spec = await Deno.readTextFile(`${root}/openspec/specs/${slug}/spec.md`);
        assert(spec.includes("Password sign-in"));
      }
    });
  },
);

eachTarget("examples: typed errors are thrown and never retried", async (t) => {
  const root = await tempProject();
  await withHttpServer(t, root, async (server) => {
    for (const transport of ["sse", "ndjson"] as const) {
      const attempts: AttemptInfo[] = [];
      const client = createTaskMcpClient({
        baseUrl: server.url,
        token: "s3cret-token-for-tests",
        transport,
        retry: FAST_RETRY,
        onAttempt: (info) => attempts.push(info),
      });
      const invalid = await assertRejects(
        () => client.call("change_open", { title: "Bad", slug: "Not A Slug!" }),
        TaskMcpError,
      );
      assertEquals([invalid.code, invalid.status, invalid.retryable], [
        "INVALID_INPUT",
        200,
        false,
      ]);
      assertEquals(attempts.length, 1);

      const missing = await assertRejects(
        () => client.call("change_show", { slug: "no-such-change" }),
        TaskMcpError,
      );
      assertEquals([missing.code, missing.retryable], ["CHANGE_NOT_FOUND", false]);
      assert(missing.hint.length > 0);

      const unknown = await assertRejects(() => client.call("nope", {}), TaskMcpError);
      assertEquals([unknown.code, unknown.status], ["TOOL_NOT_FOUND", 404]);
      assertEquals(attempts.length, 3);

      const anonymous = createTaskMcpClient({
        baseUrl: server.url,
        transport,
        retry: FAST_RETRY,
        onAttempt: (info) => attempts.push(info),
      });
      const denied = await assertRejects(() => anonymous.call("changes_active", {}), TaskMcpError);
      assertEquals([denied.code, denied.status, denied.retryable], [
        "AUTHENTICATION_FAILED",
        401,
        false,
      ]);
      assertEquals(attempts.length, 4);
    }
  }, { env: { AUTH_TOKENS: "s3cret-token-for-tests" } });
});

eachTarget("examples: a 429 is retried after Retry-After", async (t) => {
  const root = await tempProject();
  await withHttpServer(t, root, async (server) => {
    const attempts: AttemptInfo[] = [];
    const client = createTaskMcpClient({
      baseUrl: server.url,
      transport: "ndjson",
      retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 50 },
      onAttempt: (info) => attempts.push(info),
    });
    await client.call("changes_active", {});
    const started = Date.now();
    const second = await client.call<Active>("changes_active", {});
    const elapsed = Date.now() - started;
    assertEquals(second.structuredContent.items, []);
    const limited = attempts.filter((a) => a.error?.status === 429);
    assert(limited.length >= 1, JSON.stringify(attempts));
    const first = limited[0]!;
    assertEquals([first.error!.code, first.error!.retryable], ["RATE_LIMIT_EXCEEDED", true]);
    assertGreaterOrEqual(first.error!.retryAfterMs!, 1000);
    assertGreaterOrEqual(first.delayMs!, first.error!.retryAfterMs!);
    assertGreaterOrEqual(elapsed, 1000);
    assertEquals(attempts.at(-1)?.error, undefined);
  }, { env: { RATE_LIMIT: "1", RATE_LIMIT_BURST: "1", RATE_LIMIT_WINDOW_MS: "1000" } });
});

Deno.test({
  name: "examples: the breaker opens against a closed port, fails fast, then half-opens",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    // A port that was free a moment ago: nothing listens there now.
    const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (probe.addr as Deno.NetAddr).port;
    probe.close();

    let fetches = 0;
    const attempts: AttemptInfo[] = [];
    const client = createTaskMcpClient({
      baseUrl: `http://127.0.0.1:${port}`,
      transport: "sse",
      retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 10 },
      breaker: { failureThreshold: 3, cooldownMs: 400 },
      onAttempt: (info) => attempts.push(info),
      fetch: (input, init) => {
        fetches++;
        return fetch(input, init);
      },
    });

    // Retries stop when the third consecutive failure opens the circuit.
    const down = await assertRejects(() => client.call("changes_active", {}), TaskMcpError);
    assertEquals([down.code, down.status, down.retryable], ["NETWORK_ERROR", 0, true]);
    assertEquals([fetches, client.breakerState()], [3, "open"]);

    const fast = await assertRejects(() => client.call("changes_active", {}), TaskMcpError);
    assertEquals(fast.code, "CIRCUIT_OPEN");
    assert(fast.retryAfterMs! > 0 && fast.retryAfterMs! <= 400);
    assertEquals(fetches, 3);

    // After the cool-down one trial goes through; it fails, so the circuit opens again at once.
    await new Promise((r) => setTimeout(r, 450));
    assertEquals(client.breakerState(), "half-open");
    const trial = await assertRejects(() => client.call("changes_active", {}), TaskMcpError);
    assertEquals([trial.code, fetches, client.breakerState()], ["NETWORK_ERROR", 4, "open"]);

    // Bring the "server" up on that port (heartbeats, comments, an event split across writes).
    await new Promise((r) => setTimeout(r, 450));
    const stub = Deno.serve(
      { hostname: "127.0.0.1", port, onListen: () => {} },
      () => {
        const parts = [
          ": keep-alive 15000\n\n",
          "event: heartbeat\ndata: {}\n\n",
          'event: result\nid: req-1\ndata: {"apiVersion":"1.0.0","tool":"changes_active",',
          '"result":{"content":[{"type":"text","text":"No changes"}],',
          '"structuredContent":{"items":[]}},"duration":1}\n\n',
        ];
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            for (const part of parts) {
              controller.enqueue(new TextEncoder().encode(part));
              await new Promise((r) => setTimeout(r, 5));
            }
            controller.close();
          },
        });
        return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
      },
    );
    try {
      assertEquals(client.breakerState(), "half-open");
      const ok = await client.call<Active>("changes_active", {});
      assertEquals([ok.structuredContent.items, ok.duration], [[], 1]);
      assertEquals(client.breakerState(), "closed");
    } finally {
      await stub.shutdown();
    }
  },
});

type Fixture = { prompt: string; model: string; responses: MessagesResponse[] };

eachTarget("examples: the Messages API tool loop drives task-mcp", async (t) => {
  const fixture = JSON.parse(
    await Deno.readTextFile(
      new URL("../examples/fixtures/messages_tool_loop.json", import.meta.url),
    ),
  ) as Fixture;
  const root = await tempProject();
  await withHttpServer(t, root, async (server) => {
    // The stand-in for the Messages API: replays the recording, keeps what it was sent.
    const received: { headers: Headers; body: Record<string, unknown> }[] = [];
    const api = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
      const url = new URL(req.url);
      if (req.method !== "POST" || url.pathname !== "/v1/messages") {
        return new Response("not found", { status: 404 });
      }
      received.push({ headers: req.headers, body: await req.json() });
      const next = fixture.responses[received.length - 1];
      if (!next) {
        return Response.json({
          type: "error",
          error: { type: "invalid_request_error", message: "no more recorded responses" },
        }, { status: 400 });
      }
      return Response.json(next);
    });
    try {
      const tools = await listTaskMcpTools(server.url);
      assertEquals(tools.map((x) => x.name), [
        "change_open",
        "change_write",
        "change_task",
        "change_show",
        "change_status",
        "change_validate",
        "change_archive",
        "changes_active",
        "change_review",
      ]);
      const result = await runToolLoop(fixture.prompt, {
        messagesUrl: `http://127.0.0.1:${api.addr.port}`,
        apiKey: "sk-ant-test",
        model: fixture.model,
        maxTokens: 2048,
        tools,
        taskMcp: createTaskMcpClient({ baseUrl: server.url, transport: "ndjson" }),
      });

      // The loop ran to end_turn and returns the last text and the whole conversation.
      assertEquals(result.stopReason, "end_turn");
      const last = fixture.responses.at(-1)!.content[0] as { text: string };
      assertEquals(result.text, last.text);
      assertEquals(result.transcript.length, 6);
      assertEquals(received.length, 3);

      // Every request: the headers, the model, the tools, the conversation so far.
      for (const [i, { headers, body }] of received.entries()) {
        assertEquals(headers.get("x-api-key"), "sk-ant-test");
        assertEquals(headers.get("anthropic-version"), "2023-06-01");
        assertEquals([body.model, body.max_tokens], [fixture.model, 2048]);
        const sent = body.tools as { name: string; input_schema: { type: string } }[];
        assertEquals(sent.map((x) => x.name), tools.map((x) => x.name));
        assert(sent.every((x) => x.input_schema.type === "object"));
        assertEquals((body.messages as Message[]).length, 1 + 2 * i);
      }
      assertEquals((received[0]!.body.messages as Message[])[0], {
        role: "user",
        content: fixture.prompt,
      });

      // The tool results answer the tool uses, by id and in order, with task-mcp's real output.
      for (const i of [1, 2]) {
        const messages = received[i]!.body.messages as Message[];
        assertEquals(messages.at(-2), {
          role: "assistant",
          content: fixture.responses[i - 1]!.content,
        });
        const uses = fixture.responses[i - 1]!.content.filter((b) => b.type === "tool_use") as {
          id: string;
        }[];
        const answer = messages.at(-1)!;
        assertEquals(answer.role, "user");
        const results = answer.content as Extract<MessageBlock, { type: "tool_result" }>[];
        assertEquals(
          results.map((r) => [r.type, r.tool_use_id]),
          uses.map((u) => ["tool_result", u.id]),
        );
      }
      const [opened, active, missing] = (received[1]!.body.messages as Message[]).at(-1)!
        .content as { content: string; is_error?: boolean }[];
      const openedData = JSON.parse(opened!.content);
      assertEquals(openedData.slug, "add-user-auth");
      assertEquals(openedData.capability, "user-auth");
      assert(openedData.path.startsWith(root), openedData.path);
      assertEquals(opened!.is_error, undefined);
      assertEquals(JSON.parse(active!.content).items.map((x: { slug: string }) => x.slug), [
        "add-user-auth",
      ]);
      assertEquals(missing!.is_error, true);
      assert(missing!.content.startsWith("CHANGE_NOT_FOUND: "), missing!.content);
      const [written, validated] = (received[2]!.body.messages as Message[]).at(-1)!
        .content as { content: string; is_error?: boolean }[];
      assertEquals(written!.is_error, undefined);
      const report = JSON.parse(validated!.content);
      // The delta spec is written; what is left are the template's markers in the proposal and
      // design: warnings that strict validation and archive both accept.
      assertEquals([report.valid, report.archivable], [true, true]);
      assert(report.issues.length > 0);
      assert(report.issues.every((i: { level: string }) => i.level === "WARNING"));

      // And the change really is on disk.
      const dir = `${root}/openspec/changes/add-user-auth`;
      const spec = await Deno.readTextFile(`${dir}/specs/user-auth/spec.md`);
      const write = fixture.responses[1]!.content[1] as unknown as { input: { content: string } };
      assertEquals(spec, write.input.content);
      assert((await Deno.stat(`${dir}/proposal.md`)).isFile);
    } finally {
      await api.shutdown();
    }
  });
});
