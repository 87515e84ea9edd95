/**
 * The rate limiter shared by every instance through Redis (`ENABLE_DISTRIBUTED_RATE_LIMIT`).
 *
 * Each request runs one Lua script: it reads the client's bucket, refills it by the time
 * elapsed on the Redis server's clock (instances' clocks do not matter), takes a token and
 * writes the bucket back with an expiry — atomically, since Redis runs scripts one at a time.
 * The arithmetic is `takeToken` of `rate_limiter.ts`.
 *
 * When Redis fails (down, slow beyond `REDIS_TIMEOUT_MS`), `onFailure: "open"` falls back to
 * this instance's own in-memory limiter, and `"closed"` refuses the request. Either way the
 * first failure and the recovery are reported through `onStateChange`.
 *
 * @module
 */
import { type RateDecision, type RateLimiter, type RateLimitPolicy } from "./rate_limiter.ts";
import { decide } from "./rate_limiter.ts";
import type { RedisClient } from "./redis_client.ts";

/** Options of {@link createRedisRateLimiter}. */
export interface RedisRateLimiterOptions extends RateLimitPolicy {
  redis: RedisClient;
  /** Used while Redis is failing, with `onFailure: "open"`. */
  fallback: RateLimiter;
  onFailure: "open" | "closed";
  /** Called when Redis starts failing (with the error) and when it answers again. */
  onStateChange?(state: "down" | "up", error?: Error): void;
  /** Key prefix; default `task-mcp:ratelimit:`. */
  prefix?: string;
}

const SCRIPT = `
local burst = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 't', 'a')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
else
  tokens = math.min(burst, tokens + math.max(0, now - at) * per_ms)
end
local allowed = 0
if tokens + 1e-9 >= 1 then
  tokens = math.max(0, tokens - 1)
  allowed = 1
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', tostring(now))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return {allowed, tostring(tokens), tostring(now)}
`;

/**
 * Creates the limiter.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { createRedisRateLimiter } from "./redis_rate_limiter.ts";
 * import { createMemoryRateLimiter } from "./memory_rate_limiter.ts";
 * import { createRedisClient } from "./redis_client.ts";
 * const policy = { limit: 60, burst: 90, windowMs: 60_000 };
 * // Nothing listens on port 1: the limiter fails open onto the local limits.
 * const redis = createRedisClient({
 *   url: "redis://127.0.0.1:1",
 *   connect: () => Promise.reject(new Error("connection refused")),
 *   timeoutMs: 500,
 * });
 * const limiter = createRedisRateLimiter({
 *   ...policy,
 *   redis,
 *   fallback: createMemoryRateLimiter({ ...policy, maxClients: 1000 }),
 *   onFailure: "open",
 * });
 * const decision = await limiter.consume("ip:203.0.113.9");
 * assertEquals([decision.allowed, decision.degraded], [true, true]);
 * limiter.close();
 * ```
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const perMs = options.limit / options.windowMs;
  // A bucket untouched this long is full again: the same as no key at all.
  const ttlMs = Math.ceil(options.burst / perMs) + 1000;
  const prefix = options.prefix ?? "task-mcp:ratelimit:";
  let down = false;

  const refuse = (): RateDecision => ({
    allowed: false,
    remaining: 0,
    resetAt: Date.now() + options.windowMs,
    retryAfterMs: 1000,
    current: options.burst + 1,
    degraded: true,
  });

  return {
    async consume(key) {
      let reply;
      try {
        reply = await options.redis.command([
          "EVAL",
          SCRIPT,
          1,
          prefix + key,
          options.burst,
          perMs,
          ttlMs,
        ]);
      } catch (error) {
        if (!down) {
          down = true;
          options.onStateChange?.("down", error as Error);
        }
        if (options.onFailure === "closed") return refuse();
        return { ...await options.fallback.consume(key), degraded: true };
      }
      if (down) {
        down = false;
        options.onStateChange?.("up");
      }
      const [allowed, tokens, now] = reply as [number, string, string];
      return decide(allowed === 1, Number(tokens), Number(now), options);
    },
    get size() {
      return options.fallback.size;
    },
    close() {
      options.redis.close();
      options.fallback.close();
    },
  };
}
