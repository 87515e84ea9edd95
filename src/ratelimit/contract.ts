/**
 * The contract every {@link RateLimiter} store passes, run by each store's test against a real
 * backend (the memory store, a real `redis-server`). Time is real and windows are short, since a
 * shared store decides on its own clock.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import type { RateLimiter, RateLimitPolicy } from "./rate_limiter.ts";

/** A store under test and how to let go of what it holds (a server, a connection). */
export interface RateLimiterFixture {
  limiter: RateLimiter;
  dispose(): Promise<void>;
}

/** Options of {@link testRateLimiter}. */
export interface RateLimiterContractOptions {
  /** Skips every case, e.g. when the store's server is not installed. */
  ignore?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Registers the contract tests for one store; `make` returns a fresh store with no client
 * tracked, deciding by `policy`.
 */
export function testRateLimiter(
  name: string,
  make: (policy: RateLimitPolicy) => Promise<RateLimiterFixture>,
  options: RateLimiterContractOptions = {},
): void {
  const t = (
    title: string,
    policy: RateLimitPolicy,
    fn: (limiter: RateLimiter) => Promise<void>,
  ) =>
    Deno.test({
      name: `${name}: ${title}`,
      ignore: options.ignore,
      async fn() {
        const fixture = await make(policy);
        try {
          await fn(fixture.limiter);
        } finally {
          await fixture.dispose();
        }
      },
    });

  // One token back every 5 s: nothing refills while a case runs.
  const slow = { limit: 2, burst: 3, windowMs: 10_000 };

  t("a burst passes, the next request is refused until a token is back", slow, async (limiter) => {
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await limiter.consume("ip:203.0.113.1"));
    assertEquals(seen.map((d) => d.allowed), [true, true, true, false]);
    // retryAfterMs is about the next request: 0 while one more would pass.
    assertEquals(seen.map((d) => d.retryAfterMs === 0), [true, true, false, false]);
    const refused = seen[3]!;
    assertEquals(refused.remaining, 0);
    assert(refused.retryAfterMs > 4000 && refused.retryAfterMs <= 5000, `${refused.retryAfterMs}`);
    assertEquals(refused.current, 4);
  });

  t("remaining counts down to zero", { limit: 5, burst: 5, windowMs: 60_000 }, async (limiter) => {
    const remaining = [];
    for (let i = 0; i < 6; i++) remaining.push((await limiter.consume("token:abc")).remaining);
    assertEquals(remaining, [4, 3, 2, 1, 0, 0]);
  });

  t("keys have buckets of their own", slow, async (limiter) => {
    for (let i = 0; i < 3; i++) await limiter.consume("ip:203.0.113.1");
    assertEquals((await limiter.consume("ip:203.0.113.1")).allowed, false);
    const other = await limiter.consume("ip:203.0.113.2");
    assertEquals([other.allowed, other.remaining], [true, 2]);
  });

  t(
    "the bucket refills as time passes",
    { limit: 20, burst: 20, windowMs: 500 },
    async (limiter) => {
      for (let i = 0; i < 20; i++) assert((await limiter.consume("k")).allowed);
      const refused = await limiter.consume("k");
      assertEquals(refused.allowed, false);
      // One token per 25 ms.
      assert(refused.retryAfterMs > 0 && refused.retryAfterMs <= 25, `${refused.retryAfterMs}`);
      await sleep(600);
      // More than a whole window: the bucket is full, not fuller.
      const first = await limiter.consume("k");
      assertEquals([first.allowed, first.remaining], [true, 19]);
      for (let i = 1; i < 20; i++) assert((await limiter.consume("k")).allowed);
    },
  );

  t(
    "concurrent requests for one key never get past the burst",
    { limit: 1, burst: 10, windowMs: 60_000 },
    async (limiter) => {
      const decisions = await Promise.all(
        Array.from({ length: 60 }, () => limiter.consume("token:shared")),
      );
      assertEquals(decisions.filter((d) => d.allowed).length, 10);
      assert(decisions.every((d) => !d.degraded));
    },
  );

  t("resetAt and current describe the bucket", slow, async (limiter) => {
    const before = Date.now();
    const first = await limiter.consume("ip:198.51.100.7");
    const after = Date.now();
    assertEquals(first.current, 1);
    // One token spent: full again 5 s later (clocks of a shared store may differ by a little).
    assert(first.resetAt >= before + 4000 && first.resetAt <= after + 6000, `${first.resetAt}`);
    await limiter.consume("ip:198.51.100.7");
    const third = await limiter.consume("ip:198.51.100.7");
    assertEquals([third.current, third.remaining], [3, 0]);
    assert(third.resetAt >= first.resetAt, "resetAt moves later as the bucket empties");
  });

  t("close lets go of the clients it tracked", slow, async (limiter) => {
    await limiter.consume("ip:203.0.113.1");
    limiter.close();
    assertEquals(limiter.size, 0);
  });
}
