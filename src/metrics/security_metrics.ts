/**
 * What the server counts about itself: requests, latency, authentication, rate limiting, CORS,
 * tool calls and audit events — served as Prometheus text on `GET /metrics` and, in the API
 * reference's shape, on `GET /security/metrics`.
 *
 * @module
 */
import { type Counter, createCounter, createHistogram, type Histogram } from "./prometheus.ts";

/** The counters. */
export interface SecurityMetrics {
  /** `task_mcp_http_requests_total{route,method,status}` */
  requests: Counter;
  /** `task_mcp_http_request_duration_seconds{route}`: until the response (a stream's headers). */
  latency: Histogram;
  /** `task_mcp_auth_attempts_total{result}`: `success`, `missing` or `invalid`. */
  authAttempts: Counter;
  /** `task_mcp_rate_limit_hits_total{scope}`: requests refused with 429, by `token` or `ip`. */
  rateLimitHits: Counter;
  /** `task_mcp_cors_preflight_total{result}`: `allowed` or `refused`. */
  preflights: Counter;
  /** `task_mcp_tool_calls_total{tool,outcome}`: `ok` or the error code. */
  toolCalls: Counter;
  /** `task_mcp_audit_events_total{operation}`: receipts appended to the audit log. */
  auditEvents: Counter;
  /** `task_mcp_redis_failures_total`: rate-limit decisions made without Redis. */
  redisFailures: Counter;
  /** Requests being answered right now. */
  active: number;
}

/** Latency buckets, in seconds. */
const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Creates the counters, all at zero.
 *
 * @example
 * ```ts
 * import { createSecurityMetrics } from "./security_metrics.ts";
 * const metrics = createSecurityMetrics();
 * metrics.requests.inc({ route: "/mcp", method: "POST", status: "200" });
 * ```
 */
export function createSecurityMetrics(): SecurityMetrics {
  return {
    requests: createCounter(
      "task_mcp_http_requests_total",
      "HTTP requests by route, method and status",
    ),
    latency: createHistogram(
      "task_mcp_http_request_duration_seconds",
      "Time to the response (for streams: to their headers), by route",
      BUCKETS,
    ),
    authAttempts: createCounter("task_mcp_auth_attempts_total", "Authentication checks by result"),
    rateLimitHits: createCounter(
      "task_mcp_rate_limit_hits_total",
      "Requests refused with 429, by key scope",
    ),
    preflights: createCounter("task_mcp_cors_preflight_total", "CORS preflight requests by result"),
    toolCalls: createCounter(
      "task_mcp_tool_calls_total",
      "Tool calls by tool and outcome (ok or error code)",
    ),
    auditEvents: createCounter(
      "task_mcp_audit_events_total",
      "Mutations recorded in the audit log",
    ),
    redisFailures: createCounter(
      "task_mcp_redis_failures_total",
      "Rate-limit decisions made without Redis",
    ),
    active: 0,
  };
}

/** The routes the server has; anything else is counted as `other`, keeping labels bounded. */
const ROUTES = new Set([
  "/",
  "/health",
  "/healthz",
  "/readyz",
  "/sse",
  "/mcp",
  "/messages",
  "/metrics",
  "/security/metrics",
]);

/** The `route` label of a path. */
export function routeLabel(path: string): string {
  return ROUTES.has(path) ? path : "other";
}

/** The `method` label of a method. */
export function methodLabel(method: string): string {
  return ["GET", "POST", "DELETE", "OPTIONS", "HEAD", "PUT", "PATCH"].includes(method)
    ? method
    : "other";
}
