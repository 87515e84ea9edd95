/**
 * The outermost edge step: finds the client's address, then, once the answer is ready, counts
 * the request in the metrics and writes one access-log line — request id, method, route,
 * status, duration, client and caller (a token's hash, never the token), and the trace id an
 * MCP request carried in `_meta.traceparent`. Query strings are left
 * out of the log: the legacy transport's `sessionId` travels in one.
 *
 * For a stream, "answered" means its headers were sent; the stream itself may run for hours.
 *
 * @module
 */
import type { EdgeStep } from "../context.ts";
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
 * Creates the step.
 *
 * @example
 * ```ts
 * import { createAccessLog } from "./access_log.ts";
 * import { createSecurityMetrics } from "../../metrics/security_metrics.ts";
 * import { createLogger } from "../../log.ts";
 * const step = createAccessLog({
 *   logger: createLogger("info", (line) => console.error(line)).child("http"),
 *   metrics: createSecurityMetrics(),
 *   trustProxy: false,
 * });
 * ```
 */
export function createAccessLog(options: AccessLogOptions): EdgeStep {
  const { logger, metrics } = options;
  return {
    before(c) {
      c.set("client", clientAddress(c.env?.remoteAddress, c.req.raw.headers, options.trustProxy));
      metrics.active++;
      return undefined;
    },
    after(c) {
      metrics.active--;
      const seconds = (performance.now() - c.get("receivedAt")) / 1000;
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
        client: c.get("client"),
        caller: c.get("caller"),
        ...(c.get("traceId") ? { traceId: c.get("traceId") } : {}),
      };
      if (quiet) logger.debug("request", record);
      else if (status >= 500) logger.warn("request", record);
      else logger.info("request", record);
    },
  };
}
