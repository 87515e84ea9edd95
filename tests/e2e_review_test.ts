/**
 * Reviews end to end, against the binary and the source under Deno: REQUIRE_APPROVAL through the
 * SDK client (refused, approved, accepted; refused again after an edit), anchored comments in
 * change_show, the dashboard's security (foreign Origin, framing, tokens, the login cookie), and
 * the MCP Apps views as the ext-apps package reads them.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import {
  getToolUiResourceUri,
  McpUiResourceMetaSchema,
  RESOURCE_MIME_TYPE,
} from "@modelcontextprotocol/ext-apps/app-bridge";
import { connectHttp } from "./helpers/http_client.ts";
import { startHttpServer } from "./helpers/http_server.ts";
import { gitScratch } from "./helpers/git_remote.ts";
import { tempProject } from "./helpers/repo.ts";
import { ORDERS_DELTA, writeReviewRepo } from "../src/review/_test_review_repo.ts";
import { eachTarget } from "./helpers/targets.ts";

type Result = { isError?: boolean; structuredContent?: Record<string, unknown> };

eachTarget(
  "REQUIRE_APPROVAL: refused, approved, accepted; an edit withdraws the approval",
  async (target) => {
    const root = await tempProject();
    await writeReviewRepo(root);
    const server = await startHttpServer(target, root, { env: { REQUIRE_APPROVAL: "true" } });
    const { client, close } = await connectHttp(server.url, "streamable");
    const call = async (name: string, args: Record<string, unknown>) =>
      await client.callTool({ name, arguments: args }) as Result;
    const errorOf = (r: Result) => (r.structuredContent?.error ?? {}) as Record<string, unknown>;
    try {
      let result = await call("change_archive", { slug: "update-orders" });
      assertEquals(result.isError, true);
      assertEquals(errorOf(result).code, "APPROVAL_REQUIRED");
      assertStringIncludes(String(errorOf(result).hint), "/ui/changes/update-orders");

      // A comment anchored to a scenario, then an anchor that names nothing.
      result = await call("change_review", {
        slug: "update-orders",
        action: "comment",
        comment: "Say what the customer sees",
        anchor: "orders: Place order / Empty cart",
      });
      assertEquals(result.isError, undefined, JSON.stringify(result));
      result = await call("change_review", {
        slug: "update-orders",
        action: "comment",
        comment: "x",
        anchor: "orders: Nope",
      });
      assertEquals(errorOf(result).code, "INVALID_INPUT");
      // Sent back without a comment is refused; with one, archive stays refused.
      result = await call("change_review", { slug: "update-orders", action: "reject" });
      assertEquals(errorOf(result).code, "INVALID_INPUT");
      await call("change_review", { slug: "update-orders", action: "reject", comment: "Not yet" });
      result = await call("change_archive", { slug: "update-orders" });
      assertEquals((errorOf(result).details as Record<string, unknown>).state, "changes-requested");

      const shown = await call("change_show", { slug: "update-orders" });
      const review = shown.structuredContent!.review as Record<string, unknown>;
      assertEquals(review.state, "changes-requested");
      assertEquals(
        (review.comments as { anchor?: string }[])[0]!.anchor,
        "orders: Place order / Empty cart",
      );
      const diff = shown.structuredContent!.requirements as {
        capabilities: { requirements: { op: string }[] }[];
      };
      assertEquals(diff.capabilities[0]!.requirements.map((r) => r.op), [
        "RENAMED",
        "REMOVED",
        "MODIFIED",
        "ADDED",
      ]);

      // Approved, then the delta spec is edited: the approval no longer holds.
      await call("change_review", { slug: "update-orders", action: "approve" });
      await call("change_write", {
        slug: "update-orders",
        path: "specs/orders/spec.md",
        content: ORDERS_DELTA.replace("has not shipped", "has not shipped yet"),
      });
      result = await call("change_archive", { slug: "update-orders" });
      assertEquals((errorOf(result).details as Record<string, unknown>).state, "withdrawn");
      // Ticking a task keeps an approval.
      await call("change_review", { slug: "update-orders", action: "approve" });
      await call("change_task", { slug: "update-orders", task: "1.2", done: true });
      result = await call("change_archive", { slug: "update-orders" });
      assertEquals(result.isError, undefined, JSON.stringify(result));
      const spec = await Deno.readTextFile(`${root}/openspec/specs/orders/spec.md`);
      assertStringIncludes(spec, "has not shipped yet");
      // The review travelled into the archive with .openspec.yaml.
      const [archived] = [...Deno.readDirSync(`${root}/openspec/changes/archive`)]
        .filter((e) => e.isDirectory);
      const meta = await Deno.readTextFile(
        `${root}/openspec/changes/archive/${archived!.name}/.openspec.yaml`,
      );
      assert(meta.startsWith("schema: spec-driven\ncreated: 2026-11-21\n"));
      assertStringIncludes(meta, "action: approve");
    } finally {
      await close();
      await server.stop();
      await Deno.remove(root, { recursive: true }).catch(() => {});
    }
  },
);

eachTarget(
  "the dashboard refuses foreign origins, frames and requests without a token",
  async (target) => {
    const root = await tempProject();
    await writeReviewRepo(root);
    const token = "dash-token-abcdef";
    const server = await startHttpServer(target, root, {
      env: { AUTH_TOKENS: token, RATE_LIMIT: "0" },
    });
    const url = server.url;
    const html = { Accept: "text/html" };
    try {
      // Without a token: pages go to the login form, everything else is 401.
      let res = await fetch(`${url}/ui/changes/update-orders`, {
        headers: html,
        redirect: "manual",
      });
      assertEquals(res.status, 303);
      assertEquals(res.headers.get("location"), "/ui/login?next=%2Fui%2Fchanges%2Fupdate-orders");
      await res.body?.cancel();
      for (const path of ["/ui/changes/update-orders", "/ui/events", "/ui/specs/orders"]) {
        res = await fetch(`${url}${path}`);
        assertEquals(res.status, 401, path);
        await res.body?.cancel();
      }
      res = await fetch(`${url}/ui/changes/update-orders/review`, {
        method: "POST",
        body: new URLSearchParams({ action: "approve" }),
      });
      assertEquals(res.status, 401);
      await res.body?.cancel();
      // The login form and its style sheet are served; the form sets the API's cookie.
      res = await fetch(`${url}/ui/login`);
      assertEquals(res.status, 200);
      assertStringIncludes(res.headers.get("content-security-policy")!, "frame-ancestors 'none'");
      await res.body?.cancel();
      res = await fetch(`${url}/ui/login`, {
        method: "POST",
        headers: { Origin: url },
        body: new URLSearchParams({ token, next: "//evil.example/" }),
        redirect: "manual",
      });
      assertEquals(res.status, 303);
      assertEquals(res.headers.get("location"), "/ui/");
      const setCookie = res.headers.get("set-cookie")!;
      assertMatch(
        setCookie,
        /^task-mcp-auth=dash-token-abcdef; Path=\/; HttpOnly; SameSite=Strict/,
      );
      const cookie = setCookie.split(";")[0]!;
      // With it: the page, under a policy that forbids framing and inline script.
      res = await fetch(`${url}/ui/changes/update-orders`, {
        headers: { ...html, Cookie: cookie },
      });
      assertEquals(res.status, 200);
      const csp = res.headers.get("content-security-policy")!;
      assertStringIncludes(csp, "frame-ancestors 'none'");
      assertStringIncludes(csp, "script-src 'self'");
      assert(!csp.includes("unsafe-inline"));
      assertEquals(res.headers.get("x-frame-options"), "DENY");
      const page = await res.text();
      assert(!page.includes("<script>window.__pwned"));
      assert(!/href="\s*javascript:/i.test(page));
      // The same cookie from another site's page: refused.
      res = await fetch(`${url}/ui/changes/update-orders/review`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: "https://evil.example" },
        body: new URLSearchParams({ action: "approve" }),
        redirect: "manual",
      });
      assertEquals(res.status, 403);
      await res.body?.cancel();
      res = await fetch(`${url}/ui/`, {
        headers: { ...html, Cookie: cookie, Origin: "https://evil.example" },
      });
      assertEquals(res.status, 403);
      await res.body?.cancel();
      assertStringIncludes(
        await Deno.readTextFile(`${root}/openspec/changes/update-orders/.openspec.yaml`),
        "template: feature\n",
      );
      assert(
        !(await Deno.readTextFile(`${root}/openspec/changes/update-orders/.openspec.yaml`))
          .includes("review:"),
      );
    } finally {
      await server.stop();
      await Deno.remove(root, { recursive: true }).catch(() => {});
    }
  },
);

eachTarget(
  "MCP Apps: the tools name ui:// views that are served as the extension specifies",
  async (target) => {
    const root = await tempProject();
    await writeReviewRepo(root);
    const server = await startHttpServer(target, root);
    const { client, close } = await connectHttp(server.url, "streamable");
    try {
      const { tools } = await client.listTools();
      const views: Record<string, string> = Object.fromEntries(
        tools.map((t) => [t.name, getToolUiResourceUri(t as never)]).filter(([, uri]) => uri),
      );
      assertEquals(views, {
        change_show: "ui://task-mcp/change.html",
        change_validate: "ui://task-mcp/change.html",
        changes_active: "ui://task-mcp/board.html",
      });
      const listed = (await client.listResources()).resources.filter((r) =>
        r.uri.startsWith("ui://")
      );
      assertEquals(listed.map((r) => r.mimeType), [RESOURCE_MIME_TYPE, RESOURCE_MIME_TYPE]);
      for (const uri of new Set(Object.values(views))) {
        const { contents } = await client.readResource({ uri });
        const [content] = contents as {
          uri: string;
          mimeType: string;
          text: string;
          _meta?: { ui?: unknown };
        }[];
        assertEquals(content!.uri, uri);
        assertEquals(content!.mimeType, RESOURCE_MIME_TYPE);
        assert(McpUiResourceMetaSchema.safeParse(content!._meta?.ui).success);
        assertEquals(content!._meta?.ui, {
          csp: { connectDomains: [], resourceDomains: [] },
          prefersBorder: true,
        });
        assert(content!.text.startsWith("<!doctype html>"));
        assertStringIncludes(content!.text, '"ui/initialize"');
        assertStringIncludes(content!.text, "ui/notifications/tool-result");
        // Self-contained: nothing loaded from anywhere, no HTML built from data.
        assert(!/<(script|link|img)[^>]+(src|href)=/i.test(content!.text));
        assert(!content!.text.includes("innerHTML"));
      }
    } finally {
      await close();
      await server.stop();
      await Deno.remove(root, { recursive: true }).catch(() => {});
    }
  },
);

eachTarget("git mode: an approval from the dashboard is a commit of its own", async (target) => {
  const scratch = await gitScratch();
  const person = await scratch.clone("person");
  await writeReviewRepo(person);
  await scratch.git(person, "add", "-A");
  await scratch.git(person, "commit", "-q", "-m", "Add update-orders");
  const server = await startHttpServer(target, person, { args: ["--git-commit"] })
    .catch(async (e) => {
      await scratch.remove();
      throw e;
    });
  try {
    const res = await fetch(`${server.url}/ui/changes/update-orders/review`, {
      method: "POST",
      headers: { Origin: server.url },
      body: new URLSearchParams({ action: "approve", comment: "Looks right" }),
      redirect: "manual",
    });
    assertEquals(res.status, 303);
    await res.body?.cancel();
    const log = await scratch.git(person, "log", "-1", "--format=%s", "--name-only");
    assertEquals(log.trim().split("\n").filter(Boolean), [
      "openspec: review update-orders",
      "openspec/changes/update-orders/.openspec.yaml",
    ]);
    assertEquals(await scratch.git(person, "status", "--porcelain"), "");
  } finally {
    await server.stop();
    await scratch.remove();
  }
});
