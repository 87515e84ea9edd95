/**
 * The outermost middleware: finds the client's address, then, once the answer is ready, counts
 * the request in the metrics and writes one access-log line — request id, method, route,
 * status, duration, client and caller (a token's hash, never the token), and the trace id an
 * MCP request carried in `_meta.traceparent`. Query strings are left
 * out of the log: the legacy transport's `sessionId` travels in one.
 *
 * For a stream, "answered" means its headers were sent; the stream itself may run for hours.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { HttpEnv } from "../context.ts";
import type { Logger } from "../../log.ts";
import { clientAddress } from "./client_address.ts";
import { methodLabel, routeLabel, type SecurityMetrics } from "../../metrics/security_metrics.ts";

/** Options of {@link createAccessLog}. */
export interface AccessLogOptions {
  /** Where the lines go: the `task-mcp:http` logger. */
  logger: Logger;
  metrics: SecurityMetrics;
  /** Believe `X-Forwarded-For` (`TRUST_PROXY`). */
  trustProxy: boolean;
}

/**
 * Creates the middleware.
 *
 * @example
 * ```ts
 * import { createAccessLog } from "./access_log.ts";
 * import { createSecurityMetrics } from "../../metrics/security_metrics.ts";
 * import { createLogger } from "../../log.ts";
 * const middleware = createAccessLog({
 *   logger: createLogger("info", (line) => console.error(line)).child("http"),
 *   metrics: createSecurityMetrics(),
 *   trustProxy: false,
 * });
 * ```
 */
export function createAccessLog(options: AccessLogOptions): MiddlewareHandler<HttpEnv> {
  const { logger, metrics } = options;
  return async (c, next) => {
    const started = performance.now();
    const client = clientAddress(c.env?.remoteAddress, c.req.raw.headers, options.trustProxy);
    c.set("client", client);
    metrics.active++;
    try {
      await next();
    } finally {
      metrics.active--;
    }
    const seconds = (performance.now() - started) / 1000;
    const route = routeLabel(c.req.path);
    const status = c.res.status;
    metrics.requests.inc({ route, method: methodLabel(c.req.method), status: String(status) });
    metrics.latency.observe({ route }, seconds);
    // Probes are polled every few seconds: logging each would drown everything else.
    const quiet = (route === "/healthz" || route === "/readyz") && status < 400;
    const record = {
      requestId: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Math.round(seconds * 10_000) / 10,
      client,
      caller: c.get("caller"),
      ...(c.get("traceId") ? { traceId: c.get("traceId") } : {}),
    };
    if (quiet) logger.debug("request", record);
    else if (status >= 500) logger.warn("request", record);
    else logger.info("request", record);
  };
}
