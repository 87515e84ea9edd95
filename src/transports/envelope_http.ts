/**
 * The tool envelope over HTTP: one call, answered as an SSE stream (`POST /sse`), NDJSON lines
 * (`POST /mcp` with `Accept: application/x-ndjson`) or one JSON document (`Accept:
 * application/json`).
 *
 * A failure found before the call starts (bad body, unknown tool, unsupported version) is an
 * HTTP status with a JSON error body, per the API reference's table. Once a stream has started
 * its status is 200, so a tool failure becomes an `error` event or line with the same codes.
 * A client that disconnects aborts the call's signal and stops the stream's timers.
 *
 * @module
 */
import { DomainError, ERROR_CODES } from "../errors.ts";
import type { Limits } from "../limits.ts";
import { callLimits } from "../mcp/call_limits.ts";
import type { McpBackend, ToolErrorInfo } from "../mcp/backend.ts";
import { API_VERSION, type EnvelopeRequest, parseEnvelope } from "./envelope.ts";
import { type EnvelopeOutcome, runEnvelopeCall } from "./envelope_call.ts";
import { DeferredStream, STREAM_GRACE_MS } from "./deferred_stream.ts";
import type { StreamRegistry } from "./push_stream.ts";
import { safeJsonResponse, safeStringify } from "./safe_json.ts";
import { formatSseComment, formatSseEvent, formatSseJson, SSE_HEADERS } from "./sse_format.ts";

/** How the answer is written. */
export type EnvelopeFormat = "sse" | "ndjson" | "json";

/** What envelope handling needs from the server. */
export interface EnvelopeHttpOptions {
  backend: McpBackend;
  /** Holds running calls (shutdown waits for them) and open streams. */
  tracker: StreamRegistry & { track<T>(call: Promise<T>): Promise<T> };
  onInternalError?(error: unknown): void;
  /**
   * The interval of `event: heartbeat` on SSE streams while the call runs; the deadline of a
   * call (its signal is aborted, so a mutation still waiting for its turn never starts, and
   * REQUEST_TIMEOUT is answered) and the largest result, in bytes of JSON.
   */
  limits: Pick<Limits, "heartbeatMs" | "requestTimeoutMs" | "maxResponseBytes">;
}

/** Per-request facts. */
export interface EnvelopeContext {
  requestId: string;
  caller: string;
  /** The request's own signal: aborted when the client disconnects before a JSON answer. */
  signal?: AbortSignal;
}

const SHUTDOWN_ERROR: ToolErrorInfo = {
  code: "INTERNAL_ERROR",
  message: "The server shut down before the call finished",
  hint: "Retry the request",
};

/** The HTTP status of an error code, from the API reference's table. */
export function statusOf(code: string): number {
  return (ERROR_CODES as Record<string, { status: number }>)[code]?.status ?? 500;
}

/**
 * The JSON error answer: `{ apiVersion, error, requestId, timestamp }` with the code's status.
 *
 * @example
 * ```ts
 * import { envelopeErrorResponse } from "./envelope_http.ts";
 * const error = { code: "TOOL_NOT_FOUND", message: "Tool 'x' not found", hint: "Use one of the available tools" };
 * envelopeErrorResponse(error, "req-1").status; // 404
 * ```
 */
export function envelopeErrorResponse(
  error: ToolErrorInfo | DomainError,
  requestId: string,
  extra: Record<string, unknown> = {},
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  const info = error instanceof DomainError ? error.toJSON() : error;
  const body = {
    apiVersion: API_VERSION,
    ...extra,
    error: info,
    requestId,
    timestamp: new Date().toISOString(),
  };
  return safeJsonResponse(body, {
    status: init.status ?? statusOf(info.code),
    headers: { ...apiHeaders(), ...init.headers },
  });
}

/**
 * Validates `body` as an envelope and answers it in `format`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { envelopeResponse } from "./envelope_http.ts";
 * import { createApp } from "../app.ts";
 * import { createMemoryFileSystem } from "../fs/memory.ts";
 * import { ConnectionTracker } from "../http/connection_tracker.ts";
 * import { DEFAULT_LIMITS as limits } from "../limits.ts";
 * const { backend } = createApp({ fs: createMemoryFileSystem() });
 * const response = await envelopeResponse({ tool: "changes.active", input: {} }, "ndjson", {
 *   requestId: "req-1",
 *   caller: "http",
 * }, { backend, tracker: new ConnectionTracker(), limits });
 * const lines = (await response.text()).trim().split("\n").map((line) => JSON.parse(line));
 * assertEquals(lines.map((line) => line.type), ["start", "result", "end"]);
 * ```
 */
export function envelopeResponse(
  body: unknown,
  format: EnvelopeFormat,
  context: EnvelopeContext,
  options: EnvelopeHttpOptions,
): Response | Promise<Response> {
  let request: EnvelopeRequest;
  try {
    request = parseEnvelope(
      body,
      (name) => options.backend.findTool(name),
      () => options.backend.listTools().map((t) => t.name),
    );
  } catch (error) {
    if (error instanceof DomainError) return envelopeErrorResponse(error, context.requestId);
    throw error;
  }
  if (format === "json") return jsonAnswer(request, context, options);
  if (options.tracker.hasRoom?.() === false) {
    const busy = {
      code: "SERVICE_UNAVAILABLE",
      message: "Too many open streams: try again later",
      hint: "Retry in a minute, or ask for a JSON answer (Accept: application/json)",
    };
    return envelopeErrorResponse(busy, context.requestId, {}, { headers: { "Retry-After": "60" } });
  }
  return streamAnswer(request, format, context, options);
}

async function jsonAnswer(
  request: EnvelopeRequest,
  context: EnvelopeContext,
  options: EnvelopeHttpOptions,
): Promise<Response> {
  const signal = context.signal ?? new AbortController().signal;
  const outcome = await options.tracker.track(call(request, signal, context, options));
  if (outcome.ok) return safeJsonResponse(outcome.data, { headers: apiHeaders() });
  return envelopeErrorResponse(outcome.error, context.requestId, {
    tool: request.tool,
    startedAt: outcome.startedAt,
  });
}

function streamAnswer(
  request: EnvelopeRequest,
  format: "sse" | "ndjson",
  context: EnvelopeContext,
  options: EnvelopeHttpOptions,
): Promise<Response> {
  const aborter = new AbortController();
  const startedAt = new Date().toISOString();
  const lines = format === "sse" ? sseLines(request, context.requestId) : ndjsonLines(request);
  // Sent as one body when the call ends within the grace period (see deferred_stream.ts).
  const answer = new DeferredStream(lines.start(), {
    graceMs: STREAM_GRACE_MS,
    streamOnWrite: false,
    tick: lines.heartbeat
      ? { intervalMs: options.limits.heartbeatMs, run: (s) => s.write(lines.heartbeat!()) }
      : undefined,
    onEnd: () => aborter.abort(new DOMException("The client went away", "AbortError")),
    farewell: () => lines.outcome({ ok: false, error: SHUTDOWN_ERROR, startedAt, duration: 0 }),
    registry: options.tracker,
  });
  options.tracker.track(call(request, aborter.signal, context, options)).then((outcome) => {
    answer.write(lines.outcome(outcome));
    answer.close();
  });
  const type = format === "sse" ? SSE_HEADERS : NDJSON_HEADERS;
  return answer.response({ ...type, ...apiHeaders() });
}

/** The lines of one stream format. */
interface Lines {
  start(): string;
  heartbeat?: () => string;
  outcome(outcome: EnvelopeOutcome): string;
}

function sseLines(request: EnvelopeRequest, id: string): Lines {
  return {
    start: () => formatSseComment(`keep-alive ${Date.now()}`),
    heartbeat: () =>
      formatSseEvent({ event: "heartbeat", data: JSON.stringify({ ts: Date.now() }) }),
    outcome: (outcome) =>
      outcome.ok ? formatSseJson("result", safeStringify(outcome.data), id) : formatSseEvent({
        event: "error",
        id,
        data: safeStringify({
          apiVersion: API_VERSION,
          tool: request.tool,
          error: outcome.error,
          startedAt: outcome.startedAt,
        }),
      }),
  };
}

function ndjsonLines(request: EnvelopeRequest): Lines {
  // Error details may echo absurdly nested input: never let writing them throw.
  const line = (value: Record<string, unknown>) => safeStringify(value) + "\n";
  return {
    start: () =>
      line({ type: "start", ts: Date.now(), tool: request.tool, apiVersion: API_VERSION }),
    outcome(outcome) {
      const ts = Date.now();
      const first = outcome.ok
        ? line({
          type: "result",
          ts,
          result: outcome.data.result,
          duration: outcome.data.duration,
          ...(outcome.data.receipt ? { receipt: outcome.data.receipt } : {}),
        })
        : line({ type: "error", ts, error: outcome.error });
      return first + line({ type: "end", ts });
    },
  };
}

function call(
  request: EnvelopeRequest,
  signal: AbortSignal,
  context: EnvelopeContext,
  options: EnvelopeHttpOptions,
): Promise<EnvelopeOutcome> {
  return runEnvelopeCall(options.backend, request, {
    signal,
    caller: context.caller,
    limits: callLimits(options.limits),
    onInternalError: options.onInternalError,
  });
}

const NDJSON_HEADERS = {
  "Content-Type": "application/x-ndjson",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
};

function apiHeaders(): Record<string, string> {
  return { "API-Version": API_VERSION };
}
