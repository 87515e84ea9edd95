/**
 * `GET /metrics` (Prometheus text) and `GET /security/metrics` (the API reference's JSON).
 * Both sit behind authentication when tokens are configured, like every route but the probes:
 * they reveal traffic and configuration. A Prometheus scraper sends the token with
 * `authorization: {credentials: …}` in its scrape config.
 *
 * @module
 */
import type { Hono } from "hono";
import type { HttpEnv } from "./context.ts";
import { gauge, type MetricFamily, renderPrometheus } from "../metrics/prometheus.ts";
import type { RateLimitPolicy } from "../ratelimit/rate_limiter.ts";
import type { SecurityMetrics } from "../metrics/security_metrics.ts";

/** What the routes report on. */
export interface MetricsDeps {
  metrics: SecurityMetrics;
  /** Sessions, streams, timers and calls in flight (the app's counts). */
  connections(): Record<string, number>;
  tokensConfigured: number;
  /** The policy, or `undefined` when rate limiting is off. */
  rateLimit: RateLimitPolicy | undefined;
  distributed: boolean;
  /** Clients tracked by the in-memory limiter. */
  trackedClients(): number;
  allowedOrigins: string[];
  version: string;
  runtime: string;
  startedAt: number;
  memory?(): { rss: number; heapUsed: number };
  /** More families to render (git mode's counters). */
  extraFamilies?(): MetricFamily[];
}

/**
 * Registers the routes.
 *
 * @example
 * ```ts
 * import { assertStringIncludes } from "@std/assert";
 * import { Hono } from "hono";
 * import { addMetricsRoutes } from "./metrics_routes.ts";
 * import type { HttpEnv } from "./context.ts";
 * import { createSecurityMetrics } from "../metrics/security_metrics.ts";
 * const app = new Hono<HttpEnv>();
 * addMetricsRoutes(app, {
 *   metrics: createSecurityMetrics(),
 *   connections: () => ({ sessions: 0 }),
 *   tokensConfigured: 1,
 *   rateLimit: { limit: 60, burst: 90, windowMs: 60_000 },
 *   distributed: false,
 *   trackedClients: () => 0,
 *   allowedOrigins: [],
 *   version: "1.0.0",
 *   runtime: "deno",
 *   startedAt: Date.now(),
 * });
 * const res = await app.request("/metrics");
 * assertStringIncludes(await res.text(), "# TYPE");
 * ```
 */
export function addMetricsRoutes(app: Hono<HttpEnv>, deps: MetricsDeps): void {
  app.get("/security/metrics", (c) => c.json({ success: true, data: securitySnapshot(deps) }));
  app.get("/metrics", (c) =>
    c.body(renderPrometheus(families(deps)), 200, {
      "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
      "Cache-Control": "no-store",
    }));
}

/** The `/security/metrics` data. */
export function securitySnapshot(deps: MetricsDeps): Record<string, unknown> {
  const { metrics } = deps;
  const attempts = metrics.authAttempts.total();
  const failed = attempts - metrics.authAttempts.total({ result: "success" });
  const blocked = metrics.rateLimitHits.total();
  const mutations = metrics.auditEvents.total();
  const policy = deps.rateLimit;
  return {
    audit: {
      totalEvents: mutations + failed + blocked,
      mutations,
      failedAuthentications: failed,
      rateLimitViolations: blocked,
    },
    auth: {
      activeTokens: deps.tokensConfigured,
      totalAttempts: attempts,
      successRate: attempts === 0 ? 1 : Math.round(((attempts - failed) / attempts) * 1000) / 1000,
    },
    rateLimit: {
      enabled: policy !== undefined,
      distributed: deps.distributed,
      activeRequests: metrics.active,
      blockedRequests: blocked,
      trackedClients: deps.trackedClients(),
      config: policy
        ? {
          requestsPerMinute: Math.round((policy.limit * 60_000 / policy.windowMs) * 100) / 100,
          burstLimit: policy.burst,
          windowMs: policy.windowMs,
        }
        : null,
    },
    cors: {
      allowedOrigins: deps.allowedOrigins,
      preflightRequests: metrics.preflights.total(),
      refusedPreflights: metrics.preflights.total({ result: "refused" }),
    },
  };
}

function families(deps: MetricsDeps): MetricFamily[] {
  return [...ownFamilies(deps), ...(deps.extraFamilies?.() ?? [])];
}

function ownFamilies(deps: MetricsDeps): MetricFamily[] {
  const { metrics } = deps;
  const counts = deps.connections();
  const memory = deps.memory?.();
  return [
    gauge("task_mcp_build_info", "Version and runtime of this server", [{
      labels: { version: deps.version, runtime: deps.runtime },
      value: 1,
    }]),
    gauge("task_mcp_uptime_seconds", "Seconds since the server started", [{
      value: Math.floor((Date.now() - deps.startedAt) / 1000),
    }]),
    metrics.requests.family(),
    metrics.latency.family(),
    gauge("task_mcp_http_requests_in_flight", "Requests being answered", [{
      value: metrics.active,
    }]),
    gauge("task_mcp_open_streams", "Open event streams (SSE and NDJSON)", [{
      value: counts.openStreams ?? 0,
    }]),
    gauge("task_mcp_sessions", "Open MCP sessions by transport", [
      { labels: { transport: "streamable_http" }, value: counts.mcpSessions ?? 0 },
      { labels: { transport: "legacy_sse" }, value: counts.legacySseSessions ?? 0 },
    ]),
    gauge("task_mcp_tool_calls_in_flight", "Tool calls running", [{
      value: counts.inFlightCalls ?? 0,
    }]),
    metrics.toolCalls.family(),
    metrics.auditEvents.family(),
    metrics.authAttempts.family(),
    {
      name: "task_mcp_auth_failures_total",
      help: "Requests refused with 401, by reason",
      type: "counter",
      samples: ["missing", "invalid"].map((reason) => ({
        labels: { reason },
        value: metrics.authAttempts.total({ result: reason }),
      })),
    },
    gauge("task_mcp_auth_tokens_configured", "Tokens in AUTH_TOKENS", [{
      value: deps.tokensConfigured,
    }]),
    metrics.rateLimitHits.family(),
    gauge("task_mcp_rate_limit_tracked_clients", "Clients tracked in memory by the rate limiter", [{
      value: deps.trackedClients(),
    }]),
    metrics.redisFailures.family(),
    metrics.preflights.family(),
    ...(memory
      ? [
        gauge("task_mcp_resident_memory_bytes", "Resident set size", [{ value: memory.rss }]),
        gauge("task_mcp_heap_used_bytes", "JavaScript heap in use", [{ value: memory.heapUsed }]),
      ]
      : []),
  ];
}
