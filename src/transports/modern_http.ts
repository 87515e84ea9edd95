/**
 * Streamable HTTP of the 2026-07-28 revision (`basic/transports/streamable-http.mdx`), beside
 * the 2025 transport on the same endpoint: every POST is one request that stands alone — no
 * session, no `Mcp-Session-Id` (ignored when sent), nothing kept between requests.
 *
 * - Era: a POST is modern when its `MCP-Protocol-Version` header is not a 2025 revision (the
 *   modern one, or one we do not know), or when its body is a request carrying the modern
 *   `_meta`. Everything else takes the 2025 transport, exactly as before.
 * - Headers (§Server Validation): `MCP-Protocol-Version`, `Mcp-Method` and, for `tools/call`,
 *   `resources/read` and `prompts/get`, `Mcp-Name` must be present and match the body (values
 *   trimmed, `=?base64?…?=` decoded); otherwise 400 with HeaderMismatch (−32020). A header
 *   version we do not speak is 400 with UnsupportedProtocolVersionError (−32022).
 * - Statuses: 404 for an unknown method (−32601), 400 for malformed `_meta` and the errors
 *   above, 200 otherwise; every error carries the request's id.
 * - Answers are one JSON document unless a notification comes first: progress or log messages
 *   of a `tools/call`, the acknowledgment of a `subscriptions/listen`. The answer then becomes
 *   an SSE stream, kept open with keep-alive comments; a listen's stream stays open until the
 *   client closes it or the server ends the subscription (shutdown: its completion result).
 * - Cancellation: the client closing the stream (or the connection, where the runtime reports
 *   it) cancels the request; nothing more is sent for it.
 *
 * @module
 */
import {
  classifyMessage,
  failure,
  isModernProtocolVersion,
  isModernRequest,
  isProtocolVersion,
  type JsonRpcRequest,
  type JsonRpcResponse,
  type McpLogger,
  type McpServer,
  META,
  metaOf,
  ModernErrorCode,
  modernHttpStatus,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "../mcp/mod.ts";
import type { Limits } from "../limits.ts";
import { callLimits } from "../mcp/call_limits.ts";
import { names } from "./accept.ts";
import { jsonRpcHttpError, jsonRpcResponse, sseMessage } from "./mcp_http.ts";
import { PushStream, type StreamRegistry } from "./push_stream.ts";
import { formatSseComment, formatSseEvent, SSE_HEADERS } from "./sse_format.ts";
import { STREAM_GRACE_MS } from "./deferred_stream.ts";
import { checkStandardHeaders } from "./standard_headers.ts";
import { loadZod, zodLoaded } from "../zod/zod.ts";

/** Options of {@link createModernHttp}. */
export interface ModernHttpOptions {
  server: McpServer;
  tracker: StreamRegistry & { track<T>(call: Promise<T>): Promise<T> };
  /**
   * The interval of keep-alive comments on open streams, each request's deadline and the
   * largest message sent: the same as the 2025 transport's.
   */
  limits: Pick<Limits, "keepAliveMs" | "requestTimeoutMs" | "maxResponseBytes">;
  logger?: McpLogger;
}

/** The modern transport's one handler. */
export interface ModernHttp {
  /**
   * Answers one modern POST whose parsed body is `body`. `signal`, when the runtime reports it,
   * aborts when the client disconnects.
   */
  post(request: Request, body: unknown, caller: string, signal?: AbortSignal): Promise<Response>;
}

/**
 * Whether a POST belongs to the 2026-07-28 era (see the module notes).
 *
 * @example
 * ```ts
 * import { isModernPost } from "./modern_http.ts";
 * const post = (version: string) =>
 *   new Request("http://localhost/mcp", { method: "POST", headers: { "MCP-Protocol-Version": version } });
 * isModernPost(post("2026-07-28"), {}); // true
 * isModernPost(post("2025-11-25"), { jsonrpc: "2.0", id: 1, method: "ping" }); // false
 * ```
 */
export function isModernPost(request: Request, body: unknown): boolean {
  const header = request.headers.get("mcp-protocol-version")?.trim();
  if (header !== undefined && header !== "" && !isProtocolVersion(header)) return true;
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const { method, params } = body as Record<string, unknown>;
  return typeof method === "string" && isModernRequest(method, params);
}

/** Creates the transport. */
export function createModernHttp(options: ModernHttpOptions): ModernHttp {
  const { server, tracker, logger } = options;
  const maxBytes = options.limits.maxResponseBytes;
  const limits = callLimits(options.limits);
  const onSerializeError = (e: unknown) => logger?.error("A message could not be serialized", e);
  const keepAlive = {
    intervalMs: options.limits.keepAliveMs,
    run: (stream: PushStream) => stream.write(formatSseComment("keep-alive")),
  };
  const farewell = () =>
    formatSseEvent({
      event: "shutdown",
      retry: 5000,
      data: JSON.stringify({ reason: "The server is shutting down" }),
    });
  const json = (response: JsonRpcResponse) => {
    const status = "error" in response ? modernHttpStatus(response.error) : 200;
    return jsonRpcResponse(response, maxBytes, { status }, onSerializeError);
  };

  const serve = (
    message: JsonRpcRequest,
    caller: string,
    wantsStream: boolean,
    disconnected: AbortSignal | undefined,
  ): Promise<Response> => {
    const controller = new AbortController();
    const cancel = () => controller.abort(new DOMException("The client went away", "AbortError"));
    // A tool call that may still become a stream watches for the client going away once it
    // does (or once the grace period is over): most answer well before, and watching costs a
    // listener on the runtime's signal for each.
    let watching = false;
    const watchDisconnect = () => {
      if (watching || !disconnected) return;
      watching = true;
      if (disconnected.aborted) cancel();
      else disconnected.addEventListener("abort", cancel, { once: true });
    };
    if (disconnected?.aborted) cancel();
    else if (!wantsStream || message.method !== "tools/call") watchDisconnect();
    // Notifications before the answer is chosen wait here; the first one opens the stream.
    let early: string[] | undefined = [];
    let stream: PushStream | undefined;
    let opened: (() => void) | undefined;
    const notify = (note: unknown) => {
      if (!wantsStream || controller.signal.aborted) return;
      const text = sseMessage(note, onSerializeError, maxBytes);
      if (text === undefined) return;
      if (stream) return void stream.write(text);
      early?.push(text);
      opened?.();
    };
    // The answer is written to an open stream inside the tracked call, so that shutdown's drain
    // sees it out (a listen's completion result); one tracked call per request.
    let settled: { response: JsonRpcResponse | undefined } | undefined;
    let deliver: ((response: JsonRpcResponse | undefined) => void) | undefined;
    /** Set while the answer's form is still open: called when the answer comes first. */
    let answered: ((response: JsonRpcResponse | undefined) => void) | undefined;
    const answer = tracker.track(
      server.handleModern(message, {
        caller,
        limits,
        notify,
        signal: controller.signal,
        controller,
      })
        .then((response) => {
          if (watching) disconnected?.removeEventListener("abort", cancel);
          settled = { response };
          deliver?.(response);
          answered?.(response);
          return response;
        }),
    );
    if (!wantsStream) {
      return answer.then((response) => response ? json(response) : cancelled());
    }
    const openStream = (): Response => {
      watchDisconnect();
      if (tracker.hasRoom?.() === false && message.method === "subscriptions/listen") {
        cancel();
        return jsonRpcHttpError(503, -32000, "Too many open streams: try again later", {
          "Retry-After": "60",
        });
      }
      const open = new PushStream({
        tick: keepAlive,
        registry: tracker,
        farewell,
        // Closing the stream is the client's cancel (2026-07-28 §Cancellation).
        onEnd: (reason) => reason === "shutdown" ? undefined : cancel(),
      });
      stream = open;
      for (const text of early ?? []) open.write(text);
      early = undefined;
      const end = (response: JsonRpcResponse | undefined) => {
        if (response) {
          const text = sseMessage(response, onSerializeError, maxBytes);
          if (text !== undefined) open.write(text);
        }
        open.close();
      };
      if (settled) end(settled.response);
      else deliver = end;
      return new Response(open.readable, { headers: SSE_HEADERS });
    };
    // One JSON document if the answer comes before any notification (and, for a tool call,
    // within the grace period); else an event stream.
    return new Promise<Response>((resolve) => {
      let grace: ReturnType<typeof setTimeout> | undefined;
      const choose = (form: () => Response) => {
        opened = answered = undefined;
        clearTimeout(grace);
        resolve(form());
      };
      opened = () => choose(openStream);
      answered = (response) => {
        early = undefined;
        choose(() => response ? json(response) : cancelled());
      };
      // A notification sent while the request was being started (a listen's acknowledgment).
      if ((early?.length ?? 0) > 0) return choose(openStream);
      // A tool call still running after the grace period gets its stream (and keep-alives).
      if (message.method === "tools/call") grace = setTimeout(opened, STREAM_GRACE_MS);
    });
  };

  return {
    async post(request, body, caller, signal) {
      if (Array.isArray(body)) {
        return jsonRpcHttpError(400, -32600, "Invalid Request: batches are not part of 2026-07-28");
      }
      if (!zodLoaded()) await loadZod();
      const classified = classifyMessage(body);
      switch (classified.kind) {
        case "invalid":
          return Response.json(classified.response, { status: 400 });
        case "notification":
          // This revision defines no client notification over HTTP; one is accepted and ignored.
          return new Response(null, { status: 202 });
        case "response":
          return jsonRpcHttpError(
            400,
            -32600,
            "Invalid Request: the server sent no request to answer",
          );
      }
      const message = classified.message;
      const refused = checkStandardHeaders(request.headers, message) ??
        checkVersion(request, message);
      if (refused) return json(refused);
      const wantsStream = message.method === "subscriptions/listen" ||
        names(request.headers.get("accept"), "text/event-stream");
      return serve(message, caller, wantsStream, signal);
    },
  };
}

/** −32022 for a header version we do not speak (the `_meta` version is the core's to check). */
function checkVersion(request: Request, message: JsonRpcRequest): JsonRpcResponse | undefined {
  const header = request.headers.get("mcp-protocol-version")?.trim() ?? "";
  if (isModernProtocolVersion(header)) return undefined;
  const inBody = metaOf(message.params)?.[META.protocolVersion];
  const requested = typeof inBody === "string" ? inBody : header;
  return failure(
    message.id,
    ModernErrorCode.UnsupportedProtocolVersion,
    `Unsupported protocol version: "${requested}"`,
    { supported: [...SUPPORTED_PROTOCOL_VERSIONS], requested },
  );
}

/** A cancelled request gets no answer: the client has stopped waiting for it. */
function cancelled(): Response {
  return new Response(null, { status: 202 });
}
