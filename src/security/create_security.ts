/**
 * Everything `serve` adds for security and operations, built from the validated settings:
 * the middleware in the order the HTTP app runs it, the metrics routes, the backend wrapper that
 * counts tool calls, and what `/health` reports.
 *
 * Order: access log and metrics (outermost, so refusals are logged and counted too), security
 * headers, then — after the app's Host/Origin guard — CORS (a preflight is answered before any
 * credential is asked for), authentication's identify step, the rate limiter, and
 * authentication's enforce step.
 *
 * @module
 */
import type { Hono, MiddlewareHandler } from "hono";
import type { HttpEnv } from "../http/app.ts";
import type { Logger } from "../log.ts";
import type { McpBackend } from "../mcp/mod.ts";
import type { ConnectTcp } from "../runtime/tcp.ts";
import { createAccessLog } from "./access_log.ts";
import { createAuthMiddleware } from "./auth_middleware.ts";
import { createCors } from "./cors.ts";
import { instrumentBackend } from "./instrument_backend.ts";
import { createMemoryRateLimiter } from "./memory_rate_limiter.ts";
import { addMetricsRoutes, type MetricsDeps } from "./metrics_routes.ts";
import { createRateLimitMiddleware } from "./rate_limit_middleware.ts";
import type { RateLimiter, RateLimitPolicy } from "./rate_limiter.ts";
import { createRedisClient } from "./redis_client.ts";
import { createRedisRateLimiter } from "./redis_rate_limiter.ts";
import type { SecurityConfig } from "./security_config.ts";
import { securityHeaders } from "./security_headers.ts";
import { createSecurityMetrics, type SecurityMetrics } from "./security_metrics.ts";
import { createTokenAuth } from "./token_auth.ts";

/** What {@link createSecurity} needs. */
export interface SecurityOptions {
  config: SecurityConfig;
  logger: Logger;
  connectTcp: ConnectTcp;
}

/** The assembled pieces. */
export interface Security {
  metrics: SecurityMetrics;
  /** For `HttpAppOptions.outer`. */
  outer: MiddlewareHandler<HttpEnv>[];
  /** For `HttpAppOptions.middleware`. */
  middleware: MiddlewareHandler<HttpEnv>[];
  /** Registers `/metrics` and `/security/metrics`. */
  addRoutes(app: Hono<HttpEnv>, deps: Omit<MetricsDeps, keyof OwnDeps>): void;
  /** Wraps the backend so tool calls and audit events are counted. */
  instrument(backend: McpBackend): McpBackend;
  /** The security settings as `/health` and `/` report them (no secrets). */
  describe(): Record<string, unknown>;
  close(): void;
}

type OwnDeps = Pick<
  MetricsDeps,
  "metrics" | "tokensConfigured" | "rateLimit" | "distributed" | "trackedClients" | "allowedOrigins"
>;

/**
 * Builds the pieces.
 *
 * @example
 * ```ts
 * import { createSecurity } from "./create_security.ts";
 * import { connectTcp } from "../runtime/tcp.ts";
 * declare const config: import("./security_config.ts").SecurityConfig;
 * declare const logger: import("../log.ts").Logger;
 * const security = await createSecurity({ config, logger, connectTcp });
 * ```
 */
export async function createSecurity(options: SecurityOptions): Promise<Security> {
  const { config, logger } = options;
  const metrics = createSecurityMetrics();
  const auth = config.tokens.length ? await createTokenAuth(config.tokens) : undefined;
  const authentication = createAuthMiddleware({
    auth,
    allowedOrigins: config.allowedOrigins,
    metrics,
    logger: logger.child("auth"),
    loginPath: "/ui/login",
  });
  const rl = config.rateLimit;
  const policy: RateLimitPolicy | undefined = rl.limit > 0
    ? { limit: rl.limit, burst: rl.burst, windowMs: rl.windowMs }
    : undefined;
  const limiter = policy ? createLimiter(policy, options) : undefined;

  const middleware: MiddlewareHandler<HttpEnv>[] = [
    createCors({ allowedOrigins: config.allowedOrigins, metrics, logger: logger.child("cors") }),
    authentication.identify,
  ];
  if (limiter && policy) {
    const ratelimitLogger = logger.child("ratelimit");
    middleware.push(
      createRateLimitMiddleware({ limiter, policy, metrics, logger: ratelimitLogger }),
    );
  }
  middleware.push(authentication.enforce);

  const outer: MiddlewareHandler<HttpEnv>[] = [
    createAccessLog({ logger: logger.child("http"), metrics, trustProxy: config.trustProxy }),
  ];
  if (config.securityHeaders) outer.push(securityHeaders({ tls: config.tls !== undefined }));

  const own: OwnDeps = {
    metrics,
    tokensConfigured: config.tokens.length,
    rateLimit: policy,
    distributed: rl.redisUrl !== undefined,
    trackedClients: () => limiter?.size ?? 0,
    allowedOrigins: config.allowedOrigins,
  };
  return {
    metrics,
    outer,
    middleware,
    addRoutes: (app, deps) => addMetricsRoutes(app, { ...deps, ...own }),
    instrument: (backend) => instrumentBackend(backend, metrics),
    describe: () => ({
      auth_tokens_configured: config.tokens.length,
      authentication: config.tokens.length ? "bearer token or task-mcp-auth cookie" : "none",
      rate_limiting_enabled: policy !== undefined,
      rate_limit: policy
        ? { ...policy, distributed: rl.redisUrl !== undefined, on_redis_failure: rl.onRedisFailure }
        : null,
      cors_enabled: config.allowedOrigins.length > 0,
      allowed_origins: config.allowedOrigins,
      security_headers: config.securityHeaders,
      tls: config.tls !== undefined,
      trust_proxy: config.trustProxy,
      limits: {
        max_request_body_bytes: config.maxRequestBodyBytes,
        max_response_bytes: config.maxResponseBytes,
        request_timeout_ms: config.requestTimeoutMs,
        body_timeout_ms: config.bodyTimeoutMs,
        max_streams: config.maxStreams,
      },
    }),
    close: () => limiter?.close(),
  };
}

/** The in-memory limiter, or the Redis one in front of it. */
function createLimiter(policy: RateLimitPolicy, options: SecurityOptions): RateLimiter {
  const rl = options.config.rateLimit;
  const memory = createMemoryRateLimiter({ ...policy, maxClients: rl.maxClients });
  if (!rl.redisUrl) return memory;
  const log = options.logger.child("ratelimit");
  return createRedisRateLimiter({
    ...policy,
    redis: createRedisClient({
      url: rl.redisUrl,
      connect: options.connectTcp,
      timeoutMs: rl.redisTimeoutMs,
    }),
    fallback: memory,
    onFailure: rl.onRedisFailure,
    onStateChange(state, error) {
      if (state === "down") {
        log.error("redis unavailable: rate limits are no longer shared", {
          error: error?.message,
          fallback: rl.onRedisFailure === "open"
            ? "this instance's own limits"
            : "refusing requests",
        });
      } else log.warn("redis reachable again: rate limits are shared again");
    },
  });
}
