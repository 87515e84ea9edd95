import { assert, assertEquals } from "@std/assert";
import { testRateLimiter } from "./contract.ts";
import { createLruMap } from "../lru_map.ts";
import { createMemoryRateLimiter } from "./memory_rate_limiter.ts";
import { takeToken } from "./rate_limiter.ts";

testRateLimiter("memory rate limit", (policy) => {
  const limiter = createMemoryRateLimiter({ ...policy, maxClients: 100 });
  return Promise.resolve({ limiter, dispose: () => Promise.resolve(limiter.close()) });
});

Deno.test("memory rate limit: on an injected clock the refill is exact to the millisecond", async () => {
  let now = 1_000_000;
  const limiter = createMemoryRateLimiter({
    limit: 2,
    burst: 3,
    windowMs: 1000,
    maxClients: 10,
    now: () => now,
  });
  const seen = [];
  for (let i = 0; i < 4; i++) seen.push(await limiter.consume("ip:203.0.113.1"));
  assertEquals(seen.map((d) => d.allowed), [true, true, true, false]);
  // One token comes back every 500 ms (2 per 1000 ms).
  assertEquals(seen[3]!.retryAfterMs, 500);
  assertEquals(seen[3]!.resetAt, now + 1500);
  now += 499;
  assertEquals((await limiter.consume("ip:203.0.113.1")).allowed, false);
  now += 1000; // a whole window: `limit` requests are back
  const back = [];
  for (let i = 0; i < 3; i++) back.push((await limiter.consume("ip:203.0.113.1")).allowed);
  assertEquals(back, [true, true, false]);
  now += 10_000; // long idle: the bucket is full, not fuller
  assertEquals((await limiter.consume("ip:203.0.113.1")).remaining, 2);
});

Deno.test("rate limit: the arithmetic is exact for the reference's 60 per minute, burst 90", () => {
  const policy = { limit: 60, burst: 90, windowMs: 60_000 };
  let bucket = undefined;
  let decision;
  for (let i = 0; i < 90; i++) ({ bucket, decision } = takeToken(bucket, 0, policy));
  assertEquals([decision!.allowed, decision!.remaining], [true, 0]);
  ({ bucket, decision } = takeToken(bucket, 0, policy));
  assertEquals([decision.allowed, decision.retryAfterMs, decision.current], [false, 1000, 91]);
  ({ decision } = takeToken(bucket, 1000, policy));
  assertEquals(decision.allowed, true); // one per second
});

Deno.test("lru map: holds at most its cap and keeps what was used recently", () => {
  const map = createLruMap<string, number>(4);
  map.set("a", 1);
  map.set("b", 2);
  assertEquals(map.get("a"), 1); // used: kept
  map.set("c", 3);
  assertEquals([map.get("a"), map.get("b"), map.get("c")], [1, undefined, 3]);
  for (let i = 0; i < 1000; i++) {
    map.set(`k${i}`, i);
    assert(map.size <= 4);
  }
});

Deno.test("rate limit: two million distinct addresses keep memory bounded", async () => {
  const script = new URL("./_rate_limit_memory.ts", import.meta.url);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-check", "--v8-flags=--expose-gc", script.href, "2000000", "100000"],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assertEquals(out.code, 0);
  const result = JSON.parse(new TextDecoder().decode(out.stdout));
  console.log(
    `2,000,000 addresses in ${result.seconds.toFixed(1)} s: at most ${result.largest} tracked, ` +
      `heap growth after GC ${result.growthMb.toFixed(1)} MB`,
  );
  assert(result.largest <= 100_000, `tracked ${result.largest}`);
  // Two million entries would take hundreds of MB; the bounded map stays where it started.
  assert(result.growthMb < 16, `heap grew by ${result.growthMb} MB`);
  // The most recent client is still tracked: its bucket was not reset.
  assertEquals(result.lastRemaining, 88);
});
