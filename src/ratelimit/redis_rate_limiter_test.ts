import { assert, assertEquals } from "@std/assert";
import { connectTcp } from "../runtime/tcp.ts";
import { testRateLimiter } from "./contract.ts";
import { freePort, redisSkipReason, startRedis } from "./_test_redis.ts";
import { createMemoryRateLimiter } from "./memory_rate_limiter.ts";
import { createRedisClient } from "./redis_client.ts";
import { createRedisRateLimiter } from "./redis_rate_limiter.ts";

const POLICY = { limit: 10, burst: 20, windowMs: 60_000 };

function limiter(url: string, onFailure: "open" | "closed", events: string[] = []) {
  return createRedisRateLimiter({
    ...POLICY,
    redis: createRedisClient({ url, connect: connectTcp, timeoutMs: 300, retryDelayMs: 50 }),
    fallback: createMemoryRateLimiter({ ...POLICY, maxClients: 100 }),
    onFailure,
    onStateChange: (state) => events.push(state),
    prefix: `test:${crypto.randomUUID()}:`,
  });
}

const test = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, ignore: redisSkipReason !== undefined, fn });

testRateLimiter("redis rate limit", async (policy) => {
  const redis = await startRedis();
  const limiter = createRedisRateLimiter({
    ...policy,
    redis: createRedisClient({ url: redis.url, connect: connectTcp, timeoutMs: 1000 }),
    fallback: createMemoryRateLimiter({ ...policy, maxClients: 100 }),
    // A store that fails must fail the contract, not fall back to memory unnoticed.
    onFailure: "closed",
  });
  return {
    limiter,
    async dispose() {
      limiter.close();
      await redis.kill();
    },
  };
}, { ignore: redisSkipReason !== undefined });

test("redis rate limit: two limiters share one bucket, atomically", async () => {
  const redis = await startRedis();
  const prefix = `shared:${crypto.randomUUID()}:`;
  const make = () =>
    createRedisRateLimiter({
      ...POLICY,
      redis: createRedisClient({ url: redis.url, connect: connectTcp, timeoutMs: 1000 }),
      fallback: createMemoryRateLimiter({ ...POLICY, maxClients: 100 }),
      onFailure: "closed",
      prefix,
    });
  const [a, b] = [make(), make()];
  try {
    // 60 requests at once, spread over both: exactly the burst of 20 gets through.
    const decisions = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).consume("token:abc")),
    );
    assertEquals(decisions.filter((d) => d.allowed).length, 20);
    assert(decisions.every((d) => !d.degraded));
    const refused = decisions.find((d) => !d.allowed)!;
    assertEquals(refused.remaining, 0);
    // One token per 6 s (10 per minute), less what has refilled since the burst.
    assert(refused.retryAfterMs > 5000 && refused.retryAfterMs <= 6000, `${refused.retryAfterMs}`);
    // Another key has its own bucket.
    assertEquals((await a.consume("token:other")).remaining, 19);
  } finally {
    a.close();
    b.close();
    await redis.kill();
  }
});

test("redis rate limit: an outage fails open onto local limits, or closed, and recovers", async () => {
  const redis = await startRedis();
  const openEvents: string[] = [];
  const closedEvents: string[] = [];
  const open = limiter(redis.url, "open", openEvents);
  const closed = limiter(redis.url, "closed", closedEvents);
  try {
    assertEquals((await open.consume("ip:1")).degraded, undefined);
    assertEquals((await closed.consume("ip:1")).allowed, true);
    await redis.kill();
    const during = await open.consume("ip:1");
    assertEquals([during.allowed, during.degraded], [true, true]);
    // Open means this instance's own limits: they still apply.
    let allowed = 1;
    for (let i = 0; i < 30; i++) if ((await open.consume("ip:1")).allowed) allowed++;
    assertEquals(allowed, 20);
    const refused = await closed.consume("ip:1");
    assertEquals([refused.allowed, refused.degraded], [false, true]);
    assertEquals(openEvents, ["down"]); // reported once, not per request
    await redis.restart();
    await new Promise((r) => setTimeout(r, 100)); // past the retry delay
    assertEquals((await open.consume("ip:1")).degraded, undefined);
    assertEquals((await closed.consume("ip:1")).allowed, true);
    assertEquals(openEvents, ["down", "up"]);
    assertEquals(closedEvents, ["down", "up"]);
  } finally {
    open.close();
    closed.close();
    await redis.kill();
  }
});

Deno.test("redis rate limit: a server that never answers costs one timeout, then fails over", async () => {
  // A TCP listener that accepts and stays silent, like a hung Redis.
  const port = freePort();
  const listener = Deno.listen({ hostname: "127.0.0.1", port });
  const held: Deno.Conn[] = [];
  (async () => {
    for await (const conn of listener) held.push(conn);
  })();
  const events: string[] = [];
  const silent = limiter(`redis://127.0.0.1:${port}`, "open", events);
  try {
    const started = performance.now();
    const decision = await silent.consume("ip:1");
    const elapsed = performance.now() - started;
    assertEquals([decision.allowed, decision.degraded], [true, true]);
    assert(elapsed >= 250 && elapsed < 2000, `took ${elapsed} ms`);
    assertEquals(events, ["down"]);
  } finally {
    silent.close();
    listener.close();
    for (const conn of held) conn.close();
  }
});

Deno.test("redis rate limit: a server streaming an endless reply is cut off at the bound, then fails over", async () => {
  // Whatever answers on the Redis port announces a 1 GB bulk string and keeps sending it.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  let sent = 0;
  const serving = (async () => {
    for await (const conn of listener) {
      (async () => {
        await conn.read(new Uint8Array(4096)).catch(() => null);
        const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
        try {
          await conn.write(new TextEncoder().encode("$1000000000\r\n"));
          // Until the client hangs up, or 256 MB (the old reader would still be buffering).
          while (sent < 256 * 1024 * 1024) sent += await conn.write(chunk);
        } catch { /* the client closed the connection */ }
        conn.close();
      })();
    }
  })().catch(() => {});
  const events: string[] = [];
  const redis = createRedisClient({
    url: `redis://127.0.0.1:${port}`,
    connect: connectTcp,
    // Far longer than the test: the cut-off must come from the bound, not the deadline.
    timeoutMs: 20_000,
  });
  const open = createRedisRateLimiter({
    ...POLICY,
    redis,
    fallback: createMemoryRateLimiter({ ...POLICY, maxClients: 100 }),
    onFailure: "open",
    onStateChange: (state, error) => events.push(`${state}: ${error?.message ?? ""}`),
  });
  try {
    const started = performance.now();
    const decision = await open.consume("ip:1");
    const elapsed = performance.now() - started;
    assertEquals([decision.allowed, decision.degraded], [true, true]);
    assert(elapsed < 2000, `took ${Math.round(elapsed)} ms`);
    assertEquals(events, ["down: Redis reply exceeds 65536 bytes"]);
    // The server saw the connection close soon after the bound (kernel buffers aside).
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert(sent < 32 * 1024 * 1024, `${sent} bytes sent before the client hung up`);
  } finally {
    open.close();
    listener.close();
    await serving;
  }
});

test("redis client: authenticates and selects the database from the URL", async () => {
  const redis = await startRedis(["--requirepass", "s3cret"], "s3cret");
  const url = `redis://:s3cret@127.0.0.1:${redis.port}/3`;
  const client = createRedisClient({ url, connect: connectTcp, timeoutMs: 1000 });
  const wrong = createRedisClient({
    url: `redis://:nope@127.0.0.1:${redis.port}`,
    connect: connectTcp,
    timeoutMs: 1000,
  });
  try {
    assertEquals(await client.command(["SET", "k", "v"]), "OK");
    assertEquals(
      await client.command(["CLIENT", "INFO"]).then((i) => /db=3/.test(String(i))),
      true,
    );
    const refused = await wrong.command(["GET", "k"]).then(() => "answered", (e) => String(e));
    assert(/NOAUTH|WRONGPASS|invalid/i.test(refused), refused);
  } finally {
    client.close();
    wrong.close();
    await redis.kill();
  }
});
