/**
 * MCP over stdio: newline-delimited JSON-RPC on injected byte streams.
 *
 * The runtime adapter passes the real stdin/stdout; tests pass in-memory streams. Everything
 * written to `stdout` is a protocol message: one `JSON.stringify` line per write, so a message
 * never contains a raw newline and is never interleaved with another.
 *
 * @module
 */

import { TextLineStream } from "@std/streams";
import { ErrorCode } from "../mcp/backend.ts";
import { failure } from "../mcp/json_rpc.ts";
import { serializeMessage } from "../mcp/serialize.ts";
import type { McpServer } from "../mcp/server.ts";
import type { McpLogger } from "../mcp/session_types.ts";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "./json_depth.ts";
import { LineLimitStream } from "./line_limit_stream.ts";

/** How long a response waits after its own notifications (see `answer` below). */
const RELATED_NOTIFICATION_GAP_MS = 2;

/** The read-buffer cap of the SDK's stdio transport, which we match. */
const DEFAULT_MAX_LINE_LENGTH = 10 * 1024 * 1024;

/** Options of {@link serveStdio}. */
export interface StdioOptions {
  /** Bytes from the client (the process's stdin). */
  stdin: ReadableStream<Uint8Array>;
  /** Bytes to the client (the process's stdout); closed when serving ends. */
  stdout: WritableStream<Uint8Array>;
  /** Longest accepted line in UTF-16 code units, without its newline; default 10 MiB. */
  maxLineLength?: number;
  /** The caller recorded in receipts; default `stdio`. */
  caller?: string;
  /** Receives transport failures (a broken stdout); never written to `stdout`. */
  logger?: McpLogger;
}

/**
 * Serves one MCP session over stdio until stdin ends. Resolves (never rejects) once stdin
 * reached EOF or failed, every
 * request still running has been answered, and `stdout` is flushed and closed; the caller then
 * exits (the spec's shutdown for stdio is the client closing stdin).
 *
 * Requests run concurrently, so a `notifications/cancelled` can reach a running call, and their
 * responses are written in order of completion. Reading pauses while `stdout` is backed up.
 *
 * Both eras share the process: `initialize` opens the 2025 session, and requests carrying the
 * 2026-07-28 per-request `_meta` (`server/discover` is the modern probe) are served statelessly
 * beside it. Notifications of a `subscriptions/listen` go to stdout tagged with its id.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { serveStdio } from "./stdio.ts";
 * import { createApp } from "../app.ts";
 * import { createMemoryFileSystem } from "../fs/memory.ts";
 * import { createMcpServer } from "../mcp/server.ts";
 * const server = createMcpServer(createApp({ fs: createMemoryFileSystem() }).backend);
 * const ping = new TextEncoder().encode('{"jsonrpc":"2.0","id":1,"method":"ping"}\n');
 * let written = "";
 * const stdout = new WritableStream<Uint8Array>({
 *   write(chunk) {
 *     written += new TextDecoder().decode(chunk);
 *   },
 * });
 * await serveStdio(server, { stdin: ReadableStream.from([ping]), stdout });
 * assertEquals(JSON.parse(written), { jsonrpc: "2.0", id: 1, result: {} });
 * ```
 */
export async function serveStdio(server: McpServer, options: StdioOptions): Promise<void> {
  const maxLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  const writer = options.stdout.getWriter();
  const encoder = new TextEncoder();
  const lines: ReadableStream<string> = options.stdin
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new LineLimitStream(maxLength))
    .pipeThrough(new TextLineStream());
  const reader = lines.getReader();
  let broken = false;
  let lastWrite: Promise<void> = Promise.resolve();
  const write = (message: unknown) => {
    if (broken) return;
    const json = serializeMessage(message, (error) => {
      options.logger?.error("A message could not be serialized", error);
    });
    if (json === undefined) return;
    // Writes are queued by the writer in call order; awaiting the last one flushes them all.
    lastWrite = writer.write(encoder.encode(json + "\n")).catch((error) => {
      if (broken) return;
      broken = true;
      options.logger?.error("Writing to stdout failed", error);
      // The client is gone: stop reading even if stdin stays open.
      reader.cancel().catch(() => {});
    });
  };

  /**
   * Handles one message. A response whose request sent progress or log notifications is held
   * back briefly after them: the SDK client dispatches notifications a microtask later than
   * responses and forgets a request's progress handler when its response is read, so progress
   * arriving in the same read as the response would be lost.
   */
  const answer = async (message: unknown) => {
    let related = false;
    const response = await session.handle(message, {
      notify: (notification) => {
        related = true;
        write(notification);
      },
    });
    if (response === undefined) return;
    if (related) {
      await lastWrite;
      await new Promise((resolve) => setTimeout(resolve, RELATED_NOTIFICATION_GAP_MS));
    }
    write(response);
  };

  const session = server.createSession({ caller: options.caller ?? "stdio", send: write });
  const running = new Set<Promise<unknown>>();
  try {
    while (!broken) {
      const next = await reader.read().catch((error) => {
        options.logger?.error("Reading stdin failed", error);
        return { done: true, value: undefined } as const;
      });
      if (next.done) break;
      const value = next.value;
      const line = value.endsWith("\r") ? value.slice(0, -1) : value;
      if (line.length > maxLength) {
        const text = `Message too large: lines are limited to ${maxLength} characters`;
        write(failure(null, ErrorCode.InvalidRequest, text));
      } else if (nestsDeeperThan(line, MAX_JSON_DEPTH)) {
        // Parsed, a value 100,000 deep costs seconds the moment anything walks it.
        const text = `Message nests deeper than ${MAX_JSON_DEPTH} levels`;
        write(failure(null, ErrorCode.InvalidRequest, text));
      } else if (line.trim() !== "") {
        const message = parseJson(line);
        if (message === undefined) {
          write(failure(null, ErrorCode.ParseError, "Parse error: the line is not valid JSON"));
        } else {
          const answered = answer(message.value)
            .catch((error) => options.logger?.error("Handling a message failed", error));
          running.add(answered);
          answered.finally(() => running.delete(answered));
        }
      }
      await writer.ready.catch(() => broken = true);
    }
  } finally {
    // A broken stdout means the client is gone: stop the work nobody will read.
    if (broken) session.close();
    // Open `subscriptions/listen` requests never finish on their own: end them gracefully, so
    // that each is answered with its completion result and shutdown does not wait on them.
    session.endSubscriptions();
    await Promise.all(running);
    session.close();
    await lastWrite;
    await writer.close().catch(() => {});
  }
}

/** The parsed value, boxed so that a valid `null` line is told apart from a parse failure. */
function parseJson(line: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(line) };
  } catch {
    return undefined;
  }
}
