import { assert, assertEquals, assertMatch } from "@std/assert";
import { secureTestApp } from "./_test_secure_app.ts";

const TOKEN = "metrics-token-1234567890";
const AUTH = { Authorization: `Bearer ${TOKEN}` };

Deno.test("metrics: /security/metrics has the reference's shape and counts what happened", async () => {
  const t = await secureTestApp({ AUTH_TOKENS: TOKEN, RATE_LIMIT: "3", RATE_LIMIT_BURST: "3" });
  try {
    // Two failed authentications from one address, a refused request from another.
    for (let i = 0; i < 2; i++) await (await t.from("203.0.113.1", "/health")).body?.cancel();
    for (let i = 0; i < 4; i++) await (await t.from("203.0.113.2", "/health")).body?.cancel();
    const opened = await t.from("203.0.113.3", "/sse", {
      method: "POST",
      headers: { ...AUTH, Accept: "application/json" },
      body: JSON.stringify({ tool: "change.open", input: { title: "Counted", slug: "counted" } }),
    });
    assertEquals(opened.status, 200);
    await opened.body?.cancel();
    await (await t.request("/mcp", {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:3000", "Access-Control-Request-Method": "POST" },
    })).body?.cancel();
    const res = await t.from("203.0.113.4", "/security/metrics", { headers: AUTH });
    assertEquals(res.status, 200);
    const { success, data } = await res.json();
    assertEquals(success, true);
    assertEquals(data.audit, {
      totalEvents: 1 + 5 + 1,
      mutations: 1,
      failedAuthentications: 5,
      rateLimitViolations: 1,
    });
    assertEquals(data.auth.activeTokens, 1);
    assertEquals(data.auth.totalAttempts, 7);
    assertEquals(data.auth.successRate, 0.286);
    assertEquals(data.rateLimit.blockedRequests, 1);
    assertEquals(data.rateLimit.activeRequests, 1); // this one
    assertEquals(data.rateLimit.config, { requestsPerMinute: 3, burstLimit: 3, windowMs: 60_000 });
    assertEquals(data.cors, {
      allowedOrigins: ["http://localhost:3000", "https://localhost:3000"],
      preflightRequests: 1,
      refusedPreflights: 0,
    });
  } finally {
    await t.close();
  }
});

Deno.test("metrics: /metrics is Prometheus text and needs the token like everything else", async () => {
  const t = await secureTestApp({ AUTH_TOKENS: TOKEN, RATE_LIMIT: "0" });
  try {
    assertEquals((await t.request("/metrics")).status, 401);
    await (await t.request("/sse", {
      method: "POST",
      headers: { ...AUTH, Accept: "application/json" },
      body: JSON.stringify({ tool: "changes_active", input: {} }),
    })).body?.cancel();
    await (await t.request("/sse", {
      method: "POST",
      headers: { ...AUTH, Accept: "application/json" },
      body: JSON.stringify({ tool: "change_show", input: { slug: "missing-one" } }),
    })).body?.cancel();
    const res = await t.request("/metrics", { headers: AUTH });
    assertEquals(res.status, 200);
    assertMatch(res.headers.get("content-type")!, /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (
      const line of [
        'task_mcp_http_requests_total{method="GET",route="/metrics",status="401"} 1',
        'task_mcp_http_requests_total{method="POST",route="/sse",status="200"} 1',
        'task_mcp_tool_calls_total{outcome="ok",tool="changes_active"} 1',
        'task_mcp_tool_calls_total{outcome="CHANGE_NOT_FOUND",tool="change_show"} 1',
        'task_mcp_auth_failures_total{reason="missing"} 1',
        "task_mcp_open_streams 0",
        'task_mcp_sessions{transport="streamable_http"} 0',
        'task_mcp_http_request_duration_seconds_bucket{route="/sse",le="+Inf"} 2',
      ]
    ) assert(text.includes(line), `missing: ${line}\n${text}`);
    // Every sample line is "name{labels} value".
    for (const line of text.split("\n").filter((l) => l && !l.startsWith("#"))) {
      assertMatch(line, /^[a-z_]+(\{[^}]*\})? -?[0-9.e+-]+$/, line);
    }
  } finally {
    await t.close();
  }
});
