/**
 * The limits of one call — the deadline (`REQUEST_TIMEOUT_MS`) and the response size
 * (`MAX_RESPONSE_SIZE_KB`) — their errors as the API reference words them, and the deadline
 * itself ({@link startDeadline}), for the envelope API and for MCP alike.
 *
 * @module
 */
import { ERROR_CODES } from "../errors.ts";
import { ProtocolError } from "./backend.ts";
import type { Limits } from "../limits.ts";

/** The limits a transport puts on each call; absent or `Infinity` means none. */
export interface CallLimits {
  /** Deadline of a call, in milliseconds (`REQUEST_TIMEOUT_MS`). */
  timeoutMs?: number;
  /** Largest answer, in bytes of JSON (`MAX_RESPONSE_SIZE_KB`). */
  maxBytes?: number;
}

/**
 * The {@link CallLimits} view of the server's {@link Limits}.
 *
 * @example
 * ```ts
 * import { callLimits } from "./call_limits.ts";
 * import { DEFAULT_LIMITS } from "../limits.ts";
 * callLimits(DEFAULT_LIMITS); // { timeoutMs: 30000, maxBytes: 1048576 }
 * ```
 */
export function callLimits(
  limits: Pick<Limits, "requestTimeoutMs" | "maxResponseBytes">,
): CallLimits {
  return { timeoutMs: limits.requestTimeoutMs, maxBytes: limits.maxResponseBytes };
}

/** The error of a call stopped by one of its {@link CallLimits}. */
export interface LimitError {
  code: "REQUEST_TIMEOUT" | "RESPONSE_TOO_LARGE";
  message: string;
  hint: string;
}

const encoder = new TextEncoder();

/**
 * The UTF-8 size of `text`, computed only when it could exceed `limit`.
 *
 * @example
 * ```ts
 * import { byteSize } from "./call_limits.ts";
 * byteSize("héllo", 100); // 5: short enough that it cannot exceed the limit
 * byteSize("héllo", 10); // 6
 * ```
 */
export function byteSize(text: string, limit: number): number {
  // A UTF-16 code unit is at most 3 bytes of UTF-8: short strings need no encoding.
  return text.length * 3 <= limit ? text.length : encoder.encode(text).byteLength;
}

/**
 * The reference's RESPONSE_TOO_LARGE error.
 *
 * @example
 * ```ts
 * import { responseTooLarge } from "./call_limits.ts";
 * responseTooLarge(5000, 2048).message; // "Response size (5KB) exceeds limit of 2KB"
 * ```
 */
export function responseTooLarge(size: number, limit: number): LimitError {
  const kb = (n: number) => `${Math.ceil(n / 1024)}KB`;
  return {
    code: "RESPONSE_TOO_LARGE",
    message: `Response size (${kb(size)}) exceeds limit of ${kb(limit)}`,
    hint: ERROR_CODES.RESPONSE_TOO_LARGE.hint,
  };
}

/**
 * The reference's REQUEST_TIMEOUT error.
 *
 * @example
 * ```ts
 * import { requestTimedOut } from "./call_limits.ts";
 * requestTimedOut(30_000).message; // "Request timed out after 30 seconds"
 * requestTimedOut(200).message; // "Request timed out after 200 ms"
 * ```
 */
export function requestTimedOut(timeoutMs: number): LimitError {
  const seconds = timeoutMs / 1000;
  const after = timeoutMs % 1000 === 0
    ? `${seconds} second${seconds === 1 ? "" : "s"}`
    : `${timeoutMs} ms`;
  return {
    code: "REQUEST_TIMEOUT",
    message: `Request timed out after ${after}`,
    hint: ERROR_CODES.REQUEST_TIMEOUT.hint,
  };
}

/** A running deadline. */
export interface Deadline {
  /**
   * Resolves with the REQUEST_TIMEOUT error when the deadline passes, once the controller was
   * aborted with a `TimeoutError`; never resolves when there is no deadline.
   */
  readonly expired: Promise<LimitError>;
  /** Stops the timer (the work ended first). */
  clear(): void;
}

/**
 * The deadline of a request or call: after `timeoutMs` (none when absent or `Infinity`) it aborts
 * `controller` — so a mutation still waiting for its turn never starts — and `expired` resolves.
 * The one implementation of `REQUEST_TIMEOUT_MS`: the tool-call runner and every MCP request of
 * an HTTP message use it.
 *
 * @example
 * ```ts
 * import { startDeadline } from "./call_limits.ts";
 * const controller = new AbortController();
 * const deadline = startDeadline(50, controller);
 * const error = await deadline.expired; // { code: "REQUEST_TIMEOUT", … }
 * controller.signal.aborted; // true
 * ```
 */
export function startDeadline(
  timeoutMs: number | undefined,
  controller: AbortController,
): Deadline {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<LimitError>((resolve) => {
    if (timeoutMs === undefined || !Number.isFinite(timeoutMs)) return;
    timer = setTimeout(() => {
      const error = requestTimedOut(timeoutMs);
      controller.abort(new DOMException(error.message, "TimeoutError"));
      resolve(error);
    }, timeoutMs);
  });
  return { expired, clear: () => clearTimeout(timer) };
}

/**
 * A limit's error as the JSON-RPC error MCP answers: −32000 with the reference's code and hint
 * in `data`.
 *
 * @example
 * ```ts
 * import { limitProtocolError, requestTimedOut } from "./call_limits.ts";
 * limitProtocolError(requestTimedOut(200)).data; // { code: "REQUEST_TIMEOUT", hint: "…" }
 * ```
 */
export function limitProtocolError(error: LimitError): ProtocolError {
  return new ProtocolError(-32000, error.message, { code: error.code, hint: error.hint });
}
