/**
 * Interoperability: the real MCP SDK `Client` talks to `serveStdio` over in-memory pipes, so
 * every response is checked by the SDK's own result schemas and output-schema validation.
 */

import { assert, assertEquals, assertRejects } from "@std/assert";
import { TextLineStream } from "@std/streams";
import { Client } from "@modelcontextprotocol/sdk/client";
// The SDK's wildcard export maps `x.js` to the missing `x.js.d.ts`, so Deno finds no types for
// `.js` subpaths; type-only imports use the extensionless path, which maps to `x.d.ts`.
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types";
// @ts-types="@modelcontextprotocol/sdk/types"
import {
  JSONRPCMessageSchema,
  LoggingMessageNotificationSchema,
  McpError,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { MemoryBackend } from "../mcp/_test_backend.ts";
import { createMcpServer } from "../mcp/server.ts";
import { serveStdio } from "./stdio.ts";

/** The client's end of a stdio pipe pair, as the SDK's `StdioClientTransport` would see it. */
class PipeTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #incoming: ReadableStream<Uint8Array>;
  #reading: Promise<void> = Promise.resolve();
  #encoder = new TextEncoder();

  constructor(toServer: WritableStream<Uint8Array>, fromServer: ReadableStream<Uint8Array>) {
    this.#writer = toServer.getWriter();
    this.#incoming = fromServer;
  }

  start(): Promise<void> {
    const lines: ReadableStream<string> = this.#incoming
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new TextLineStream());
    this.#reading = (async () => {
      for await (const line of lines) {
        this.onmessage?.(JSONRPCMessageSchema.parse(JSON.parse(line)));
      }
      this.onclose?.();
    })();
    return Promise.resolve();
  }

  async send(message: JSONRPCMessage): Promise<void> {
    await this.#writer.write(this.#encoder.encode(JSON.stringify(message) + "\n"));
  }

  async close(): Promise<void> {
    await this.#writer.close(); // EOF on the server's stdin
    await this.#reading;
  }
}

Deno.test("the MCP SDK Client works against serveStdio", async () => {
  const backend = new MemoryBackend();
  const toServer = new TransformStream<Uint8Array, Uint8Array>();
  const toClient = new TransformStream<Uint8Array, Uint8Array>();
  const serving = serveStdio(createMcpServer(backend), {
    stdin: toServer.readable,
    stdout: toClient.writable,
  });
  const client = new Client({ name: "sdk-test", version: "1.0.0" });
  const notices: string[] = [];
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
    notices.push(`updated ${n.params.uri}`);
  });
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
    notices.push("list_changed");
  });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    notices.push(`log ${n.params.level}`);
  });
  await client.connect(new PipeTransport(toServer.writable, toClient.readable));

  assertEquals(client.getServerVersion()?.name, "task-mcp-test");
  assertEquals(client.getServerCapabilities()?.resources, { subscribe: true, listChanged: true });
  assertEquals(client.getInstructions(), "Open a change with change_open.");
  await client.ping();

  const { tools } = await client.listTools(); // caches output validators for callTool
  assertEquals(tools.length, 8);
  const opened = await client.callTool({ name: "change_open", arguments: { slug: "sdk" } });
  assertEquals(opened.structuredContent, { slug: "sdk" });
  // isError results pass the SDK's output-schema validation, with and without `{ error }`.
  const invalid = await client.callTool({ name: "change_open", arguments: {} });
  assertEquals(invalid.isError, true);
  assertEquals(Object.keys(invalid.structuredContent ?? {}), ["error"]);
  const strict = await client.callTool({ name: "strict", arguments: { fail: true } });
  assertEquals([strict.isError, strict.structuredContent], [true, undefined]);
  const failed = await client.callTool({ name: "fail", arguments: {} });
  const structured = failed.structuredContent as { error?: { code: string } } | undefined;
  assertEquals(structured?.error?.code, "NOPE");
  const unknown = await assertRejects(
    () => client.callTool({ name: "nope", arguments: {} }),
    McpError,
  );
  assertEquals(unknown.code, -32602);

  const { resources } = await client.listResources();
  assert(resources.some((resource) => resource.uri === "change://sdk"));
  const read = await client.readResource({ uri: "change://change-1" });
  assertEquals(read.contents[0], {
    uri: "change://change-1",
    mimeType: "text/markdown",
    text: "# Change 1",
  });
  await client.subscribeResource({ uri: "@task:change://change-2" });
  await client.setLoggingLevel("warning");
  backend.emit({ uris: ["change://change-2"], listChanged: true });

  const progress: number[] = [];
  await client.callTool(
    { name: "progress", arguments: {} },
    undefined,
    { onprogress: (p) => progress.push(p.progress) },
  );
  assertEquals(progress, [1, 2]);

  const prompt = await client.getPrompt({ name: "review", arguments: { slug: "s" } });
  assertEquals(prompt.messages.length, 1);
  const completion = await client.complete({
    ref: { type: "ref/prompt", name: "review" },
    argument: { name: "slug", value: "change-" },
  });
  assertEquals(completion.completion.values, ["change-1", "change-2", "change-3"]);
  const cancel = new AbortController();
  const waiting = client.callTool({ name: "wait", arguments: {} }, undefined, {
    signal: cancel.signal,
  });
  while (backend.calls.at(-1)?.name !== "wait") await new Promise((r) => setTimeout(r, 1));
  cancel.abort("enough");
  await assertRejects(() => waiting);
  await client.ping(); // still alive after the cancel
  assert(backend.calls.at(-1)?.ctx.signal.aborted);

  await client.close();
  await serving;
  assertEquals(notices, [
    "list_changed",
    "list_changed",
    "updated @task:change://change-2",
    "log warning",
  ]);
});
