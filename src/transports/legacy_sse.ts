/**
 * The MCP HTTP+SSE transport of revision 2024-11-05, for clients that predate Streamable HTTP.
 *
 * `GET /sse` opens the stream and the session; its first event is `endpoint`, whose data is the
 * plain URI (not JSON) the client must POST its messages to: `/messages?sessionId=<uuid>`. Each
 * POST is answered `202 Accepted` at once, and every answer, notification and log message
 * travels on the stream as `event: message`. The session lives exactly as long as the stream:
 * when the client goes away its session, timer and running requests go too.
 *
 * @module
 */
import type { Limits } from "../limits.ts";
import { callLimits } from "../mcp/call_limits.ts";
import type { McpLogger, McpServer, McpSession } from "../mcp/mod.ts";
import { jsonRpcHttpError, sseMessage } from "./mcp_http.ts";
import { PushStream, type StreamRegistry } from "./push_stream.ts";
import { formatSseComment, formatSseEvent, SSE_HEADERS } from "./sse_format.ts";

/** Options of {@link createLegacySse}. */
export interface LegacySseOptions {
  server: McpServer;
  /** The interval of keep-alive comments, the most sessions, each request's deadline and size. */
  limits: Pick<Limits, "keepAliveMs" | "maxSessions" | "requestTimeoutMs" | "maxResponseBytes">;
  /** Holds running requests (shutdown waits for them) and open streams. */
  tracker: StreamRegistry & { track<T>(call: Promise<T>): Promise<T> };
  /** Where clients POST; default `/messages`. */
  messagesPath?: string;
  logger?: McpLogger;
}

/** The transport's handlers. */
export interface LegacySse {
  /** `GET /sse`: a new session and its stream. */
  open(caller: string): Response;
  /**
   * `POST /messages?sessionId=…`, with the body already parsed (`undefined` when it is not
   * JSON). `caller` must be the one that opened the session.
   */
  post(request: Request, body: { value: unknown } | undefined, caller: string): Response;
  readonly sessionCount: number;
  closeAll(): void;
}

interface Entry {
  session: McpSession;
  stream: PushStream;
  caller: string;
}

/**
 * Creates the transport.
 *
 * @example
 * ```ts
 * import { assertStringIncludes } from "@std/assert";
 * import { createLegacySse } from "./legacy_sse.ts";
 * import { createApp } from "../app.ts";
 * import { createMemoryFileSystem } from "../fs/memory.ts";
 * import { ConnectionTracker } from "../http/connection_tracker.ts";
 * import { DEFAULT_LIMITS } from "../limits.ts";
 * import { createMcpServer } from "../mcp/mod.ts";
 * const server = createMcpServer(createApp({ fs: createMemoryFileSystem() }).backend);
 * const legacy = createLegacySse({
 *   server,
 *   limits: DEFAULT_LIMITS,
 *   tracker: new ConnectionTracker(),
 * });
 * const reader = legacy.open("http").body!.pipeThrough(new TextDecoderStream()).getReader();
 * assertStringIncludes((await reader.read()).value!, "event: endpoint");
 * await reader.cancel();
 * legacy.closeAll();
 * ```
 */
export function createLegacySse(options: LegacySseOptions): LegacySse {
  const sessions = new Map<string, Entry>();
  const path = options.messagesPath ?? "/messages";
  const { tracker, logger } = options;
  const write = (stream: PushStream, message: unknown) => {
    const text = sseMessage(
      message,
      (e) => logger?.error("A message could not be serialized", e),
      options.limits.maxResponseBytes,
    );
    if (text !== undefined) stream.write(text);
  };
  const end = (id: string) => {
    const entry = sessions.get(id);
    if (!entry) return;
    sessions.delete(id);
    entry.session.close();
    entry.stream.close();
  };

  return {
    open(caller) {
      if (sessions.size >= options.limits.maxSessions) {
        return jsonRpcHttpError(503, -32000, "Too many sessions: try again later", {
          "Retry-After": "60",
        });
      }
      if (tracker.hasRoom?.() === false) {
        return jsonRpcHttpError(503, -32000, "Too many open streams: try again later", {
          "Retry-After": "60",
        });
      }
      const id = crypto.randomUUID();
      const stream = new PushStream({
        tick: {
          intervalMs: options.limits.keepAliveMs,
          run: (s) => s.write(formatSseComment("keep-alive")),
        },
        registry: tracker,
        onEnd: () => end(id),
        farewell: () =>
          formatSseEvent({
            event: "shutdown",
            data: JSON.stringify({ reason: "The server is shutting down" }),
          }),
      });
      const session = options.server.createSession({
        caller,
        send: (m) => write(stream, m),
        limits: callLimits(options.limits),
      });
      sessions.set(id, { session, stream, caller });
      stream.write(formatSseEvent({ event: "endpoint", data: `${path}?sessionId=${id}` }));
      return new Response(stream.readable, { headers: SSE_HEADERS });
    },

    post(request, body, caller) {
      const id = new URL(request.url).searchParams.get("sessionId");
      if (!id) return jsonRpcHttpError(400, -32000, "Bad Request: sessionId is required");
      const entry = sessions.get(id);
      // A session id is not a credential: someone else's session does not exist for this caller.
      if (!entry || entry.caller !== caller) {
        return jsonRpcHttpError(404, -32001, "Session not found");
      }
      if (body === undefined) {
        return jsonRpcHttpError(400, -32700, "Parse error: the body is not valid JSON");
      }
      tracker.track(entry.session.handle(body.value)).then((response) => {
        if (response !== undefined) write(entry.stream, response);
      });
      return new Response("Accepted", { status: 202 });
    },

    get sessionCount() {
      return sessions.size;
    },

    closeAll() {
      for (const id of [...sessions.keys()]) end(id);
    },
  };
}
