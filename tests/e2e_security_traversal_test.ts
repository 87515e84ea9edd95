/**
 * Path traversal over HTTP: every path-like input — slug, capability, `change_write` path,
 * resource URI, completion value, prompt argument — with every spelling of "somewhere else",
 * through the tool envelope and through MCP, plus a symlink inside a change that points out of
 * the project. Nothing is read from or written outside the project, and nothing inside changes.
 */
import { assert, assertEquals } from "@std/assert";
import { SEEDED_SLUG, TRAVERSAL } from "./helpers/fuzz.ts";
import { fuzzRepo } from "./helpers/fuzz_repo.ts";
import { withHttpServer } from "./helpers/http_server.ts";
import { INITIALIZE } from "../src/mcp/_test_mcp.ts";
import { snapshot } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const MCP = { "Content-Type": "application/json", Accept: "application/json" };
/** Error codes that mean "refused": never a success, never an internal error. */
const REFUSED = new Set([
  "INVALID_INPUT",
  "PATH_NOT_ALLOWED",
  "CHANGE_NOT_FOUND",
  "DOCUMENT_NOT_FOUND",
]);

eachTarget("traversal: no path-like input reaches outside the project, over HTTP", async (t) => {
  const { root, outside } = await fuzzRepo();
  await Deno.mkdir(`${outside}/x`, { recursive: true });
  await Deno.writeTextFile(`${outside}/spec.md`, "## SECRET-OUTSIDE\n");
  const before = { repo: await snapshot(root), outside: await snapshot(outside) };
  await withHttpServer(t, root, async ({ url }) => {
    const answers: string[] = [];
    const envelope = async (tool: string, input: Record<string, unknown>) => {
      const res = await fetch(`${url}/sse`, {
        method: "POST",
        headers: { Accept: "application/json" },
        body: JSON.stringify({ tool, input }),
      });
      const body = await res.json();
      answers.push(JSON.stringify(body));
      return { status: res.status, code: body.error?.code as string | undefined };
    };
    const refused = (what: string, outcome: { status: number; code?: string }) =>
      assert(
        outcome.code !== undefined && REFUSED.has(outcome.code),
        `${what}: ${outcome.status} ${outcome.code}`,
      );

    for (const bad of TRAVERSAL) {
      const label = JSON.stringify(bad);
      for (const tool of ["change_show", "change_validate", "change_archive"]) {
        refused(`${tool} slug ${label}`, await envelope(tool, { slug: bad }));
      }
      refused(
        `task slug ${label}`,
        await envelope("change_task", { slug: bad, task: "1.1", done: true }),
      );
      refused(
        `write slug ${label}`,
        await envelope("change_write", { slug: bad, path: "proposal.md", content: "x" }),
      );
      refused(
        `write path ${label}`,
        await envelope("change_write", { slug: SEEDED_SLUG, path: bad, content: "x" }),
      );
      refused(`open slug ${label}`, await envelope("change_open", { title: "T", slug: bad }));
      refused(
        `open capability ${label}`,
        await envelope("change_open", { title: "T", slug: "trav-cap", capability: bad }),
      );
      refused(
        `write capability ${label}`,
        await envelope("change_write", {
          slug: SEEDED_SLUG,
          path: `specs/${bad}/spec.md`,
          content: "x",
        }),
      );
      const paged = await envelope("changes_active", { pageToken: bad });
      assert(paged.code === undefined || paged.code === "INVALID_INPUT", JSON.stringify(paged));
    }
    // Through the link inside the change: writing and reading must both be refused.
    const linked = await envelope("change_write", {
      slug: SEEDED_SLUG,
      path: "specs/escape/spec.md",
      content: "## pwned\n",
    });
    assert(
      linked.code === "PATH_NOT_ALLOWED" || linked.code === "STORAGE_ERROR",
      JSON.stringify(linked),
    );

    // MCP: resources, completion and prompts.
    const init = await fetch(`${url}/mcp`, {
      method: "POST",
      headers: MCP,
      body: JSON.stringify(INITIALIZE),
    });
    const session = { ...MCP, "Mcp-Session-Id": init.headers.get("mcp-session-id")! };
    await init.body?.cancel();
    let id = 1;
    const rpc = async (method: string, params: unknown) => {
      const res = await fetch(`${url}/mcp`, {
        method: "POST",
        headers: session,
        body: JSON.stringify({ jsonrpc: "2.0", id: id++, method, params }),
      });
      const body = await res.json();
      answers.push(JSON.stringify(body));
      return body;
    };
    const uris = TRAVERSAL.flatMap((bad) => [
      `change://${bad}/proposal`,
      `change://${SEEDED_SLUG}/delta/${bad}`,
      `change://${SEEDED_SLUG}/delta/${bad}/spec.md`,
      `spec://${bad}`,
      `changes://archived/${bad}`,
      `@task:change://${bad}/tasks`,
    ]);
    uris.push(`change://${SEEDED_SLUG}/delta/escape/spec.md`, "spec://../../../../etc/passwd");
    for (const uri of uris) {
      const read = await rpc("resources/read", { uri });
      assert(read.error !== undefined, `resources/read ${uri} succeeded`);
      assert(read.error.code !== -32603, `resources/read ${uri}: internal error`);
    }
    for (const bad of TRAVERSAL) {
      const prompt = await rpc("prompts/get", { name: "apply", arguments: { slug: bad } });
      assertEquals(prompt.error?.code, -32602, `prompts/get ${JSON.stringify(bad)}`);
      const called = await rpc("tools/call", { name: "change_show", arguments: { slug: bad } });
      assertEquals(called.result?.isError, true, `tools/call ${JSON.stringify(bad)}`);
      for (
        const ref of [
          { type: "ref/resource", uri: "change://{slug}/delta/{path}" },
          { type: "ref/resource", uri: "spec://{capability}" },
        ]
      ) {
        const completed = await rpc("completion/complete", {
          ref,
          argument: { name: ref.uri.startsWith("spec") ? "capability" : "path", value: bad },
          context: { arguments: { slug: bad } },
        });
        assert(completed.error?.code !== -32603, `completion ${JSON.stringify(bad)}`);
        for (const value of completed.result?.completion?.values ?? []) {
          assert(!String(value).includes(".."), `completion offered ${value}`);
        }
      }
    }
    for (const answer of answers) {
      assert(!answer.includes("SECRET-OUTSIDE") && !answer.includes("do not touch"), answer);
    }
  }, { env: { RATE_LIMIT: "0" } });
  assertEquals(await snapshot(root), before.repo, "the repository changed");
  assertEquals(await snapshot(outside), before.outside, "the outside folder changed");
});
