/**
 * A small, dependency-free client for task-mcp's tool envelope API (`POST /sse` answered as
 * Server-Sent Events, or `POST /mcp` answered as NDJSON), with retries (exponential backoff and
 * full jitter, honouring `Retry-After`) on retryable failures only and a circuit breaker.
 *
 * Uses nothing but `fetch`, `ReadableStream`, `TextDecoder` and `setTimeout`, so it runs unchanged
 * in Bun, Deno and Node 20+.
 *
 * ```ts
 * import { createTaskMcpClient, TaskMcpError } from "./envelope_client.ts";
 *
 * const client = createTaskMcpClient({
 *   baseUrl: "http://127.0.0.1:8443",
 *   token: undefined, // or one of the server's AUTH_TOKENS
 *   transport: "sse",
 *   retry: { attempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 },
 *   breaker: { failureThreshold: 5, cooldownMs: 30_000 },
 * });
 * try {
 *   const opened = await client.call("change_open", { title: "Add login", slug: "add-login" });
 *   console.log(opened.structuredContent);
 * } catch (error) {
 *   if (error instanceof TaskMcpError) console.error(error.code, error.hint, error.retryable);
 *   else throw error;
 * }
 * ```
 *
 * @module
 */

/** Retry policy: `attempts` counts the first try (1 = never retry). */
export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Circuit breaker policy. */
export interface BreakerOptions {
  /** Consecutive retryable failures (of single attempts) that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  cooldownMs: number;
}

/** What the client reports of every attempt (for logging, metrics, tests). */
export interface AttemptInfo {
  tool: string;
  /** 1-based. */
  attempt: number;
  /** The failure of this attempt, if it failed. */
  error?: TaskMcpError;
  /** The wait before the next attempt, when there is one. */
  delayMs?: number;
}

/** Options of {@link createTaskMcpClient}. */
export interface TaskMcpClientOptions {
  /** e.g. `http://127.0.0.1:8443` (no trailing path). */
  baseUrl: string;
  /** A bearer token of the server's `AUTH_TOKENS`. */
  token?: string;
  /** `"sse"`: `POST /sse`; `"ndjson"`: `POST /mcp` with `Accept: application/x-ndjson`. */
  transport: "sse" | "ndjson";
  /** Default: 3 attempts, 250 ms base, 5 s cap. */
  retry?: RetryOptions;
  /** Default: no breaker. */
  breaker?: BreakerOptions;
  /** Per-attempt time limit in ms (default: none). */
  timeoutMs?: number;
  /** Called after every attempt. */
  onAttempt?: (info: AttemptInfo) => void;
  /** Replaces the global `fetch` (tests, proxies). */
  fetch?: typeof fetch;
  /** Replaces `Math.random` for the jitter. */
  random?: () => number;
}

/** A tool's result: the MCP `CallToolResult` fields the envelope carries. */
export interface ToolResult<T = Record<string, unknown>> {
  content: ContentBlock[];
  structuredContent: T;
  /** Milliseconds the server spent. */
  duration?: number;
  receipt?: Record<string, unknown>;
}

/** A content block of a result: text, or a reference to a change's document. */
export type ContentBlock =
  | { type: "text"; text: string }
  | { type: "resource"; uri: string; name?: string; mimeType?: string }
  | { type: string; [key: string]: unknown };

/** The breaker's state. */
export type BreakerState = "closed" | "open" | "half-open";

/** The client. */
export interface TaskMcpClient {
  /** Calls `tool` (dotted or underscore name); resolves with its result or throws {@link TaskMcpError}. */
  call<T = Record<string, unknown>>(
    tool: string,
    input: Record<string, unknown>,
    options?: { signal?: AbortSignal },
  ): Promise<ToolResult<T>>;
  /** The circuit breaker's state now (`closed` without a breaker). */
  breakerState(): BreakerState;
}

/** Codes that may succeed when tried again. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  "NETWORK_ERROR",
  "STREAM_INCOMPLETE",
  "REQUEST_TIMEOUT",
  "RATE_LIMIT_EXCEEDED",
  "INTERNAL_ERROR",
  "SERVICE_UNAVAILABLE",
]);

/** HTTP statuses that may succeed when tried again, whatever the body says. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** A failed call: a server error (HTTP status or stream event), a network fault, or `CIRCUIT_OPEN`. */
export class TaskMcpError extends Error {
  readonly code: string;
  readonly hint: string;
  /** The HTTP status; 200 for an error event inside a stream; 0 when no response arrived. */
  readonly status: number;
  readonly retryable: boolean;
  readonly details?: unknown;
  /** From `Retry-After` (or the breaker's remaining cool-down for `CIRCUIT_OPEN`). */
  readonly retryAfterMs?: number;

  constructor(init: {
    code: string;
    message: string;
    hint?: string;
    status: number;
    retryable?: boolean;
    details?: unknown;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "TaskMcpError";
    this.code = init.code;
    this.hint = init.hint ?? "";
    this.status = init.status;
    this.retryable = init.retryable ??
      (RETRYABLE_CODES.has(init.code) || RETRYABLE_STATUSES.has(init.status));
    this.details = init.details;
    this.retryAfterMs = init.retryAfterMs;
  }
}

const DEFAULT_RETRY: RetryOptions = { attempts: 3, baseDelayMs: 250, maxDelayMs: 5_000 };

/** Creates a client; see the module documentation. */
export function createTaskMcpClient(options: TaskMcpClientOptions): TaskMcpClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const retry = options.retry ?? DEFAULT_RETRY;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const random = options.random ?? Math.random;
  const breaker = options.breaker ? new CircuitBreaker(options.breaker) : undefined;

  async function attempt(
    tool: string,
    input: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<ToolResult<never>> {
    const signals = [signal, options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined]
      .filter((s): s is AbortSignal => s !== undefined);
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      Accept: options.transport === "sse" ? "text/event-stream" : "application/x-ndjson",
    };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${options.transport === "sse" ? "/sse" : "/mcp"}`, {
        method: "POST",
        headers,
        body: JSON.stringify({ tool, input, apiVersion: "1.0.0" }),
        signal: signals.length === 0 ? undefined : anySignal(signals),
      });
    } catch (error) {
      throw fromThrown(error, signal);
    }
    if (!response.ok) throw await fromResponse(response);
    if (!response.body) {
      throw new TaskMcpError({ code: "STREAM_INCOMPLETE", message: "Empty response", status: 200 });
    }
    try {
      return options.transport === "sse"
        ? await fromSse(response.body)
        : await fromNdjson(response.body);
    } catch (error) {
      throw error instanceof TaskMcpError ? error : fromThrown(error, signal);
    }
  }

  return {
    breakerState: () => breaker?.state() ?? "closed",
    async call<T>(
      tool: string,
      input: Record<string, unknown>,
      callOptions: { signal?: AbortSignal } = {},
    ): Promise<ToolResult<T>> {
      for (let n = 1;; n++) {
        breaker?.before();
        let failure: TaskMcpError;
        try {
          const result = await attempt(tool, input, callOptions.signal);
          breaker?.success();
          options.onAttempt?.({ tool, attempt: n });
          return result as ToolResult<T>;
        } catch (error) {
          failure = error instanceof TaskMcpError ? error : fromThrown(error);
        }
        // A non-retryable answer proves the server is reachable: it closes the breaker too.
        if (failure.retryable) breaker?.failure();
        else breaker?.success();
        const last = !failure.retryable || n >= retry.attempts || callOptions.signal?.aborted ||
          breaker?.state() === "open";
        const delayMs = last ? undefined : backoff(retry, n, random, failure.retryAfterMs);
        options.onAttempt?.({ tool, attempt: n, error: failure, delayMs });
        if (delayMs === undefined) throw failure;
        await sleep(delayMs, callOptions.signal);
      }
    },
  };
}

/**
 * Full jitter: a uniform wait in `[0, min(maxDelay, base·2^(n-1))]`, but never less than the
 * server's `Retry-After`.
 */
export function backoff(
  retry: RetryOptions,
  attempt: number,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  const jitter = Math.floor(random() * ceiling);
  return Math.max(jitter, retryAfterMs ?? 0);
}

/** Closed → (N consecutive retryable failures) → open → (cool-down) → half-open: one trial call. */
class CircuitBreaker {
  #failures = 0;
  #openedAt: number | undefined;
  #trialRunning = false;
  readonly policy: BreakerOptions;

  // No parameter property: Node's type stripping only accepts erasable syntax.
  constructor(policy: BreakerOptions) {
    this.policy = policy;
  }

  state(): BreakerState {
    if (this.#openedAt === undefined) return "closed";
    return Date.now() - this.#openedAt >= this.policy.cooldownMs ? "half-open" : "open";
  }

  /** Throws `CIRCUIT_OPEN` unless this call may go ahead. */
  before(): void {
    const state = this.state();
    if (state === "closed") return;
    if (state === "half-open" && !this.#trialRunning) {
      this.#trialRunning = true;
      return;
    }
    const remaining = state === "open"
      ? this.policy.cooldownMs - (Date.now() - (this.#openedAt ?? 0))
      : this.policy.cooldownMs;
    throw new TaskMcpError({
      code: "CIRCUIT_OPEN",
      message: state === "open"
        ? `Circuit open after ${this.#failures} consecutive failures`
        : "Circuit half-open: a trial call is already running",
      hint: `Try again in ${Math.ceil(remaining / 1000)} s`,
      status: 0,
      retryable: true,
      retryAfterMs: remaining,
    });
  }

  success(): void {
    this.#failures = 0;
    this.#openedAt = undefined;
    this.#trialRunning = false;
  }

  failure(): void {
    this.#failures++;
    if (this.#trialRunning || this.#failures >= this.policy.failureThreshold) {
      this.#openedAt = Date.now();
      this.#trialRunning = false;
    }
  }
}

/** One Server-Sent Event. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Parses a `text/event-stream` body: events may be split anywhere across chunks (even inside a
 * UTF-8 sequence or a CRLF); comment lines are skipped; `data:` lines are joined with `\n`.
 */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  let event = "";
  let data: string[] = [];
  let id: string | undefined;
  for await (const line of lines(body)) {
    if (line === "") {
      if (data.length > 0) yield { event: event || "message", data: data.join("\n"), id };
      event = "";
      data = [];
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id") id = value;
  }
  if (data.length > 0) yield { event: event || "message", data: data.join("\n"), id };
}

/** Parses an NDJSON body into values, one per non-blank line, lines split anywhere across chunks. */
export async function* parseNdjson(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  for await (const line of lines(body)) {
    if (line.trim() === "") continue;
    yield JSON.parse(line);
  }
}

/** Splits a byte stream into lines ending in LF, CRLF or CR; releases the stream when stopped early. */
async function* lines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer);
        if (!match) break;
        // A trailing CR may be the first half of a CRLF still in flight.
        if (match[0] === "\r" && match.index === buffer.length - 1 && !done) break;
        yield buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
      }
      if (done) break;
    }
    if (buffer !== "") yield buffer;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

type EnvelopeError = { code?: string; message?: string; hint?: string; details?: unknown };

function fromEnvelopeError(error: EnvelopeError | undefined, status: number): TaskMcpError {
  return new TaskMcpError({
    code: error?.code ?? "INTERNAL_ERROR",
    message: error?.message ?? "The server reported an error without a message",
    hint: error?.hint,
    details: error?.details,
    status,
  });
}

async function fromSse(body: ReadableStream<Uint8Array>): Promise<ToolResult<never>> {
  for await (const { event, data } of parseSse(body)) {
    if (event === "result") {
      const parsed = JSON.parse(data) as { result: ToolResult<never> } & Partial<ToolResult<never>>;
      return { ...parsed.result, duration: parsed.duration, receipt: parsed.receipt };
    }
    if (event === "error") throw fromEnvelopeError(JSON.parse(data).error, 200);
    // heartbeat, and anything a later server version may add: ignored.
  }
  throw new TaskMcpError({
    code: "STREAM_INCOMPLETE",
    message: "The event stream ended without a result",
    status: 200,
  });
}

async function fromNdjson(body: ReadableStream<Uint8Array>): Promise<ToolResult<never>> {
  for await (const value of parseNdjson(body)) {
    const line = value as { type?: string; result?: ToolResult<never>; error?: EnvelopeError } & {
      duration?: number;
      receipt?: Record<string, unknown>;
    };
    if (line.type === "result" && line.result) {
      return { ...line.result, duration: line.duration, receipt: line.receipt };
    }
    if (line.type === "error") throw fromEnvelopeError(line.error, 200);
  }
  throw new TaskMcpError({
    code: "STREAM_INCOMPLETE",
    message: "The NDJSON stream ended without a result",
    status: 200,
  });
}

/** A failure answered before the stream: `{apiVersion, error, requestId, timestamp}` and a status. */
async function fromResponse(response: Response): Promise<TaskMcpError> {
  const text = await response.text().catch(() => "");
  let error: EnvelopeError | undefined;
  try {
    error = (JSON.parse(text) as { error?: EnvelopeError }).error;
  } catch { /* a proxy's HTML page, say */ }
  const retryAfterMs = parseRetryAfter(response.headers.get("Retry-After"));
  const status = response.status;
  return new TaskMcpError({
    code: error?.code ?? (status === 429 ? "RATE_LIMIT_EXCEEDED" : `HTTP_${status}`),
    message: error?.message ?? (text.slice(0, 200) || response.statusText || `HTTP ${status}`),
    hint: error?.hint,
    details: error?.details,
    status,
    retryAfterMs: RETRYABLE_STATUSES.has(status) ? retryAfterMs : undefined,
  });
}

/** `Retry-After`: delta-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function fromThrown(error: unknown, callerSignal?: AbortSignal): TaskMcpError {
  if (error instanceof TaskMcpError) return error;
  const name = (error as { name?: string } | undefined)?.name;
  if (callerSignal?.aborted) {
    return new TaskMcpError({
      code: "REQUEST_CANCELLED",
      message: "The call was cancelled",
      status: 0,
      retryable: false,
      cause: error,
    });
  }
  if (name === "TimeoutError" || name === "AbortError") {
    return new TaskMcpError({
      code: "REQUEST_TIMEOUT",
      message: "The attempt timed out",
      status: 0,
      cause: error,
    });
  }
  if (error instanceof SyntaxError) {
    return new TaskMcpError({
      code: "INVALID_RESPONSE",
      message: `Malformed data from the server: ${error.message}`,
      status: 200,
      retryable: false,
      cause: error,
    });
  }
  return new TaskMcpError({
    code: "NETWORK_ERROR",
    message: error instanceof Error ? error.message : String(error),
    hint: "Is the server running and reachable?",
    status: 0,
    cause: error,
  });
}

/** `AbortSignal.any` where available (all three runtimes today), else a manual merge. */
function anySignal(signals: AbortSignal[]): AbortSignal {
  if (signals.length === 1) return signals[0]!;
  const any = (AbortSignal as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  if (any) return any(signals);
  const controller = new AbortController();
  for (const s of signals) s.addEventListener("abort", () => controller.abort(s.reason));
  return controller.signal;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(
        new TaskMcpError({
          code: "REQUEST_CANCELLED",
          message: "The call was cancelled",
          status: 0,
          retryable: false,
        }),
      );
    }, { once: true });
  });
}
