/**
 * Cheap looks at a parsed POST body before it reaches the MCP session: is it JSON-RPC at all,
 * does it hold requests, is it an `initialize`. The session validates everything properly.
 *
 * @module
 */
import { accepts } from "./accept.ts";
import { jsonRpcHttpError } from "./mcp_http.ts";

type Shape = Record<string, unknown>;

const items = (body: unknown): Shape[] =>
  (Array.isArray(body) ? body : [body]).filter((x): x is Shape =>
    typeof x === "object" && x !== null && !Array.isArray(x)
  );

/**
 * Whether a body is meant as JSON-RPC rather than a tool envelope: it has `jsonrpc`, or it is
 * an array (a batch).
 *
 * @example
 * ```ts
 * import { isJsonRpc } from "./message_shape.ts";
 * isJsonRpc({ jsonrpc: "2.0", id: 1, method: "ping" }); // true
 * isJsonRpc({ tool: "changes.active", input: {} }); // false
 * ```
 */
export function isJsonRpc(body: unknown): boolean {
  return Array.isArray(body) ||
    (typeof body === "object" && body !== null && "jsonrpc" in body);
}

/** Whether the body holds at least one request (a message with `method` and `id`). */
export function hasRequest(body: unknown): boolean {
  return items(body).some((m) => "method" in m && "id" in m);
}

/** Whether the body is a single `initialize` request. */
export function isInitialize(body: unknown): boolean {
  return !Array.isArray(body) && items(body).some((m) => m.method === "initialize" && "id" in m);
}

/** Whether the body holds a `tools/call` request. */
export function isToolCall(body: unknown): boolean {
  return items(body).some((m) => m.method === "tools/call" && "id" in m);
}

/**
 * `406` unless `Accept` allows JSON or SSE. The spec makes clients list both; we only refuse
 * clients that accept neither, so that `curl` (`*\/*`) and minimal clients work.
 */
export function acceptsMcp(request: Request): Response | undefined {
  const accept = request.headers.get("accept");
  if (accepts(accept, "application/json") || accepts(accept, "text/event-stream")) {
    return undefined;
  }
  return jsonRpcHttpError(
    406,
    -32000,
    "Not Acceptable: Accept must include application/json or text/event-stream",
  );
}
