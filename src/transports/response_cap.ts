/**
 * The response size limit (`MAX_RESPONSE_SIZE_KB`) and the request timeout
 * (`REQUEST_TIMEOUT_MS`) as the API reference words them, for the envelope API and for MCP.
 *
 * @module
 */
import { ERROR_CODES } from "../errors.ts";

const encoder = new TextEncoder();

/** The UTF-8 size of `text`, computed only when it could exceed `limit`. */
export function byteSize(text: string, limit: number): number {
  // A UTF-16 code unit is at most 3 bytes of UTF-8: short strings need no encoding.
  return text.length * 3 <= limit ? text.length : encoder.encode(text).byteLength;
}

/** The reference's RESPONSE_TOO_LARGE error. */
export function responseTooLarge(size: number, limit: number) {
  const kb = (n: number) => `${Math.ceil(n / 1024)}KB`;
  return {
    code: "RESPONSE_TOO_LARGE" as const,
    message: `Response size (${kb(size)}) exceeds limit of ${kb(limit)}`,
    hint: ERROR_CODES.RESPONSE_TOO_LARGE.hint,
  };
}

/** The reference's REQUEST_TIMEOUT error. */
export function requestTimedOut(timeoutMs: number) {
  const seconds = timeoutMs / 1000;
  const after = timeoutMs % 1000 === 0
    ? `${seconds} second${seconds === 1 ? "" : "s"}`
    : `${timeoutMs} ms`;
  return {
    code: "REQUEST_TIMEOUT" as const,
    message: `Request timed out after ${after}`,
    hint: ERROR_CODES.REQUEST_TIMEOUT.hint,
  };
}

/** A JSON-RPC error response carrying one of the errors above in `data`. */
export function jsonRpcLimitError(
  id: unknown,
  error: { code: string; message: string; hint: string },
): Record<string, unknown> {
  return {
    jsonrpc: "2.0",
    id: id ?? null,
    error: { code: -32000, message: error.message, data: { code: error.code, hint: error.hint } },
  };
}

/**
 * `json` (the serialization of `message`) if it fits in `limit` bytes; otherwise, for a
 * response, the serialization of a RESPONSE_TOO_LARGE error with the same id, and for anything
 * else `undefined` (a notification too large to send is dropped).
 *
 * @example
 * ```ts
 * import { capJsonRpc } from "./response_cap.ts";
 * const message = { jsonrpc: "2.0", id: 1, result: { text: "x".repeat(100) } };
 * capJsonRpc(JSON.stringify(message), message, 50); // '{"jsonrpc":"2.0","id":1,"error":{…"RESPONSE_TOO_LARGE"…}}'
 * ```
 */
export function capJsonRpc(json: string, message: unknown, limit: number): string | undefined {
  const size = byteSize(json, limit);
  if (size <= limit) return json;
  if (Array.isArray(message)) {
    return JSON.stringify(
      message.map((m) => jsonRpcLimitError(idOf(m), responseTooLarge(size, limit))),
    );
  }
  if (typeof message !== "object" || message === null || !("id" in message)) return undefined;
  return JSON.stringify(jsonRpcLimitError(idOf(message), responseTooLarge(size, limit)));
}

function idOf(message: unknown): unknown {
  return typeof message === "object" && message !== null && "id" in message
    ? (message as { id: unknown }).id
    : null;
}
