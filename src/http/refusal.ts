/**
 * The one renderer of HTTP refusals — 401, 403, 404, 405, 413, 429, 503 and the 500 of
 * `onError` — keyed by the error code table (`errors.ts`): the code names the status, the
 * table's hint is the default, and the body is the API reference's
 * `{ apiVersion, error: { code, message, hint, details? }, requestId, timestamp }`.
 *
 * A refusal that an MCP client reads (the Host/Origin guard, whose spec form is a JSON-RPC
 * error without `id`, and the MCP endpoint's 405 and 413) takes `jsonRpc`: the same status and
 * headers, with a JSON-RPC error body instead.
 *
 * A leaf beside `context.ts`: middleware imports it instead of a transport. To add a refusal,
 * add its code to `ERROR_CODES` and call {@link refusal} with it.
 *
 * @module
 */
import type { Context } from "hono";
import { ERROR_CODES, type ErrorCode } from "../errors.ts";
import { envelopeErrorResponse } from "../transports/envelope_http.ts";
import { jsonRpcHttpError } from "../transports/mcp_http.ts";
import type { HttpEnv } from "./context.ts";

/** What a refusal says besides its code. */
export interface RefusalOptions {
  /** What went wrong, in the error-message grammar. */
  message: string;
  /** What to do about it; default the code's hint in the table. */
  hint?: string;
  /** The field or value concerned. */
  details?: Record<string, unknown>;
  /** More fields of the `error` object, after `hint` (the 429's `retryAfter`). */
  fields?: Record<string, unknown>;
  /** Headers added to the answer (`WWW-Authenticate`, `Retry-After`, `Allow`…). */
  headers?: Record<string, string>;
  /**
   * The status, where the same code answers two situations: a body that does not arrive in
   * time is 408 `REQUEST_TIMEOUT`, a call past its deadline the table's 504. Default the table's.
   */
  status?: number;
  /** Answer with a JSON-RPC error of this code (no `id`) instead of the reference's body. */
  jsonRpc?: number;
}

/**
 * The refusal of the request `c` with `code`.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import type { HttpEnv } from "./context.ts";
 * import { refusal } from "./refusal.ts";
 * const app = new Hono<HttpEnv>();
 * app.use("*", (c) => {
 *   c.set("requestId", "req-1");
 *   return Promise.resolve(refusal(c, "AUTHENTICATION_FAILED", {
 *     message: "Invalid or missing authentication token",
 *     headers: { "WWW-Authenticate": "Bearer" },
 *   }));
 * });
 * const res = await app.request("/"); // 401, error.hint from the table
 * ```
 */
export function refusal(c: Context<HttpEnv>, code: ErrorCode, options: RefusalOptions): Response {
  const status = options.status ?? ERROR_CODES[code].status;
  const headers = options.headers ?? {};
  if (options.jsonRpc !== undefined) {
    return jsonRpcHttpError(status, options.jsonRpc, options.message, headers);
  }
  const error = {
    code,
    message: options.message,
    hint: options.hint ?? ERROR_CODES[code].hint,
    ...options.fields,
    ...(options.details ? { details: options.details } : {}),
  };
  return envelopeErrorResponse(error, c.get("requestId"), {}, { status, headers });
}
