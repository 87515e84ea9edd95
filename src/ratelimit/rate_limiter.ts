/**
 * Rate limiting as a token bucket, the arithmetic shared by the in-memory limiter and the Redis
 * script (`redis_rate_limiter.ts` repeats it in Lua).
 *
 * Each client has a bucket of `burst` requests that refills continuously at `limit` requests
 * per `windowMs`. A client may thus send `burst` requests at once, then `limit` per window;
 * a client that stays away for a whole window has `limit` requests back (all of `burst` after
 * `burst / limit` windows). This is what nginx's `limit_req rate=… burst=…` does.
 *
 * @module
 */

/** The policy. */
export interface RateLimitPolicy {
  /** Requests per window, sustained. */
  limit: number;
  /** Requests a full bucket holds. */
  burst: number;
  windowMs: number;
}

/** A bucket: tokens left, as of `at` (ms since the epoch). */
export interface Bucket {
  tokens: number;
  at: number;
}

/** The verdict on one request. */
export interface RateDecision {
  allowed: boolean;
  /** Whole requests left after this one. */
  remaining: number;
  /** When the bucket is full again (ms since the epoch). */
  resetAt: number;
  /** How long until the next request would be allowed; 0 when one would. */
  retryAfterMs: number;
  /** Requests in the bucket's current fill, this one included (over `burst` when refused). */
  current: number;
  /** Decided without the shared store, which failed (see `RATE_LIMIT_REDIS_FAILURE`). */
  degraded?: boolean;
}

/** Something that decides, per client key. */
export interface RateLimiter {
  /** Counts one request of `key` and says whether it may proceed. */
  consume(key: string): Promise<RateDecision>;
  /** Clients currently tracked in this process (for metrics). */
  readonly size: number;
  close(): void;
}

// Float arithmetic may leave 0.9999999 where a whole token was refilled.
const EPSILON = 1e-9;

/**
 * Takes one token from `bucket` (a full one when absent) at time `now`.
 *
 * @example
 * ```ts
 * import { takeToken } from "./rate_limiter.ts";
 * const policy = { limit: 60, burst: 90, windowMs: 60_000 };
 * const first = takeToken(undefined, 0, policy);
 * first.decision.remaining; // 89
 * ```
 */
export function takeToken(
  bucket: Bucket | undefined,
  now: number,
  policy: RateLimitPolicy,
): { bucket: Bucket; decision: RateDecision } {
  const perMs = policy.limit / policy.windowMs;
  const elapsed = bucket ? Math.max(0, now - bucket.at) : 0;
  let tokens = bucket ? Math.min(policy.burst, bucket.tokens + elapsed * perMs) : policy.burst;
  const allowed = tokens + EPSILON >= 1;
  if (allowed) tokens = Math.max(0, tokens - 1);
  return { bucket: { tokens, at: now }, decision: decide(allowed, tokens, now, policy) };
}

/** The decision for a bucket holding `tokens` after the request was counted (or refused). */
export function decide(
  allowed: boolean,
  tokens: number,
  now: number,
  policy: RateLimitPolicy,
): RateDecision {
  const perMs = policy.limit / policy.windowMs;
  const whole = Math.floor(tokens + EPSILON);
  return {
    allowed,
    remaining: whole,
    resetAt: now + Math.ceil(Math.max(0, policy.burst - tokens) / perMs),
    retryAfterMs: whole >= 1 ? 0 : Math.ceil((1 - tokens) / perMs),
    current: policy.burst - whole + (allowed ? 0 : 1),
  };
}
