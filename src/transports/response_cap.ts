/**
 * The response size limit (`MAX_RESPONSE_SIZE_KB`) on every JSON-RPC message MCP sends: tool
 * results are capped where the call runs (`mcp/tool_call.ts`), but resources, prompts, lists
 * and batches are capped here, where they are written.
 *
 * @module
 */
import { byteSize, type LimitError, responseTooLarge } from "../mcp/call_limits.ts";
import { serializeMessage, serializeMessageBytes } from "../mcp/serialize.ts";

/** A JSON-RPC error response carrying one of the errors above in `data`. */
export function jsonRpcLimitError(
  id: unknown,
  error: LimitError,
): Record<string, unknown> {
  return {
    jsonrpc: "2.0",
    id: id ?? null,
    error: { code: -32000, message: error.message, data: { code: error.code, hint: error.hint } },
  };
}

/**
 * `json` (the serialization of one message, not a batch: {@link serializeCapped} counts those)
 * if it fits in `limit` bytes; otherwise, for a response, the serialization of a RESPONSE_TOO_LARGE error with the same id, and for anything
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
  if (typeof message !== "object" || message === null || !("id" in message)) return undefined;
  return JSON.stringify(jsonRpcLimitError(idOf(message), responseTooLarge(size, limit)));
}

/**
 * The JSON text of a JSON-RPC message or batch, capped at `limit` bytes as {@link capJsonRpc}
 * caps it, but with a batch counted while it is written: once its answers pass the limit the
 * rest are not written at all, so a batch whose answer would be 90 MB stops at the limit instead
 * of being built whole first. The size reported is then what was counted up to that point.
 *
 * @example
 * ```ts
 * import { serializeCapped } from "./response_cap.ts";
 * const answer = { jsonrpc: "2.0", id: 1, result: { text: "x".repeat(100) } };
 * serializeCapped([answer, { ...answer, id: 2 }], 150); // two RESPONSE_TOO_LARGE errors, ids 1 and 2
 * ```
 */
export function serializeCapped(
  message: unknown,
  limit: number,
  onError?: (error: unknown) => void,
): string | undefined {
  if (!Array.isArray(message)) {
    const json = serializeMessage(message, onError);
    return json === undefined ? undefined : capJsonRpc(json, message, limit);
  }
  const parts: string[] = [];
  let size = 1; // "["
  for (const item of message) {
    const part = serializeMessage(item, onError);
    if (part === undefined) continue;
    size += byteSize(part, Math.max(0, limit - size)) + 1; // its "," or "]"
    if (size > limit) {
      return JSON.stringify(
        message.map((m) => jsonRpcLimitError(idOf(m), responseTooLarge(size, limit))),
      );
    }
    parts.push(part);
  }
  return parts.length > 0 ? `[${parts.join(",")}]` : undefined;
}

/**
 * {@link serializeCapped} for one message, as UTF-8 bytes (see `serializeMessageBytes`): the
 * bytes of the answer, RESPONSE_TOO_LARGE's text in place of one over `limit`, or `undefined`.
 */
export function serializeCappedBytes(
  message: unknown,
  limit: number,
  onError?: (error: unknown) => void,
  allocate?: (size: number) => Uint8Array<ArrayBuffer>,
): Uint8Array<ArrayBuffer> | string | undefined {
  const bytes = serializeMessageBytes(message, onError, allocate);
  if (bytes === undefined || bytes.byteLength <= limit) return bytes;
  if (typeof message !== "object" || message === null || !("id" in message)) return undefined;
  return JSON.stringify(
    jsonRpcLimitError(idOf(message), responseTooLarge(bytes.byteLength, limit)),
  );
}

function idOf(message: unknown): unknown {
  return typeof message === "object" && message !== null && "id" in message
    ? (message as { id: unknown }).id
    : null;
}
