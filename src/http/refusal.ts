/**
 * The answer of a middleware that refuses a request (401, 429): the envelope API's JSON error
 * body, `{ apiVersion, error, requestId, timestamp }`, with the status the error code table gives
 * the code. A leaf beside `context.ts`: middleware imports it instead of a transport.
 *
 * @module
 */
import type { Context } from "hono";
import type { ToolErrorInfo } from "../backend_types.ts";
import { ERROR_CODES } from "../errors.ts";
import { API_VERSION } from "../transports/envelope.ts";
import { safeJsonResponse } from "../transports/safe_json.ts";
import type { HttpEnv } from "./context.ts";

/**
 * The refusal of the request `c` with `error`; `headers` are added to the API's own.
 *
 * @example
 * ```ts
 * import { Hono } from "hono";
 * import type { HttpEnv } from "./context.ts";
 * import { refusal } from "./refusal.ts";
 * const app = new Hono<HttpEnv>();
 * app.use("*", (c) => {
 *   c.set("requestId", "req-1");
 *   const error = { code: "AUTHENTICATION_FAILED", message: "No token", hint: "Send one" };
 *   return Promise.resolve(refusal(c, error, { "WWW-Authenticate": "Bearer" }));
 * });
 * const res = await app.request("/"); // 401
 * ```
 */
export function refusal(
  c: Context<HttpEnv>,
  error: ToolErrorInfo,
  headers: Record<string, string> = {},
): Response {
  const status = (ERROR_CODES as Record<string, { status: number }>)[error.code]?.status ?? 500;
  return safeJsonResponse({
    apiVersion: API_VERSION,
    error,
    requestId: c.get("requestId"),
    timestamp: new Date().toISOString(),
  }, { status, headers: { "API-Version": API_VERSION, ...headers } });
}
