import { assert, assertEquals, assertMatch } from "@std/assert";
import { initializeMessage } from "../../mcp/_test_mcp.ts";
import { secureTestApp } from "../_test_secure_app.ts";
import { tokenIdentity } from "../../auth/token_auth.ts";

const TOKEN = "s3cret-token-0123456789abcdef";
const ENV = { AUTH_TOKENS: `${TOKEN},second-token-abcdefgh`, RATE_LIMIT: "0" };
const OPEN = { tool: "change.open", input: { title: "Audited", slug: "audited-change" } };

Deno.test("auth: missing, wrong and almost-right tokens get 401 with the reference's body", async () => {
  const t = await secureTestApp(ENV);
  try {
    const cases: [Record<string, string>, boolean][] = [
      [{}, false],
      [{ Authorization: "Bearer wrong" }, true],
      [{ Authorization: `Bearer ${TOKEN.slice(0, -1)}` }, true], // a prefix
      [{ Authorization: `Bearer ${TOKEN}x` }, true], // one character too many
      [{ Authorization: `Bearer ${TOKEN.toUpperCase()}` }, true],
      [{ Authorization: `Basic ${btoa(`user:${TOKEN}`)}` }, true],
      [{ Authorization: TOKEN }, true], // no scheme
      [{ Authorization: "Bearer " }, true],
      [{ Cookie: "task-mcp-auth=nope" }, true],
    ];
    for (const [headers, provided] of cases) {
      const res = await t.request("/health", { headers });
      assertEquals(res.status, 401, JSON.stringify(headers));
      assertEquals(res.headers.get("www-authenticate"), 'Bearer realm="task-mcp"');
      const body = await res.json();
      assertEquals(body.error.code, "AUTHENTICATION_FAILED");
      assertEquals(body.error.message, "Invalid or missing authentication token");
      assertEquals(body.error.details, { provided, configured_tokens: 2 });
      assertEquals(body.apiVersion, "1.0.0");
      assertMatch(body.timestamp, /^\d{4}-/);
    }
    // Every route but the probes, whatever the method.
    for (
      const [method, path] of [
        ["POST", "/sse"],
        ["POST", "/mcp"],
        ["GET", "/mcp"],
        ["DELETE", "/mcp"],
        ["GET", "/sse"],
        ["POST", "/messages"],
        ["GET", "/metrics"],
        ["GET", "/security/metrics"],
        ["GET", "/"],
        ["GET", "/nope"],
      ]
    ) {
      const res = await t.request(path!, { method });
      assertEquals(res.status, 401, `${method} ${path}`);
      await res.body?.cancel();
    }
    for (const path of ["/healthz", "/readyz"]) assertEquals((await t.request(path)).status, 200);
    // No OAuth is advertised: no resource_metadata, and the discovery documents are plain 404s.
    for (
      const path of [
        "/.well-known/oauth-protected-resource",
        "/.well-known/oauth-protected-resource/mcp",
        "/.well-known/oauth-authorization-server",
      ]
    ) {
      const res = await t.request(path);
      assertEquals(res.status, 404, path);
      await res.body?.cancel();
    }
    // Tokens never reach the logs.
    const logged = JSON.stringify(t.logs);
    assert(!logged.includes(TOKEN.slice(0, 12)), "a token prefix reached the log");
  } finally {
    await t.close();
  }
});

Deno.test("auth: a valid bearer token or cookie passes, and the audit log names its hash", async () => {
  const t = await secureTestApp(ENV);
  try {
    const valid: Record<string, string>[] = [
      { Authorization: `Bearer ${TOKEN}` },
      { Authorization: `bearer   ${TOKEN}` },
      { Cookie: `theme=dark; task-mcp-auth=${TOKEN}; other=1` },
    ];
    for (const headers of valid) {
      const res = await t.request("/health", { headers });
      assertEquals(res.status, 200, JSON.stringify(headers));
      await res.body?.cancel();
    }
    const opened = await t.request("/sse", {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}`, Accept: "application/json" },
      body: JSON.stringify(OPEN),
    });
    assertEquals(opened.status, 200);
    await opened.body?.cancel();
    const audit = JSON.parse((await t.fs.readText("openspec/.task-mcp/audit.jsonl")).trim());
    assertEquals(audit.caller, await tokenIdentity(TOKEN));
    assertMatch(audit.caller, /^token:[0-9a-f]{8}$/);
    assert(!JSON.stringify(audit).includes(TOKEN));
  } finally {
    await t.close();
  }
});

Deno.test("auth: the cookie is ignored on a request from a foreign Origin (CSRF)", async () => {
  // ALLOWED_HOSTS=* turns the Origin check off: the cookie rule must hold on its own.
  const t = await secureTestApp({ ...ENV, ALLOWED_ORIGINS: "https://app.example.com" }, {
    allowedHosts: ["*"],
  });
  try {
    const cookie = { Cookie: `task-mcp-auth=${TOKEN}` };
    const foreign = await t.request("/health", {
      headers: { ...cookie, Origin: "https://evil.example.net" },
    });
    assertEquals(foreign.status, 401);
    assertEquals((await foreign.json()).error.details.provided, false);
    for (
      const origin of ["https://app.example.com", "http://localhost"]
    ) {
      const ok = await t.request("http://localhost/health", {
        headers: { ...cookie, Origin: origin },
      });
      assertEquals(ok.status, 200, origin);
      await ok.body?.cancel();
    }
    // A bearer token is not sent by browsers on their own: it is not subject to the rule.
    const bearer = await t.request("/health", {
      headers: { Authorization: `Bearer ${TOKEN}`, Origin: "https://evil.example.net" },
    });
    assertEquals(bearer.status, 200);
    await bearer.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("auth: loopback is no exemption when tokens are configured (reverse proxy)", async () => {
  const t = await secureTestApp(ENV);
  try {
    for (const client of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      const res = await t.from(client, "/mcp", { method: "POST", body: "{}" });
      assertEquals(res.status, 401, client);
      await res.body?.cancel();
    }
  } finally {
    await t.close();
  }
});

Deno.test("auth: without tokens every request passes and the caller is http", async () => {
  const t = await secureTestApp({ RATE_LIMIT: "0" });
  try {
    const res = await t.request("/sse", {
      method: "POST",
      headers: { Authorization: "Bearer anything", Accept: "application/json" },
      body: JSON.stringify(OPEN),
    });
    assertEquals(res.status, 200);
    await res.body?.cancel();
    const audit = JSON.parse((await t.fs.readText("openspec/.task-mcp/audit.jsonl")).trim());
    assertEquals(audit.caller, "http");
  } finally {
    await t.close();
  }
});

Deno.test("auth: a session belongs to the token that opened it; a session id is no credential", async () => {
  const other = "second-token-abcdefgh";
  const t = await secureTestApp(ENV);
  try {
    const mine = { Authorization: `Bearer ${TOKEN}` };
    const theirs = { Authorization: `Bearer ${other}` };
    const init = await t.rpc(initializeMessage(), mine);
    const id = init.headers.get("mcp-session-id")!;
    await init.body?.cancel();
    const ping = { jsonrpc: "2.0", id: 1, method: "ping" };
    const hijack = await t.rpc(ping, { ...theirs, "Mcp-Session-Id": id });
    assertEquals(hijack.status, 404);
    await hijack.body?.cancel();
    for (const method of ["GET", "DELETE"]) {
      const res = await t.request("/mcp", {
        method,
        headers: { ...theirs, "Mcp-Session-Id": id, Accept: "text/event-stream" },
      });
      assertEquals(res.status, 404, method);
      await res.body?.cancel();
    }
    const own = await t.rpc(ping, { ...mine, "Mcp-Session-Id": id });
    assertEquals((await own.json()).result, {});
    // The legacy transport too.
    const stream = await t.request("/sse", { headers: mine });
    const reader = stream.body!.getReader();
    const path = /data: (\S+)/.exec(new TextDecoder().decode((await reader.read()).value))![1]!;
    for (const [headers, status] of [[theirs, 404], [mine, 202]] as const) {
      const posted = await t.request(path, { method: "POST", headers, body: JSON.stringify(ping) });
      assertEquals(posted.status, status);
      await posted.body?.cancel();
    }
    await reader.cancel();
  } finally {
    await t.close();
  }
});
