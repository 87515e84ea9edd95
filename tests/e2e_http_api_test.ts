/**
 * The API reference's curl examples, sent with `fetch` to `task-mcp serve` (compiled binary and
 * source under Deno): the quick start, the SSE and NDJSON tests, the complete lifecycle
 * example, the troubleshooting requests and the probes.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { readEvents, readNdjson } from "../src/http/_test_sse.ts";
import { PROPOSAL, SPEC, TASKS } from "./helpers/http_lifecycle.ts";
import { withHttpServer } from "./helpers/http_server.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

/** `curl -X POST <url><path> -H … -d <body>`: curl sends form encoding unless told. */
function curl(url: string, path: string, headers: Record<string, string>, body: unknown) {
  return fetch(`${url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: JSON.stringify(body),
  });
}
const JSON_SSE = {
  "Content-Type": "application/json",
  "Authorization": "Bearer devtoken",
  "Accept": "text/event-stream",
};
const JSON_NDJSON = { ...JSON_SSE, "Accept": "application/x-ndjson" };

async function result(response: Response): Promise<Record<string, unknown>> {
  assertEquals(response.status, 200);
  assertEquals(response.headers.get("content-type"), "text/event-stream");
  const events = await readEvents(response);
  assertMatch(events[0]!.comment!, /^keep-alive \d+$/);
  const last = events.at(-1)!;
  if (last.event !== "result") throw new Error(`expected a result event: ${last.data}`);
  return JSON.parse(last.data!);
}

eachTarget("API reference: quick start, SSE test, NDJSON test and probes", async (t) => {
  await withHttpServer(t, await tempProject(), async ({ url }) => {
    // curl -f http://localhost:8443/healthz
    const health = await fetch(`${url}/healthz`);
    assertEquals([health.status, (await health.json()).status], [200, "healthy"]);
    assertEquals((await (await fetch(`${url}/readyz`)).json()).ready, true);
    assertEquals((await (await fetch(`${url}/health`)).json()).status, "healthy");
    assertEquals((await (await fetch(`${url}/`)).json()).name, "task-mcp");

    // Quick start, step 3.
    const opened = await result(
      await curl(url, "/sse", JSON_SSE, {
        tool: "change.open",
        input: { title: "My first change", slug: "my-first-change", template: "feature" },
      }),
    );
    assertEquals(opened.tool, "change.open");
    assertEquals((opened.receipt as { operation: string }).operation, "change.open");

    // Quick start, step 4. Deviation, documented in the README: a fresh change still holds
    // template placeholders in its delta spec, and task-mcp refuses to archive those.
    const refused = await readEvents(
      await curl(url, "/sse", JSON_SSE, {
        tool: "change.archive",
        input: { slug: "my-first-change" },
      }),
    );
    const error = JSON.parse(refused.at(-1)!.data!);
    assertEquals([refused.at(-1)!.event, error.error.code], ["error", "VALIDATION_FAILED"]);
    // The hint names the call that fixes it, as the README's curl walk-through makes it.
    assertStringIncludes(
      error.error.hint,
      'change_write with slug "my-first-change", path "specs/my-first-change/spec.md"',
    );

    // SSE test.
    const listed = await result(
      await curl(url, "/sse", { ...JSON_SSE, "Authorization": "Bearer test-token" }, {
        tool: "changes.active",
        input: {},
        apiVersion: "1.0.0",
      }),
    );
    const page = (listed.result as { structuredContent: { total: number } }).structuredContent;
    assertEquals(page.total, 1);

    // NDJSON test.
    const ndjson = await curl(url, "/mcp", JSON_NDJSON, {
      tool: "changes.active",
      input: {},
      apiVersion: "1.0.0",
    });
    assertEquals(ndjson.headers.get("content-type"), "application/x-ndjson");
    assertEquals(ndjson.headers.get("api-version"), "1.0.0");
    const lines = await readNdjson(ndjson);
    assertEquals(lines.map((l) => l.type), ["start", "result", "end"]);
    assertEquals(lines[0]!.tool, "changes.active");
  });
});

eachTarget(
  "API reference: the complete lifecycle example and troubleshooting requests",
  async (t) => {
    const root = await tempProject();
    await withHttpServer(t, root, async ({ url }) => {
      // Step 1: create a feature change.
      await result(
        await curl(url, "/sse", JSON_SSE, {
          tool: "change.open",
          input: {
            title: "Add user profile management",
            slug: "user-profile-mgmt",
            template: "feature",
            rationale: "Enable users to manage their profile information",
            owner: "frontend-team",
            ttl: 7200,
          },
        }),
      );
      // Step 2: list active changes.
      const lines = await readNdjson(
        await curl(url, "/mcp", JSON_NDJSON, {
          tool: "changes.active",
          input: { limit: 10, template: "feature" },
        }),
      );
      const listed = lines[1]!.result as { structuredContent: { items: { owner: string }[] } };
      assertEquals(listed.structuredContent.items[0]!.owner, "frontend-team");

      // Filling the change in (not in the reference, which skips this): change.write.
      for (
        const [path, content] of [
          ["proposal.md", PROPOSAL],
          ["specs/user-profile-mgmt/spec.md", SPEC],
          ["tasks.md", TASKS],
          ["design.md", "# Design\n\n## Context\n\nProfiles live in the user table.\n"],
        ]
      ) {
        await result(
          await curl(url, "/sse", JSON_SSE, {
            tool: "change.write",
            input: { slug: "user-profile-mgmt", path, content },
          }),
        );
      }
      // Step 3: archive.
      const archived = await result(
        await curl(url, "/sse", JSON_SSE, {
          tool: "change.archive",
          input: { slug: "user-profile-mgmt" },
        }),
      );
      assertEquals((archived.receipt as { operation: string }).operation, "change.archive");
      const spec = await Deno.readTextFile(`${root}/openspec/specs/user-profile-mgmt/spec.md`);
      assert(spec.includes("### Requirement: Password sign-in"));

      // Troubleshooting: no Accept header at all is still an event stream.
      const input = await curl(url, "/sse", { "Content-Type": "application/json" }, {
        tool: "change.open",
        input: { title: "Test", slug: "test-slug" },
      });
      await result(input);
      const bare = await curl(url, "/sse", { "Accept": "text/event-stream" }, {
        tool: "changes.active",
        input: {},
      });
      await result(bare);
      const perf = await readNdjson(
        await curl(url, "/mcp", { "Accept": "application/x-ndjson" }, {
          tool: "changes.active",
          input: { limit: 100 },
        }),
      );
      assertEquals(perf.map((l) => l.type), ["start", "result", "end"]);

      // HTTP error answers carry the table's status and the reference's body.
      const unknown = await curl(url, "/sse", { "Accept": "application/json" }, {
        tool: "change.nope",
        input: {},
      });
      const body = await unknown.json();
      assertEquals([unknown.status, body.error.code], [404, "TOOL_NOT_FOUND"]);
      assertEquals(Object.keys(body).sort(), ["apiVersion", "error", "requestId", "timestamp"]);
      const missing = await curl(url, "/sse", {}, { input: {} });
      const missingBody = await missing.json();
      assertEquals(missing.status, 400);
      assertEquals(missingBody.error.details, { field: "tool", issue: "required field missing" });
    });
  },
);
