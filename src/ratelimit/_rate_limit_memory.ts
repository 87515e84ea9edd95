/**
 * Feeds the in-memory rate limiter a stream of distinct addresses and prints, as one JSON line,
 * how many it tracks and how much the heap grew after a full garbage collection. Run with
 * `deno run --v8-flags=--expose-gc src/ratelimit/_rate_limit_memory.ts [count] [maxClients]`;
 * `memory_rate_limiter_test.ts` does.
 *
 * @module
 */
import { createMemoryRateLimiter } from "./memory_rate_limiter.ts";

const count = Number(Deno.args[0] ?? 2_000_000);
const maxClients = Number(Deno.args[1] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const address = (i: number) =>
  `ip:${(i >> 24) & 255}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

const limiter = createMemoryRateLimiter({ limit: 60, burst: 90, windowMs: 60_000, maxClients });
// A full table first, so that what is measured is growth beyond the steady state.
for (let i = 0; i < maxClients; i++) await limiter.consume(address(0x0a000000 + i));
gc();
const before = Deno.memoryUsage().heapUsed;
const started = performance.now();
let largest = 0;
for (let i = 0; i < count; i++) {
  await limiter.consume(address(i));
  if (limiter.size > largest) largest = limiter.size;
}
const seconds = (performance.now() - started) / 1000;
gc();
const growth = Deno.memoryUsage().heapUsed - before;
const lastRemaining = (await limiter.consume(address(count - 1))).remaining;
console.log(JSON.stringify({
  count,
  maxClients,
  largest,
  size: limiter.size,
  seconds,
  growthMb: growth / 1024 / 1024,
  lastRemaining,
}));
