import { assert, assertEquals, assertMatch } from "@std/assert";
import { testApp } from "./_test_app.ts";

Deno.test("GET /healthz and /readyz answer with the reference's bodies", async () => {
  const t = testApp();
  try {
    const health = await (await t.request("/healthz")).json();
    assertEquals(health.status, "healthy");
    assertEquals(health.checks, { filesystem: "pass", tools: "pass" });
    assertEquals([typeof health.uptime, health.version], ["number", "0.0.0-test"]);
    assertMatch(health.timestamp, /^\d{4}-\d\d-\d\dT/);
    const ready = await (await t.request("/readyz")).json();
    assertEquals(ready.ready, true);
    assertEquals(ready.dependencies, { tools: true, filesystem: true, security: true });
  } finally {
    await t.close();
  }
});

Deno.test("GET /health reports filesystem, tools, memory, security and sessions", async () => {
  const t = testApp({
    probes: {
      version: "1.2.3",
      startedAt: Date.now() - 5_000,
      filesystem: () => Promise.resolve({ accessible: true, writable: true, path: "/x/openspec" }),
      toolNames: () => ["change_open"],
      memory: () => ({
        rss: 50 * 2 ** 20,
        heapUsed: 2 ** 20,
        heapTotal: 2 ** 21,
        systemTotal: 2 ** 30,
      }),
    },
  });
  try {
    const res = await t.request("/health");
    assertEquals(res.status, 200);
    const body = await res.json();
    assertEquals(body.uptime, 5);
    assertEquals(body.checks.filesystem.details, {
      accessible: true,
      writable: true,
      path: "/x/openspec",
    });
    assertEquals(body.checks.tools.details, { available: ["change_open"], count: 1 });
    assertEquals(body.checks.memory.details.used, "50MB");
    assertEquals(body.checks.memory.details.percentage, 4.9);
    assertEquals(body.checks.security.details.origin_validation, true);
    assertEquals(body.checks.sessions.details.openStreams, 0);
  } finally {
    await t.close();
  }
});

Deno.test("GET /health proves the in-memory repository writable and leaves nothing behind", async () => {
  const t = testApp();
  try {
    const body = await (await t.request("/health")).json();
    assertEquals(body.checks.filesystem.details.writable, true);
    assertEquals(body.status, "healthy");
    assertEquals(await t.fs.list(""), []);
    await t.fs.mkdir("openspec/changes");
    await (await t.request("/health")).body?.cancel();
    assertEquals((await t.fs.list("openspec")).map((e) => e.name).sort(), [".task-mcp", "changes"]);
    assertEquals(await t.fs.list("openspec/.task-mcp"), []);
  } finally {
    await t.close();
  }
});

Deno.test("GET / lists the endpoints; unknown routes are 404; readiness drops on shutdown", async () => {
  const t = testApp();
  const root = await (await t.request("/")).json();
  assertEquals(root.name, "task-mcp");
  for (const key of ["sse", "mcp", "healthz", "readyz", "health", "legacy_sse"]) {
    assert(root.endpoints[key], key);
  }
  assertEquals(root.features.resource_uris, true);
  const missing = await t.request("/nope");
  assertEquals(missing.status, 404);
  await missing.body?.cancel();
  await t.http.shutdown(0);
  const ready = await t.request("/readyz");
  assertEquals([ready.status, (await ready.json()).ready], [503, false]);
  const live = await t.request("/healthz");
  assertEquals(live.status, 200);
  await live.body?.cancel();
  await t.close();
});

Deno.test("during shutdown every route but the container probes is 503 SERVICE_UNAVAILABLE", async () => {
  const t = testApp();
  await t.http.shutdown(0);
  const refused = await t.request("/health", { headers: { "X-Request-Id": "req-down" } });
  assertEquals([refused.status, refused.headers.get("connection")], [503, "close"]);
  const { timestamp, ...body } = await refused.json();
  assertEquals(body, {
    apiVersion: "1.0.0",
    error: {
      code: "SERVICE_UNAVAILABLE",
      message: "The server is shutting down",
      hint: "Retry the request on another instance or after the restart",
    },
    requestId: "req-down",
  });
  assertMatch(timestamp, /^\d{4}-\d\d-\d\dT/);
  await t.close();
});
