/**
 * MCP Streamable HTTP (spec 2025-11-25, compatible with 2025-03-26 and 2025-06-18 clients) on
 * one endpoint: POST carries client messages, GET opens the server→client stream, DELETE ends a
 * session. Web-standard `Request` in, `Response` out; routing lives in `src/http/`. A POST of
 * the 2026-07-28 era goes to `modern_http.ts` instead, on the same endpoint, in either mode.
 *
 * Choices, with the reasons:
 * - A POST is answered with one JSON document, except a `tools/call` from a client that names
 *   `text/event-stream` in `Accept`: that gets an SSE answer, since a tool may log or report
 *   progress while it runs and those notifications belong on the request's stream. Everything
 *   else is answered at once and gains nothing from a stream. An SSE answer is held back for up
 *   to `STREAM_GRACE_MS`: a call that ends by then without a notification is sent as one SSE
 *   body, with no stream to keep open (see `deferred_stream.ts`).
 * - A client disconnecting from a POST stream does not cancel the request (the spec: cancelling
 *   is `notifications/cancelled`); the answer is dropped and the stream's timer stops.
 * - Sessions: `Mcp-Session-Id` is a random UUID. At most `maxSessions` live at once (503 beyond);
 *   one without requests or an open stream for `sessionIdleMs` is closed on the next sweep, so
 *   clients that vanish without DELETE do not accumulate. One GET stream per session (409).
 * - Stateless (`stateless: true`): a fresh session per POST, created at the revision of the
 *   `MCP-Protocol-Version` header (2025-03-26 when absent) and closed with the answer; no
 *   session ids, GET and DELETE are 405.
 *
 * @module
 */
import type { Limits } from "../limits.ts";
import { callLimits } from "../mcp/call_limits.ts";
import {
  isModernProtocolVersion,
  type McpLogger,
  type McpServer,
  type McpSession,
  type ProtocolVersion,
} from "../mcp/mod.ts";
import { accepts, names } from "./accept.ts";
import { checkProtocolVersion, jsonRpcHttpError, jsonRpcResponse, sseMessage } from "./mcp_http.ts";
import { DeferredStream, STREAM_GRACE_MS } from "./deferred_stream.ts";
import { PushStream, type StreamRegistry } from "./push_stream.ts";
import { type SessionEntry, SessionTable } from "./session_table.ts";
import { formatSseComment, formatSseEvent, SSE_HEADERS } from "./sse_format.ts";
import { acceptsMcp, hasRequest, isInitialize, isToolCall } from "./message_shape.ts";
import { createModernHttp, isModernPost } from "./modern_http.ts";

/** Options of {@link createStreamableHttp}. */
export interface StreamableHttpOptions {
  server: McpServer;
  stateless: boolean;
  /**
   * The interval of keep-alive comments on open streams, the most sessions and how long one may
   * stay idle, each request's deadline and the largest message sent.
   */
  limits: Pick<
    Limits,
    "keepAliveMs" | "maxSessions" | "sessionIdleMs" | "requestTimeoutMs" | "maxResponseBytes"
  >;
  /** Holds running requests (shutdown waits for them) and open streams. */
  tracker: StreamRegistry & { track<T>(call: Promise<T>): Promise<T> };
  logger?: McpLogger;
  now?: () => number;
}

/** The transport's handlers. */
export interface StreamableHttp {
  /**
   * A POST whose parsed body is JSON-RPC (a message or a batch). `signal`, when the runtime
   * reports it, aborts when the client disconnects (it cancels a 2026-07-28 request).
   */
  post(request: Request, body: unknown, caller: string, signal?: AbortSignal): Promise<Response>;
  /** `caller` must be the session's creator: a session id is not a credential. */
  get(request: Request, caller: string): Response;
  delete(request: Request, caller: string): Response;
  /** Live sessions (always 0 when stateless). */
  readonly sessionCount: number;
  /** Ends every session and its stream. */
  closeAll(): void;
}

/** Creates the transport. */
export function createStreamableHttp(options: StreamableHttpOptions): StreamableHttp {
  const sessions = new SessionTable({
    maxSessions: options.limits.maxSessions,
    idleMs: options.limits.sessionIdleMs,
    now: options.now,
  });
  const now = options.now ?? Date.now;
  const { tracker, logger } = options;
  const maxBytes = options.limits.maxResponseBytes;
  const limits = callLimits(options.limits);
  const onSerializeError = (e: unknown) => logger?.error("A message could not be serialized", e);
  const write = (stream: { write(text: string): unknown } | undefined, message: unknown) => {
    const text = sseMessage(message, onSerializeError, maxBytes);
    if (text !== undefined) stream?.write(text);
  };
  // The last event of a stream the server ends on shutdown; clients ignore unknown events.
  const farewell = () =>
    formatSseEvent({
      event: "shutdown",
      retry: 5000,
      data: JSON.stringify({ reason: "The server is shutting down" }),
    });
  const keepAlive = {
    intervalMs: options.limits.keepAliveMs,
    run: (stream: PushStream) => stream.write(formatSseComment("keep-alive")),
  };
  // 2026-07-28 requests: each POST stands alone, with no session (see modern_http.ts).
  const modern = createModernHttp({
    server: options.server,
    limits: options.limits,
    tracker,
    logger,
  });

  /** Runs `body` through `session` and answers as JSON, SSE or 202. */
  const answer = (
    session: McpSession,
    body: unknown,
    wantSse: boolean,
    headers: Record<string, string>,
    done: () => void,
  ): Promise<Response> | Response => {
    if (!hasRequest(body)) {
      // Notifications and responses: 202 with no body; invalid messages: 400 with the errors.
      return session.handle(body).then((errors) => {
        done();
        if (errors === undefined) return new Response(null, { status: 202, headers });
        return Response.json(errors, { status: 400, headers });
      });
    }
    // With every stream slot taken (MAX_STREAMS), a plain JSON answer is just as valid.
    if (!wantSse || tracker.hasRoom?.() === false) {
      return tracker.track(session.handle(body)).then((response) => {
        done();
        // A cancelled request gets no answer; the client has stopped waiting for it.
        if (response === undefined) return new Response(null, { status: 202, headers });
        return jsonRpcResponse(response, maxBytes, { headers }, onSerializeError);
      });
    }
    const answer = new DeferredStream(formatSseComment("stream open"), {
      graceMs: STREAM_GRACE_MS,
      // Progress and log notifications are sent as they happen.
      streamOnWrite: true,
      tick: keepAlive,
      registry: tracker,
      farewell,
    });
    const notify = { notify: (m: unknown) => write(answer, m) };
    tracker.track(session.handle(body, notify)).then((response) => {
      if (response !== undefined) write(answer, response);
      answer.close();
      done();
    });
    return answer.response({ ...SSE_HEADERS, ...headers });
  };

  const lookup = (request: Request, caller: string): SessionEntry | Response => {
    const id = request.headers.get("mcp-session-id");
    if (id === null || id === "") {
      return jsonRpcHttpError(400, -32000, "Bad Request: Mcp-Session-Id header is required");
    }
    // 404, never 400: it is what tells a client to initialize again. Someone else's session
    // (another token) does not exist for this caller either.
    const entry = sessions.get(id);
    if (!entry || entry.caller !== caller) {
      return jsonRpcHttpError(404, -32001, "Session not found");
    }
    return entry;
  };

  const initialize = async (body: unknown, caller: string): Promise<Response> => {
    if (!sessions.hasRoom()) {
      return jsonRpcHttpError(503, -32000, "Too many sessions: try again later", {
        "Retry-After": "60",
      });
    }
    const id = crypto.randomUUID();
    const entry: SessionEntry = {
      id,
      // Looked up by id: until `initialize` succeeds the session is not registered, and there
      // is no stream to deliver to anyway.
      session: options.server.createSession({
        caller,
        limits,
        send: (message) => write(sessions.get(id)?.stream, message),
      }),
      stream: undefined,
      lastSeen: now(),
      busy: 0,
      caller,
    };
    const response = await entry.session.handle(body);
    if (response === undefined || Array.isArray(response) || "error" in response) {
      entry.session.close();
      return Response.json(response ?? null, { status: 400 });
    }
    sessions.add(entry);
    return Response.json(response, { headers: { "Mcp-Session-Id": id } });
  };

  // 2026-07-28 has neither the GET stream nor sessions to delete: 405, as the revision asks.
  const notAllowed = () =>
    jsonRpcHttpError(405, -32000, "Method not allowed: this server is stateless", {
      Allow: "POST",
    });

  return {
    post(request, body, caller, signal) {
      if (isModernPost(request, body)) return modern.post(request, body, caller, signal);
      const refused = checkProtocolVersion(request) ?? acceptsMcp(request);
      if (refused) return Promise.resolve(refused);
      const wantSse = names(request.headers.get("accept"), "text/event-stream") &&
        isToolCall(body);
      if (options.stateless) {
        const header = request.headers.get("mcp-protocol-version") as ProtocolVersion | null;
        const session = options.server.createSession({
          caller,
          protocolVersion: header ?? "2025-03-26",
          push: false,
          limits,
        });
        return Promise.resolve(answer(session, body, wantSse, {}, () => session.close()));
      }
      sessions.sweep();
      if (isInitialize(body)) return initialize(body, caller);
      const entry = lookup(request, caller);
      if (entry instanceof Response) return Promise.resolve(entry);
      sessions.touch(entry);
      entry.busy++;
      return Promise.resolve(
        answer(entry.session, body, wantSse, { "Mcp-Session-Id": entry.id }, () => {
          entry.busy--;
          sessions.touch(entry);
        }),
      );
    },

    get(request, caller) {
      if (options.stateless || isModernHeader(request)) return notAllowed();
      const refused = checkProtocolVersion(request);
      if (refused) return refused;
      if (!acceptsEventStream(request)) {
        return jsonRpcHttpError(406, -32000, "Not Acceptable: GET needs Accept: text/event-stream");
      }
      const entry = lookup(request, caller);
      if (entry instanceof Response) return entry;
      if (entry.stream?.open) {
        return jsonRpcHttpError(409, -32000, "Conflict: this session already has a GET stream");
      }
      if (tracker.hasRoom?.() === false) {
        return jsonRpcHttpError(503, -32000, "Too many open streams: try again later", {
          "Retry-After": "60",
        });
      }
      const stream = new PushStream({
        tick: keepAlive,
        registry: tracker,
        onEnd: () => {
          if (entry.stream === stream) entry.stream = undefined;
          sessions.touch(entry);
        },
        farewell,
      });
      entry.stream = stream;
      sessions.touch(entry);
      stream.write(formatSseComment("stream open"));
      return new Response(stream.readable, {
        headers: { ...SSE_HEADERS, "Mcp-Session-Id": entry.id },
      });
    },

    delete(request, caller) {
      if (options.stateless || isModernHeader(request)) return notAllowed();
      const refused = checkProtocolVersion(request);
      if (refused) return refused;
      const entry = lookup(request, caller);
      if (entry instanceof Response) return entry;
      sessions.end(entry);
      return new Response(null, { status: 200 });
    },

    get sessionCount() {
      return sessions.size;
    },

    closeAll() {
      sessions.endAll();
    },
  };
}

/** Whether the request names the 2026-07-28 revision in `MCP-Protocol-Version`. */
function isModernHeader(request: Request): boolean {
  return isModernProtocolVersion(request.headers.get("mcp-protocol-version")?.trim());
}

function acceptsEventStream(request: Request): boolean {
  return accepts(request.headers.get("accept"), "text/event-stream");
}
