import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { MemoryBackend, note, request } from "../mcp/_test_backend.ts";
import { initializeParams } from "../mcp/_test_mcp.ts";
import { createMcpServer } from "../mcp/server.ts";
import { LineLimitStream } from "./line_limit_stream.ts";
import { serveStdio } from "./stdio.ts";

type Message = Record<string, unknown> & { id?: unknown; error?: { code: number } };

/** A stdin the test writes text into, chunk by chunk. */
function fakeStdin() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const encoder = new TextEncoder();
  return {
    stream,
    send: (...chunks: string[]) =>
      chunks.forEach((chunk) => controller.enqueue(encoder.encode(chunk))),
    line: (message: unknown) => controller.enqueue(encoder.encode(JSON.stringify(message) + "\n")),
    end: () => controller.close(),
  };
}

/** A stdout that records every write and lets the test wait for a message. */
function fakeStdout() {
  const writes: string[] = [];
  const waiters: { test: (message: Message) => boolean; resolve: (m: Message) => void }[] = [];
  let closed = false;
  const decoder = new TextDecoder();
  const stream = new WritableStream<Uint8Array>({
    write(chunk) {
      const text = decoder.decode(chunk);
      writes.push(text);
      const message = JSON.parse(text) as Message;
      for (const waiter of [...waiters]) {
        if (waiter.test(message)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    },
    close: () => void (closed = true),
  });
  return {
    stream,
    writes,
    messages: () => writes.map((text) => JSON.parse(text) as Message),
    isClosed: () => closed,
    waitFor: (test: (message: Message) => boolean) =>
      new Promise<Message>((resolve) => waiters.push({ test, resolve })),
  };
}

function start(options: { backend?: MemoryBackend; maxLineLength?: number } = {}) {
  const backend = options.backend ?? new MemoryBackend();
  const server = createMcpServer(backend);
  const stdin = fakeStdin();
  const stdout = fakeStdout();
  const done = serveStdio(server, {
    stdin: stdin.stream,
    stdout: stdout.stream,
    maxLineLength: options.maxLineLength,
  });
  return { backend, server, stdin, stdout, done };
}

const initialize = (version = "2025-11-25") => request(0, "initialize", initializeParams(version));

Deno.test("stdio frames messages across chunks and CRLF, one complete line per write", async () => {
  const { stdin, stdout, done } = start();
  const text = JSON.stringify(initialize()) + "\r\n" +
    JSON.stringify(note("notifications/initialized")) + "\n" +
    JSON.stringify(request(1, "tools/list")) + "\r\n" +
    JSON.stringify(request(2, "ping")); // last line without newline: still handled at EOF
  for (let at = 0; at < text.length; at += 7) stdin.send(text.slice(at, at + 7));
  stdin.end();
  await done;
  assertEquals(stdout.messages().map((message) => message.id), [0, 1, 2]);
  for (const write of stdout.writes) {
    assert(write.endsWith("\n"));
    assertEquals(write.indexOf("\n"), write.length - 1);
  }
  assert(stdout.isClosed());
});

Deno.test("stdio answers a non-JSON line with -32700 and keeps going; blank lines are ignored", async () => {
  const { stdin, stdout, done } = start();
  stdin.line(initialize());
  stdin.send("{not json\n", "\n", "   \r\n", "\t\n");
  stdin.line(request(1, "ping"));
  stdin.send("null\n");
  stdin.end();
  await done;
  const messages = stdout.messages();
  assertEquals(messages.map((message) => [message.id, message.error?.code]), [
    [0, undefined],
    [null, -32700],
    [1, undefined],
    [null, -32600],
  ]);
});

Deno.test("stdio rejects an oversize line without buffering it and recovers", async () => {
  const { stdin, stdout, done } = start({ maxLineLength: 200 });
  stdin.line(initialize());
  stdin.send('{"jsonrpc":"2.0","id":9,"method":"ping","params":{"pad":"');
  for (let i = 0; i < 100; i++) stdin.send("x".repeat(1000));
  stdin.send('"}}\n');
  stdin.line(request(1, "ping"));
  stdin.end();
  await done;
  const messages = stdout.messages();
  assertEquals(messages.map((message) => [message.id, message.error?.code]), [
    [0, undefined],
    [null, -32600],
    [1, undefined],
  ]);
  assertStringIncludes(JSON.stringify(messages[1]), "too large");
});

Deno.test("LineLimitStream forwards at most maxLength + 1 characters of a line", async () => {
  const input = ["ab\nabcdefgh", "ijk\nxy", "z\n\nabcdef", "ghij"];
  const output = await Array.fromAsync(
    ReadableStream.from(input).pipeThrough(new LineLimitStream(3)),
  );
  assertEquals(output.join("").split("\n"), ["ab", "abcd", "xyz", "", "abcd", ""]);
  const exact = await Array.fromAsync(
    ReadableStream.from(["abc\n", "abc"]).pipeThrough(new LineLimitStream(3)),
  );
  assertEquals(exact.join(""), "abc\nabc");
});

Deno.test("stdio resolves at EOF only after in-flight requests have answered", async () => {
  const { stdin, stdout, done, backend } = start();
  stdin.line(initialize());
  stdin.line(request(1, "tools/call", { name: "wait" }));
  const called = stdout.waitFor((message) => message.id === 0);
  await called;
  stdin.end();
  let finished = false;
  done.then(() => finished = true);
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  assertEquals(finished, false);
  assertEquals(stdout.isClosed(), false);
  backend.release();
  await done;
  assertEquals(stdout.messages().map((message) => message.id), [0, 1]);
  assert(stdout.isClosed());
  assertEquals(backend.listenerCount, 0);
});

Deno.test("stdio handles requests concurrently so a cancel reaches a running call", async () => {
  const { stdin, stdout, done, backend } = start();
  stdin.line(initialize());
  stdin.line(note("notifications/initialized"));
  stdin.line(request(5, "tools/call", { name: "wait" }));
  stdin.line(request(6, "ping")); // answered while 5 still runs
  await stdout.waitFor((message) => message.id === 6);
  stdin.line(note("notifications/cancelled", { requestId: 5, reason: "stop" }));
  stdin.line(request(7, "ping"));
  stdin.end();
  await done;
  assertEquals(stdout.messages().map((message) => message.id), [0, 6, 7]);
  assert(backend.calls[0]?.ctx.signal.aborted);
  assertEquals(backend.calls[0]?.ctx.caller, "stdio");
});

Deno.test("stdio writes server notifications to stdout", async () => {
  const { stdin, stdout, done, backend } = start();
  stdin.line(initialize());
  stdin.line(note("notifications/initialized"));
  stdin.line(request(1, "resources/subscribe", { uri: "change://change-1" }));
  await stdout.waitFor((message) => message.id === 1);
  backend.emit({ uris: ["change://change-1"], listChanged: true });
  stdin.end();
  await done;
  assertEquals(stdout.messages().slice(2).map((message) => message.method), [
    "notifications/resources/list_changed",
    "notifications/resources/updated",
  ]);
});

Deno.test("stdio answers -32603 for a result JSON cannot represent and keeps serving", async () => {
  const backend = new MemoryBackend();
  backend.readResource = (uri) =>
    Promise.resolve([{ uri, mimeType: "text/plain", text: "x", size: 1n } as never]);
  const { stdin, stdout, done } = start({ backend });
  stdin.line(initialize());
  stdin.line(request(1, "resources/read", { uri: "change://change-1" }));
  stdin.line(request(2, "ping"));
  stdin.end();
  await done;
  const messages = stdout.messages();
  assertEquals(messages.find((message) => message.id === 1)?.error?.code, -32603);
  assert(messages.some((message) => message.id === 2 && "result" in message));
});

Deno.test("stdio stops and aborts running calls when stdout breaks", async () => {
  const backend = new MemoryBackend();
  const stdin = fakeStdin();
  let writes = 0;
  const stdout = new WritableStream<Uint8Array>({
    write() {
      if (++writes > 1) throw new Error("EPIPE");
    },
  });
  const errors: unknown[] = [];
  const done = serveStdio(createMcpServer(backend), {
    stdin: stdin.stream,
    stdout,
    logger: { error: (...args) => errors.push(args) },
  });
  stdin.line(initialize());
  stdin.line(request(1, "tools/call", { name: "wait" }));
  stdin.line(request(2, "ping")); // this write fails
  await done; // stdin stays open: the broken pipe alone ends serving
  assert(backend.calls[0]?.ctx.signal.aborted);
  assertEquals(errors.length, 1);
});

Deno.test("stdio serves a modern client and a 2025 session side by side; EOF ends open listens", async () => {
  const { stdin, stdout, done, backend } = start();
  const meta = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientCapabilities": {},
  };
  stdin.line(request("probe", "server/discover", { _meta: meta }));
  const discovered = await stdout.waitFor((m) => m.id === "probe");
  assertEquals((discovered.result as { resultType: string }).resultType, "complete");
  stdin.line(request("sub", "subscriptions/listen", {
    _meta: meta,
    notifications: { resourcesListChanged: true },
  }));
  await stdout.waitFor((m) => m.method === "notifications/subscriptions/acknowledged");
  stdin.line(initialize("2025-06-18"));
  stdin.line(request(1, "tools/list"));
  await stdout.waitFor((m) => m.id === 1);
  backend.emit({ uris: [], listChanged: true });
  const changed = await stdout.waitFor((m) => m.method === "notifications/resources/list_changed");
  // Only the listen asked for it: the 2025 session has sent no notifications/initialized.
  assertEquals(changed.params, { _meta: { "io.modelcontextprotocol/subscriptionId": "sub" } });
  stdin.end();
  await done;
  const messages = stdout.messages();
  const last = messages.at(-1)!;
  assertEquals(last.id, "sub");
  assertEquals((last.result as { resultType: string }).resultType, "complete");
  assertEquals(
    messages.filter((m) => m.method === "notifications/resources/list_changed").length,
    1,
  );
  assertEquals(
    (messages.find((m) => m.id === 0)!.result as { protocolVersion: string }).protocolVersion,
    "2025-06-18",
  );
  assert(stdout.isClosed());
});
