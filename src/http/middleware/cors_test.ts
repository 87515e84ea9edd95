import { assertEquals } from "@std/assert";
import { secureTestApp } from "../_test_secure_app.ts";

const TOKEN = "cors-test-token-123456";
const PREFLIGHT = {
  method: "OPTIONS",
  headers: {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "Content-Type, Authorization, Mcp-Session-Id",
  },
};

Deno.test("cors: a preflight from an allowed origin is granted without a token", async () => {
  const t = await secureTestApp({ AUTH_TOKENS: TOKEN, RATE_LIMIT: "0" });
  try {
    for (const origin of ["http://localhost:3000", "https://localhost:3000"]) {
      const res = await t.request("/mcp", {
        ...PREFLIGHT,
        headers: { ...PREFLIGHT.headers, Origin: origin },
      });
      assertEquals(res.status, 204, origin);
      assertEquals(res.headers.get("access-control-allow-origin"), origin);
      assertEquals(res.headers.get("access-control-allow-methods"), "GET, POST, DELETE, OPTIONS");
      const allowed = res.headers.get("access-control-allow-headers")!.split(", ");
      for (
        const name of [
          "Content-Type",
          "Authorization",
          "Cache-Control",
          "Mcp-Session-Id",
          "MCP-Protocol-Version",
          "Last-Event-ID",
        ]
      ) assertEquals(allowed.includes(name), true, name);
      assertEquals(res.headers.get("access-control-max-age"), "86400");
      assertEquals(res.headers.get("access-control-allow-credentials"), "true");
      assertEquals(res.headers.get("vary"), "Origin");
    }
  } finally {
    await t.close();
  }
});

Deno.test("cors: other origins get no grant — 403 from the Origin check or from CORS", async () => {
  const t = await secureTestApp({ AUTH_TOKENS: TOKEN, RATE_LIMIT: "0" });
  try {
    // A foreign host: refused by the DNS-rebinding guard before CORS runs.
    // A localhost port not in ALLOWED_ORIGINS: passes the guard, refused by CORS.
    for (const origin of ["https://evil.example.com", "http://localhost:4000", "null"]) {
      const res = await t.request("/sse", {
        ...PREFLIGHT,
        headers: { ...PREFLIGHT.headers, Origin: origin },
      });
      assertEquals(res.status, 403, origin);
      assertEquals(res.headers.get("access-control-allow-origin"), null, origin);
      await res.body?.cancel();
    }
    const { data } = await (await t.request("/security/metrics", {
      headers: { Authorization: `Bearer ${TOKEN}` },
    })).json();
    // Only the localhost one reached CORS: the guard refused the others ("null" is no origin).
    assertEquals(data.cors.refusedPreflights, 1);
  } finally {
    await t.close();
  }
});

Deno.test("cors: an allowed origin passes the Origin check, and its answers carry the grant", async () => {
  const t = await secureTestApp({
    AUTH_TOKENS: TOKEN,
    RATE_LIMIT: "0",
    ALLOWED_ORIGINS: "https://app.example.com",
  });
  try {
    const origin = "https://app.example.com";
    const headers = { Origin: origin, Authorization: `Bearer ${TOKEN}` };
    const ok = await t.request("/health", { headers });
    assertEquals(ok.status, 200);
    assertEquals(ok.headers.get("access-control-allow-origin"), origin);
    assertEquals(
      ok.headers.get("access-control-expose-headers")?.includes("Mcp-Session-Id"),
      true,
    );
    await ok.body?.cancel();
    // Errors too, so that a browser client can read them.
    const denied = await t.request("/health", { headers: { Origin: origin } });
    assertEquals(denied.status, 401);
    assertEquals(denied.headers.get("access-control-allow-origin"), origin);
    await denied.body?.cancel();
    // Same hostname, another port: not the allowed origin.
    const other = await t.request("/health", {
      headers: { ...headers, Origin: "https://app.example.com:8443" },
    });
    assertEquals(other.status, 403);
    await other.body?.cancel();
    // ALLOWED_ORIGINS=none: no grant at all.
    const none = await secureTestApp({ RATE_LIMIT: "0", ALLOWED_ORIGINS: "none" });
    const refused = await none.request("/mcp", {
      ...PREFLIGHT,
      headers: { ...PREFLIGHT.headers, Origin: "http://localhost:3000" },
    });
    assertEquals(refused.status, 403);
    await refused.body?.cancel();
    await none.close();
  } finally {
    await t.close();
  }
});

Deno.test("security headers: on every response, HSTS only with TLS, off when disabled", async () => {
  const t = await secureTestApp({ RATE_LIMIT: "0" });
  const off = await secureTestApp({ RATE_LIMIT: "0", SECURITY_HEADERS_ENABLED: "false" });
  try {
    for (const path of ["/healthz", "/health", "/nope", "/mcp"]) {
      const res = await t.request(path);
      assertEquals(res.headers.get("x-frame-options"), "DENY", path);
      assertEquals(res.headers.get("x-content-type-options"), "nosniff", path);
      assertEquals(res.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
      assertEquals(
        res.headers.get("content-security-policy")?.includes("default-src 'none'"),
        true,
      );
      assertEquals(res.headers.get("strict-transport-security"), null, "no TLS here");
      await res.body?.cancel();
    }
    const plain = await off.request("/health");
    assertEquals(plain.headers.get("x-frame-options"), null);
    await plain.body?.cancel();
  } finally {
    await t.close();
    await off.close();
  }
});

Deno.test("request ids: a sane X-Request-Id is kept and echoed, anything else replaced", async () => {
  const t = await secureTestApp({ RATE_LIMIT: "0" });
  try {
    const kept = await t.request("/health", { headers: { "X-Request-Id": "trace-42:abc" } });
    assertEquals(kept.headers.get("x-request-id"), "trace-42:abc");
    await kept.body?.cancel();
    for (const bad of ["a b", "x".repeat(200), "<script>", "id\u00e9"]) {
      const res = await t.request("/sse", {
        method: "POST",
        headers: { "X-Request-Id": bad },
        body: "{",
      });
      const id = res.headers.get("x-request-id")!;
      assertEquals(/^req-[0-9a-f-]{36}$/.test(id), true, id);
      assertEquals((await res.json()).requestId, id);
    }
    const line = t.logs.find((l) => l.msg === "request" && l.requestId === "trace-42:abc")!;
    assertEquals(
      [line.ns, line.method, line.path, line.status, line.client, line.caller],
      ["task-mcp:http", "GET", "/health", 200, "198.51.100.7", "http"],
    );
    assertEquals(typeof line.durationMs, "number");
  } finally {
    await t.close();
  }
});
