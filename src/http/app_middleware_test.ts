import { assertEquals } from "@std/assert";
import { testApp } from "./_test_app.ts";

Deno.test("middleware runs on every route but the container probes", async () => {
  const seen: string[] = [];
  const t = testApp({
    middleware: [async (c, next) => {
      seen.push(c.req.path);
      if (c.req.header("authorization") !== "Bearer ok") return c.json({ error: "no" }, 401);
      c.set("caller", "token:ok");
      await next();
    }],
  });
  try {
    for (const path of ["/healthz", "/readyz"]) {
      const res = await t.request(path);
      assertEquals(res.status, 200, path);
      await res.body?.cancel();
    }
    for (const path of ["/health", "/", "/mcp", "/sse"]) {
      const res = await t.request(path, { method: path === "/mcp" ? "POST" : "GET" });
      assertEquals(res.status, 401, path);
      await res.body?.cancel();
    }
    const allowed = await t.request("/health", { headers: { Authorization: "Bearer ok" } });
    assertEquals(allowed.status, 200);
    await allowed.body?.cancel();
    assertEquals(seen, ["/health", "/", "/mcp", "/sse", "/health"]);
    // The caller a middleware sets is who the audit log records.
    const opened = await t.request("/sse", {
      method: "POST",
      headers: { Authorization: "Bearer ok", Accept: "application/json" },
      body: JSON.stringify({ tool: "change.open", input: { title: "Audited", slug: "audited" } }),
    });
    assertEquals(opened.status, 200);
    await opened.body?.cancel();
    const audit = await t.fs.readText("openspec/.task-mcp/audit.jsonl");
    assertEquals(JSON.parse(audit.trim()).caller, "token:ok");
  } finally {
    await t.close();
  }
});
