/**
 * What the two MCP-over-HTTP transports share: JSON-RPC error answers, the
 * `MCP-Protocol-Version` check and the framing of messages as SSE events.
 *
 * @module
 */
import { isProtocolVersion, PROTOCOL_VERSIONS } from "../mcp/mod.ts";
import { serializeCapped, serializeCappedBytes } from "./response_cap.ts";
import { formatSseJson } from "./sse_format.ts";

/**
 * An HTTP error with a JSON-RPC error body that has no `id` (the spec's form for errors that are
 * not answers to one request).
 *
 * @example
 * ```ts
 * import { jsonRpcHttpError } from "./mcp_http.ts";
 * jsonRpcHttpError(404, -32001, "Session not found").status; // 404
 * ```
 */
export function jsonRpcHttpError(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, {
    status,
    headers,
  });
}

/**
 * `400` when the request carries an `MCP-Protocol-Version` we do not support. Any supported
 * version passes, even one that differs from the session's negotiated version: the SDK does the
 * same and the conformance suite sends `2025-03-26` on sessions that negotiated `2025-11-25`.
 * An absent header passes (the spec then assumes 2025-03-26 or the negotiated version).
 */
export function checkProtocolVersion(request: Request): Response | undefined {
  const header = request.headers.get("mcp-protocol-version");
  if (header === null || isProtocolVersion(header)) return undefined;
  const supported = PROTOCOL_VERSIONS.join(", ");
  return jsonRpcHttpError(
    400,
    -32000,
    `Bad Request: unsupported MCP-Protocol-Version "${header}" (supported: ${supported})`,
  );
}

/**
 * A JSON-RPC message as an SSE `message` event, or `undefined` if it cannot be serialized (a
 * response then becomes −32603, see `serializeMessage`). A response over `maxBytes` becomes a
 * RESPONSE_TOO_LARGE error; a notification over it is dropped.
 */
export function sseMessage(
  message: unknown,
  onError?: (error: unknown) => void,
  maxBytes = Infinity,
): string | undefined {
  const capped = serializeCapped(message, maxBytes, onError);
  return capped === undefined ? undefined : formatSseJson("message", capped);
}

/**
 * Whether `new Response(bytes)` copies `bytes` before it returns, as Bun does (a test of the
 * binary holds it to that): then one buffer, reused, holds every answer on its way into its
 * Response, instead of a new one of the answer's size (tens of kilobytes for a page) for each.
 * Elsewhere a Response may keep the bytes it is given, so each answer gets its own.
 */
const RESPONSE_COPIES_BODY = "Bun" in globalThis;
let buffer = new Uint8Array(0);
/** Answers above this size get a buffer of their own, not kept after. */
const SCRATCH_MAX_BYTES = 1024 * 1024;
const scratch = (size: number): Uint8Array<ArrayBuffer> => {
  if (size > SCRATCH_MAX_BYTES) return new Uint8Array(size);
  if (buffer.byteLength < size) buffer = new Uint8Array(Math.max(size, buffer.byteLength * 2));
  return buffer.subarray(0, size);
};

/**
 * A JSON-RPC response (or batch) as a JSON HTTP answer, with RESPONSE_TOO_LARGE in place of a
 * body over `maxBytes`.
 *
 * @example
 * ```ts
 * import { jsonRpcResponse } from "./mcp_http.ts";
 * const response = jsonRpcResponse({ jsonrpc: "2.0", id: 1, result: {} }, 1024);
 * response.headers.get("content-type"); // "application/json"
 * ```
 */
export function jsonRpcResponse(
  message: unknown,
  maxBytes = Infinity,
  init: { status?: number; headers?: Record<string, string> } = {},
  onError?: (error: unknown) => void,
): Response {
  const body = Array.isArray(message)
    ? serializeCapped(message, maxBytes, onError)
    : serializeCappedBytes(message, maxBytes, onError, RESPONSE_COPIES_BODY ? scratch : undefined);
  return new Response(body ?? "null", {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/json", ...init.headers },
  });
}
