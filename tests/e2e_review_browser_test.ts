/**
 * The review dashboard in a real browser (headless Chromium over the DevTools Protocol) against
 * the compiled binary, with AUTH_TOKENS and REQUIRE_APPROVAL set: sign in, read the board, open
 * a change and its MODIFIED and RENAMED requirements side by side, approve; a second browser's
 * board follows without reloading; the agent's archive is refused before and accepted after, and
 * writes exactly the after-text the page showed. Screenshots of the board and of the change page
 * are saved to `dist/screenshots/` (to `docs/screenshots/`, the README's, with `UPDATE_SCREENSHOTS=1`).
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { CHROMIUM, launchChromium } from "./helpers/chromium.ts";
import { BINARY, isFile, PROJECT, skipReason } from "./helpers/dist_tools.ts";
import { startHttpServer } from "./helpers/http_server.ts";
import { tempProject } from "./helpers/repo.ts";
import { writeReviewRepo } from "../src/review/_test_review_repo.ts";

const TOKEN = "review-token-0123456789";

const ignore = !!skipReason("review dashboard in Chromium", [
  !CHROMIUM && "chromium is not installed (apt-get install chromium)",
  !isFile(BINARY) && "dist/task-mcp is not built (bun scripts/build.ts)",
]);

async function envelope(url: string, tool: string, input: Record<string, unknown>) {
  const res = await fetch(`${url}/mcp`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}`, Accept: "application/json" },
    body: JSON.stringify({ tool, input }),
  });
  return { status: res.status, body: await res.json() };
}

async function saveScreenshot(name: string, png: Uint8Array): Promise<string> {
  const dir = Deno.env.get("UPDATE_SCREENSHOTS") === "1"
    ? `${PROJECT}/docs/screenshots`
    : `${PROJECT}/dist/screenshots`;
  await Deno.mkdir(dir, { recursive: true });
  const path = `${dir}/${name}`;
  await Deno.writeFile(path, png);
  console.log(`screenshot: ${path}`);
  return path;
}

Deno.test({
  name:
    "[binary] a person signs in, reviews the diff, approves; the board updates live; archive waits for it",
  ignore,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const root = await tempProject();
    await writeReviewRepo(root);
    const server = await startHttpServer(
      { name: "binary", command: BINARY, prefix: [] },
      root,
      { env: { AUTH_TOKENS: TOKEN, REQUIRE_APPROVAL: "true", RATE_LIMIT: "0" } },
    );
    const first = await launchChromium();
    const second = await launchChromium();
    try {
      // The agent's archive is refused: nobody has approved the change.
      const refused = await envelope(server.url, "change_archive", { slug: "update-orders" });
      assertEquals(refused.status, 409);
      assertEquals(refused.body.error.code, "APPROVAL_REQUIRED");

      // Without the cookie, a page sends the browser to the login form.
      await first.goto(`${server.url}/ui/`);
      assertEquals(await first.evaluate("location.pathname"), "/ui/login");
      await first.evaluate(`document.querySelector("#token").value = "wrong-token"`);
      await first.evaluate(`document.querySelector("form").submit()`);
      await first.waitFor(
        `location.search.includes("error=invalid") && document.readyState === "complete"`,
      );
      assertStringIncludes(await first.evaluate<string>("document.body.innerText"), "not accepted");
      await first.evaluate(`document.querySelector("#token").value = ${JSON.stringify(TOKEN)}`);
      await first.evaluate(`document.querySelector("form").submit()`);
      await first.waitFor(`location.pathname === "/ui/" && document.querySelector("table.board")`);
      const row = await first.evaluate<{ text: string; verdict: string; review: string }>(`(() => {
        const tr = document.querySelector('tr[data-slug="update-orders"]');
        return { text: tr.innerText, verdict: tr.querySelector("[data-verdict]").dataset.verdict,
                 review: tr.querySelector("[data-review]").dataset.review };
      })()`);
      assertStringIncludes(row.text, "Update orders");
      assertStringIncludes(row.text, "shop-team");
      assertStringIncludes(row.text, "1/2");
      assertEquals(row.verdict, "valid");
      assertEquals(row.review, "pending");
      await first.waitFor(`document.body.dataset.live === "1"`);
      await saveScreenshot("board.png", await first.screenshot());

      // The second browser signs in and watches the board.
      await second.goto(`${server.url}/ui/login`);
      await second.evaluate(`document.querySelector("#token").value = ${JSON.stringify(TOKEN)}`);
      await second.evaluate(`document.querySelector("form").submit()`);
      await second.waitFor(`location.pathname === "/ui/" && document.body.dataset.live === "1"`);
      await second.evaluate(`window.__sameDocument = true`);

      // The change page: MODIFIED and RENAMED requirements, before and after.
      await first.evaluate(`document.querySelector('tr[data-slug="update-orders"] a').click()`);
      await first.waitFor(
        `location.pathname === "/ui/changes/update-orders" && document.querySelector("[data-op]")`,
      );
      const sides = await first.evaluate<Record<string, { before?: string; after?: string }>>(
        `(() => {
        const out = {};
        for (const s of document.querySelectorAll("section[data-op]")) {
          const pre = (cls) => s.querySelector("." + cls + " pre")?.textContent;
          out[s.dataset.op + ":" + s.dataset.requirement] = { before: pre("before"), after: pre("after") };
        }
        return out;
      })()`,
      );
      const modified = sides["MODIFIED:Place order"]!;
      assertStringIncludes(modified.before!, "at least one item.");
      assertStringIncludes(modified.after!, "MUST reject an empty cart");
      assertStringIncludes(modified.after!, "#### Scenario: Empty cart");
      const renamed = sides["RENAMED:List orders"]!;
      assert(renamed.before!.startsWith("### Requirement: View orders"));
      assert(renamed.after!.startsWith("### Requirement: List orders"));
      assertEquals(sides["REMOVED:Legacy export"]!.after, undefined);
      assertStringIncludes(sides["ADDED:Cancel order"]!.after!, "cancel an order");
      const merged = await first.evaluate<string>(
        `document.querySelector('[data-merged="orders"]').textContent`,
      );
      // The proposal's script and link tricks reached the page as text.
      assertEquals(await first.evaluate("window.__pwned"), undefined);
      assertEquals(
        await first.evaluate(
          `document.querySelectorAll("main script, main iframe, main img").length`,
        ),
        0,
      );
      assertEquals(
        await first.evaluate(
          `[...document.querySelectorAll("main a")].filter((a) => !/^https?:|^\\/ui\\//.test(a.getAttribute("href"))).length`,
        ),
        0,
      );
      await saveScreenshot("change.png", await first.screenshot());

      // Approve from the page.
      await first.evaluate(`document.querySelector('button[value="approve"]').click()`);
      await first.waitFor(`document.querySelector('#review [data-review="approved"]')`);
      // The other browser's board follows without a reload.
      await second.waitFor(
        `document.querySelector('tr[data-slug="update-orders"] [data-review="approved"]')`,
        15_000,
      );
      assertEquals(await second.evaluate("window.__sameDocument"), true);
      assert(Number(await second.evaluate("document.body.dataset.updates")) >= 1);

      // The agent's archive goes through now and writes what the page showed.
      const archived = await envelope(server.url, "change_archive", { slug: "update-orders" });
      assertEquals(archived.status, 200, JSON.stringify(archived.body));
      const written = await Deno.readTextFile(`${root}/openspec/specs/orders/spec.md`);
      assertEquals(written, merged);
      for (const side of Object.values(sides)) {
        if (side.after !== undefined) assertStringIncludes(written, side.after);
      }
      const problems = [...first.console, ...second.console].filter((l) =>
        /Content Security Policy|Refused/.test(l)
      );
      assertEquals(problems, []);
    } finally {
      await first.close();
      await second.close();
      await server.stop();
      await Deno.remove(root, { recursive: true }).catch(() => {});
    }
  },
});
