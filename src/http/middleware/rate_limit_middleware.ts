/**
 * Rate limiting of every route but the container probes: per token for a request with a valid
 * token, per client address otherwise (IPv6 by /64). Every answer carries the API reference's
 * headers — `X-RateLimit-Limit`, `-Remaining`, `-Reset` (epoch seconds), `-Retry-After`,
 * `-Window` (seconds) and `Retry-After` (0 while requests remain) — and a refused request gets
 * 429 `RATE_LIMIT_EXCEEDED` with `retryAfter` and `details: {limit, window, current}`.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { type HttpEnv, setHeader } from "../context.ts";
import type { Logger } from "../../log.ts";
import { refusal } from "../refusal.ts";
import { addressKey } from "./client_address.ts";
import type { RateDecision, RateLimiter, RateLimitPolicy } from "../../ratelimit/rate_limiter.ts";
import type { SecurityMetrics } from "../../metrics/security_metrics.ts";

/** Options of {@link createRateLimitMiddleware}. */
export interface RateLimitMiddlewareOptions {
  limiter: RateLimiter;
  policy: RateLimitPolicy;
  metrics: SecurityMetrics;
  logger: Logger;
}

/**
 * Creates the middleware.
 *
 * @example
 * ```ts
 * import { createRateLimitMiddleware } from "./rate_limit_middleware.ts";
 * import { createMemoryRateLimiter } from "../../ratelimit/memory_rate_limiter.ts";
 * import { createSecurityMetrics } from "../../metrics/security_metrics.ts";
 * import { createLogger } from "../../log.ts";
 * const policy = { limit: 60, burst: 90, windowMs: 60_000 };
 * const middleware = createRateLimitMiddleware({
 *   limiter: createMemoryRateLimiter({ ...policy, maxClients: 100_000 }),
 *   policy,
 *   metrics: createSecurityMetrics(),
 *   logger: createLogger("info", () => {}).child("ratelimit"),
 * });
 * ```
 */
export function createRateLimitMiddleware(
  options: RateLimitMiddlewareOptions,
): MiddlewareHandler<HttpEnv> {
  const { limiter, policy, metrics, logger } = options;
  const windowSeconds = String(policy.windowMs / 1000);
  return async (c, next) => {
    const identity = c.get("identity");
    const scope = identity ? "token" : "ip";
    const key = identity ?? addressKey(c.get("client"));
    const decision = await limiter.consume(key);
    if (decision.degraded) metrics.redisFailures.inc();
    const headers = rateLimitHeaders(decision, policy, windowSeconds);
    if (decision.allowed) {
      await next();
      for (const [name, value] of Object.entries(headers)) setHeader(c, name, value);
      return;
    }
    metrics.rateLimitHits.inc({ scope });
    logger.warn("rate limit exceeded", {
      scope,
      key: identity ?? c.get("client"),
      current: decision.current,
      path: c.req.path,
      requestId: c.get("requestId"),
    });
    const retryAfter = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    return refusal(c, "RATE_LIMIT_EXCEEDED", {
      message: "Rate limit exceeded",
      hint: `Try again in ${retryAfter} second${retryAfter === 1 ? "" : "s"}`,
      fields: { retryAfter },
      details: {
        limit: policy.limit,
        burst: policy.burst,
        window: describeWindow(policy.windowMs),
        current: decision.current,
      },
      headers: { ...headers, "Retry-After": String(retryAfter) },
    });
  };
}

/** The headers of a decision. */
function rateLimitHeaders(
  decision: RateDecision,
  policy: RateLimitPolicy,
  windowSeconds: string,
): Record<string, string> {
  const retryAfter = String(Math.ceil(decision.retryAfterMs / 1000));
  return {
    "X-RateLimit-Limit": String(policy.limit),
    "X-RateLimit-Remaining": String(decision.remaining),
    "X-RateLimit-Reset": String(Math.ceil(decision.resetAt / 1000)),
    "X-RateLimit-Retry-After": retryAfter,
    "X-RateLimit-Window": windowSeconds,
    "Retry-After": retryAfter,
  };
}

/**
 * A window as words: `1 minute`, `30 seconds`, `1.5 seconds`.
 *
 * @example
 * ```ts
 * import { describeWindow } from "./rate_limit_middleware.ts";
 * describeWindow(60_000); // "1 minute"
 * describeWindow(1500); // "1.5 seconds"
 * ```
 */
export function describeWindow(ms: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (ms % 3_600_000 === 0) return unit(ms / 3_600_000, "hour");
  if (ms % 60_000 === 0) return unit(ms / 60_000, "minute");
  return unit(ms / 1000, "second");
}
