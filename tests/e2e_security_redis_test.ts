/**
 * The distributed rate limit: two server instances (compiled binary and source under Deno)
 * share one limit through a real `redis-server` on a free loopback port; when Redis dies, an
 * instance set to fail open keeps serving on its own limits and one set to fail closed refuses,
 * and both log the outage. Skipped, with a message, where `redis-server` is not installed.
 */
import { assert, assertEquals } from "@std/assert";
import { redisSkipReason, startRedis } from "../src/ratelimit/_test_redis.ts";
import { type HttpServer, startHttpServer } from "./helpers/http_server.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const TOKEN = "redis-token-0123456789abcdef";

async function status(server: HttpServer): Promise<number> {
  const res = await fetch(`${server.url}/health`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  await res.body?.cancel();
  return res.status;
}

eachTarget(
  "redis: two instances share one rate limit, and an outage fails open or closed",
  async (t) => {
    const redis = await startRedis();
    const root = await tempProject();
    const env = (failure: string) => ({
      AUTH_TOKENS: TOKEN,
      RATE_LIMIT: "3",
      RATE_LIMIT_BURST: "5",
      RATE_LIMIT_WINDOW_MS: "60000",
      ENABLE_DISTRIBUTED_RATE_LIMIT: "true",
      REDIS_URL: redis.url,
      REDIS_TIMEOUT_MS: "300",
      RATE_LIMIT_REDIS_FAILURE: failure,
    });
    const a = await startHttpServer(t, root, { env: env("open") });
    const b = await startHttpServer(t, root, { env: env("open") });
    const c = await startHttpServer(t, root, { env: env("closed") });
    try {
      // Alternating between the two instances: one bucket of 5 between them.
      const seen = [];
      for (let i = 0; i < 8; i++) seen.push(await status(i % 2 ? a : b));
      assertEquals(seen, [200, 200, 200, 200, 200, 429, 429, 429]);
      // The third instance shares it too.
      assertEquals(await status(c), 429);

      await redis.kill();
      // Fail open: each instance limits on its own (a fresh local bucket of 5).
      const open = [];
      for (let i = 0; i < 6; i++) open.push(await status(a));
      assertEquals(open, [200, 200, 200, 200, 200, 429]);
      // Fail closed: refused.
      assertEquals(await status(c), 429);
      for (const server of [a, c]) {
        const outage = server.stderr().find((l) => l.includes("redis unavailable"));
        assert(outage, `no outage logged:\n${server.stderr().join("\n")}`);
        assertEquals(JSON.parse(outage).level, "error");
        assertEquals(JSON.parse(outage).ns, "task-mcp:ratelimit");
      }
      const metrics = await (await fetch(`${a.url}/security/metrics`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      }).catch(() => undefined))?.json().catch(() => undefined);
      // (May itself be refused by the local bucket; only its shape matters when present.)
      if (metrics?.data) assertEquals(metrics.data.rateLimit.distributed, true);
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
      await redis.kill();
    }
  },
  { ignore: redisSkipReason !== undefined },
);
