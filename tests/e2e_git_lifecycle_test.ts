/**
 * Git mode end to end: a whole change lifecycle over MCP against a real bare remote, reached
 * over `file://` and over the git protocol (`git daemon`). Each mutation is one commit on the
 * remote, by the caller's author, holding exactly its paths; a fresh clone passes
 * `openspec validate --all --strict`; the archive equals `openspec archive --yes`; the token
 * shows up nowhere.
 */
import { assert, assertEquals } from "@std/assert";
import { PROPOSAL, SPEC, TASKS } from "./helpers/http_lifecycle.ts";
import {
  callTool,
  GIT_TEST_TOKEN,
  gitScratch,
  remoteLog,
  startGitDaemon,
  startGitServer,
} from "./helpers/git_remote.ts";
import { openspec, snapshot } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const ALICE = "alice-secret-token";
const ENV = {
  AUTH_TOKENS: `${ALICE},bob-secret-token`,
  GIT_AUTHORS: `${ALICE}=Alice Example <alice@example.com>`,
  GIT_COMMITTER: "Task Server <server@example.com>",
};

for (const via of ["file", "daemon"] as const) {
  eachTarget(`git mode over ${via}: every mutation one commit by its caller`, async (t) => {
    const scratch = await gitScratch();
    const daemon = via === "daemon" ? await startGitDaemon(scratch.dir) : undefined;
    const root = `${scratch.dir}/server`;
    await Deno.mkdir(root);
    const server = await startGitServer(t, root, daemon?.url ?? scratch.fileUrl, ENV)
      .catch(async (e) => {
        await daemon?.stop();
        await scratch.remove();
        throw e;
      });
    try {
      const call = (name: string, args: Record<string, unknown>) =>
        callTool(server.url, name, args, ALICE);
      const slug = "add-user-auth";
      const receipts = [
        await call("change_open", {
          title: "Add auth",
          slug,
          template: "feature",
          capability: "auth",
        }),
      ];
      for (
        const [path, content] of [
          ["proposal.md", PROPOSAL],
          ["specs/auth/spec.md", SPEC],
          ["tasks.md", TASKS],
          ["design.md", "# Design\n\n## Context\n\nSessions are stored server-side.\n"],
        ]
      ) receipts.push(await call("change_write", { slug, path, content }));
      receipts.push(await call("change_task", { slug, task: "1.1", done: true }));

      // The CLI archives a clone of the remote as it is now; we archive through the server.
      const twin = await scratch.clone("twin");
      assertEquals((await openspec(twin, "archive", slug, "--yes")).code, 0);
      receipts.push(await call("change_archive", { slug }));

      const log = await remoteLog(scratch);
      const alice = "Alice Example <alice@example.com>";
      assertEquals(log.slice(1), [
        `${alice}|openspec: open ${slug}`,
        ...Array(4).fill(`${alice}|openspec: write ${slug}`),
        `${alice}|openspec: task ${slug}`,
        `${alice}|openspec: archive ${slug}`,
      ]);
      const bare = `${scratch.dir}/remote.git`;
      const heads = (await scratch.git(bare, "log", "--reverse", "--format=%H", "main")).trim()
        .split("\n").slice(1);
      assertEquals(receipts.length, heads.length, JSON.stringify(receipts));
      for (const [i, r] of receipts.entries()) {
        const receipt = r.receipt as Record<string, unknown>;
        assertEquals([receipt.commit, receipt.pushed], [heads[i], true]);
      }
      const files = (commit: string) =>
        scratch.git(bare, "show", "--name-only", "--format=", commit).then((o) =>
          o.trim().split("\n")
        );
      assertEquals(await files(heads[5]!), [`openspec/changes/${slug}/tasks.md`]);
      assertEquals(await files(heads[2]!), [`openspec/changes/${slug}/specs/auth/spec.md`]);
      const message = await scratch.git(bare, "log", "-1", "--format=%cn <%ce>%n%b", heads[6]!);
      assert(message.startsWith("Task Server <server@example.com>"), message);
      assert(message.includes(`Task-Mcp-Receipt: ${(receipts[6]!.receipt as { id: string }).id}`));

      // A fresh clone of the remote is valid, and its archive is the CLI's, byte for byte.
      const fresh = await scratch.clone("fresh");
      const validated = await openspec(fresh, "validate", "--all", "--strict");
      assertEquals(validated.code, 0, validated.stdout + validated.stderr);
      const tree = async (dir: string) => {
        const all = await snapshot(`${dir}/openspec`);
        return Object.fromEntries(Object.entries(all).filter(([p]) => !p.startsWith(".task-mcp")));
      };
      assertEquals(await tree(fresh), await tree(twin));
      // The server's clone is clean and level with the remote.
      assertEquals(await scratch.git(root, "status", "--porcelain"), "");

      const health = await (await fetch(`${server.url}/health`)).text();
      for (
        const text of [
          health,
          JSON.stringify(receipts),
          await Deno.readTextFile(`${root}/.git/config`),
        ]
      ) {
        assert(!text.includes(GIT_TEST_TOKEN), "the token leaked");
      }
    } finally {
      await server.stop();
      await daemon?.stop();
      assert(!server.stderr().join("\n").includes(GIT_TEST_TOKEN), "the token leaked into logs");
      await scratch.remove();
    }
  });
}
