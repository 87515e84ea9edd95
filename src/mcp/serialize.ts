/**
 * Turning outgoing messages into JSON text without letting one bad value take the transport down.
 *
 * @module
 */

import { ErrorCode } from "./backend.ts";
import { failure } from "./json_rpc.ts";

/**
 * `JSON.stringify` for outgoing messages (a response, a batch of them, or a notification).
 *
 * A backend result that JSON cannot represent (a `BigInt`, a cycle) would otherwise throw inside
 * the transport. Instead the response becomes a −32603 for the same id, a notification is
 * dropped (`undefined`), and `onError` gets the cause. The output never contains a raw newline,
 * as stdio framing requires.
 *
 * @example
 * ```ts
 * import { serializeMessage } from "./serialize.ts";
 * serializeMessage({ jsonrpc: "2.0", id: 1, result: {} }); // '{"jsonrpc":"2.0","id":1,"result":{}}'
 * serializeMessage({ jsonrpc: "2.0", id: 2, result: { n: 1n } }); // a -32603 error for id 2
 * ```
 */
export function serializeMessage(
  message: unknown,
  onError?: (error: unknown) => void,
): string | undefined {
  if (!Array.isArray(message)) return serializeOne(message, onError);
  const parts = message.map((item) => serializeOne(item, onError))
    .filter((part) => part !== undefined);
  return parts.length > 0 ? `[${parts.join(",")}]` : undefined;
}

function serializeOne(message: unknown, onError?: (error: unknown) => void): string | undefined {
  try {
    return JSON.stringify(message);
  } catch (error) {
    onError?.(error);
    const id = (message as { id?: unknown }).id;
    if (typeof id !== "string" && typeof id !== "number") return undefined;
    return JSON.stringify(failure(id, ErrorCode.InternalError, "Internal error"));
  }
}
