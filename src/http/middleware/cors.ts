/**
 * CORS for browser clients on the origins of `ALLOWED_ORIGINS`.
 *
 * A preflight (`OPTIONS` with `Access-Control-Request-Method`) from an allowed origin is answered
 * here with 204 and the grant, before authentication (browsers send no credentials on
 * preflights) and before rate limiting; from any other origin it is 403 without a grant. Other
 * requests from an allowed origin get `Access-Control-Allow-Origin` on whatever they are
 * answered, errors included, so that a browser client can read a 401 or 429. The grant
 * includes credentials (the `task-mcp-auth` cookie) and names the MCP headers a browser MCP
 * client sends and reads.
 *
 * Origins are checked before this, by the Host/Origin guard; `ALLOWED_ORIGINS` are passed to it
 * too, so an allowed origin clears both.
 *
 * @module
 */
import type { Context } from "hono";
import { type EdgeStep, type HttpEnv, setHeader } from "../context.ts";
import { refusal } from "../refusal.ts";
import type { Logger } from "../../log.ts";
import type { SecurityMetrics } from "../../metrics/security_metrics.ts";

/** Options of {@link createCors}. */
export interface CorsOptions {
  allowedOrigins: string[];
  metrics: SecurityMetrics;
  logger: Logger;
}

/** The preflight grant, as the API reference lists it plus what MCP clients need. */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
  "Access-Control-Allow-Headers":
    "Content-Type, Authorization, Cache-Control, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID, X-Request-Id",
  "Access-Control-Max-Age": "86400",
};

/** Response headers a browser script may read. */
const EXPOSED = [
  "Mcp-Session-Id",
  "API-Version",
  "X-Request-Id",
  "WWW-Authenticate",
  "Retry-After",
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  "X-RateLimit-Retry-After",
  "X-RateLimit-Window",
].join(", ");

/**
 * Creates the edge step.
 *
 * @example
 * ```ts
 * import { createCors } from "./cors.ts";
 * import { createSecurityMetrics } from "../../metrics/security_metrics.ts";
 * import { createLogger } from "../../log.ts";
 * const cors = createCors({
 *   allowedOrigins: ["https://app.example.com"],
 *   metrics: createSecurityMetrics(),
 *   logger: createLogger("info", () => {}).child("cors"),
 * });
 * ```
 */
export function createCors(options: CorsOptions): EdgeStep {
  const allowed = new Set(options.allowedOrigins);
  const { metrics, logger } = options;
  const preflight = (c: Context<HttpEnv>, origin: string | undefined) => {
    const granted = origin !== undefined && allowed.has(origin);
    metrics.preflights.inc({ result: granted ? "allowed" : "refused" });
    logger.debug("preflight", { origin, granted, path: c.req.path });
    if (!granted) {
      return refusal(c, "FORBIDDEN", {
        message: `Origin ${JSON.stringify(origin ?? null)} is not allowed`,
        hint: "Add the origin to ALLOWED_ORIGINS",
      });
    }
    return new Response(null, {
      status: 204,
      headers: {
        ...CORS_HEADERS,
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Credentials": "true",
        "Vary": "Origin",
      },
    });
  };
  return {
    before(c) {
      if (c.req.method !== "OPTIONS") return undefined;
      if (c.req.header("access-control-request-method") === undefined) return undefined;
      return preflight(c, c.req.header("origin"));
    },
    // A request without an allowed Origin (CLI and desktop clients send none) gets nothing.
    after(c) {
      const origin = c.req.header("origin");
      if (origin === undefined || !allowed.has(origin)) return;
      setHeader(c, "Access-Control-Allow-Origin", origin);
      setHeader(c, "Access-Control-Allow-Credentials", "true");
      setHeader(c, "Access-Control-Expose-Headers", EXPOSED);
      setHeader(c, "Vary", "Origin");
    },
  };
}
