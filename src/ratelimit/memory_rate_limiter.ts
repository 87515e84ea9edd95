/**
 * The rate limiter of a single instance: token buckets in a bounded map.
 *
 * @module
 */
import { createLruMap } from "../lru_map.ts";
import { type Bucket, type RateLimiter, type RateLimitPolicy, takeToken } from "./rate_limiter.ts";

/** Options of {@link createMemoryRateLimiter}. */
export interface MemoryRateLimiterOptions extends RateLimitPolicy {
  /**
   * Most clients remembered. Beyond it the least recently seen client is forgotten, which only
   * hands that client a full bucket again: a flood of new addresses cannot grow memory.
   */
  maxClients: number;
  now?: () => number;
}

/**
 * Creates the limiter.
 *
 * @example
 * ```ts
 * import { createMemoryRateLimiter } from "./memory_rate_limiter.ts";
 * const limiter = createMemoryRateLimiter({ limit: 1, burst: 1, windowMs: 1000, maxClients: 100 });
 * (await limiter.consume("ip:127.0.0.1")).allowed; // true
 * (await limiter.consume("ip:127.0.0.1")).allowed; // false
 * ```
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): RateLimiter {
  const buckets = createLruMap<string, Bucket>(options.maxClients);
  const now = options.now ?? Date.now;
  return {
    consume(key) {
      const taken = takeToken(buckets.get(key), now(), options);
      buckets.set(key, taken.bucket);
      return Promise.resolve(taken.decision);
    },
    get size() {
      return buckets.size;
    },
    close: () => buckets.clear(),
  };
}
