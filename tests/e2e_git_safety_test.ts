/**
 * Git mode never loses anyone's work: a person's push that lands between our fetch and our
 * push, a person's uncommitted edit in the server's clone, and a remote that stops answering.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  callTool,
  GIT_TEST_TOKEN,
  gitScratch,
  startGitDaemon,
  startGitServer,
} from "./helpers/git_remote.ts";
import { startHttpServer } from "./helpers/http_server.ts";
import { targets } from "./helpers/targets.ts";

const target = targets()[0]!;
const TASKS = "openspec/changes/ticks/tasks.md";

/** A remote whose `main` has a change `ticks` with three open tasks. */
async function withTicks() {
  const scratch = await gitScratch();
  const person = await scratch.clone("person");
  await Deno.mkdir(`${person}/openspec/changes/ticks`, { recursive: true });
  await Deno.writeTextFile(
    `${person}/${TASKS}`,
    "## 1. Work\n\n- [ ] 1.1 A\n- [ ] 1.2 B\n- [ ] 1.3 C\n",
  );
  await scratch.git(person, "add", "-A");
  await scratch.git(person, "commit", "-q", "-m", "Tasks");
  await scratch.git(person, "push", "-q", "origin", "HEAD:main");
  return { scratch, person };
}

/**
 * Starts a git-mode server on a clone of `remote` in `<scratch>/server`; when it fails to
 * start, the scratch folder goes (and whatever `cleanup` stops) before the error is rethrown.
 */
async function serverIn(
  scratch: Awaited<ReturnType<typeof gitScratch>>,
  remote: string,
  env: Record<string, string> = {},
  cleanup: () => Promise<void> = () => Promise.resolve(),
) {
  const root = `${scratch.dir}/server`;
  await Deno.mkdir(root);
  const server = await startGitServer(target, root, remote, env).catch(async (e) => {
    await cleanup();
    await scratch.remove();
    throw e;
  });
  return { root, server };
}

/** Writes an executable hook into a clone. */
export async function hook(clone: string, name: string, script: string): Promise<void> {
  await Deno.writeTextFile(
    `${clone}/.git/hooks/${name}`,
    `#!/bin/sh\nunset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE\n${script}\n`,
    {
      mode: 0o755,
    },
  );
}

Deno.test({
  name:
    `[${target.name}] git mode: a person's push between our fetch and our push survives, and so does ours`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { scratch, person } = await withTicks();
    const { root, server } = await serverIn(scratch, scratch.fileUrl);
    try {
      // The person ticks 1.2 of the same tasks.md and pushes, just before our first push.
      await hook(
        root,
        "pre-push",
        `[ -e ${scratch.dir}/pushed ] && exit 0\ntouch ${scratch.dir}/pushed\ncd ${person} && ` +
          `sed -i 's/- \\[ \\] 1.2/- [x] 1.2/' ${TASKS} && git commit -qam "Person ticks 1.2" && ` +
          "git push -q origin HEAD:main",
      );
      // A person's own uncommitted edits in the server's clone stay theirs.
      await Deno.writeTextFile(`${root}/openspec/changes/ticks/notes.md`, "my notes\n");
      const tick = await callTool(server.url, "change_task", {
        slug: "ticks",
        task: "1.1",
        done: true,
      });
      assertEquals((tick.receipt as { pushed: boolean }).pushed, true, JSON.stringify(tick));
      const remote = await scratch.git(`${scratch.dir}/remote.git`, "show", `main:${TASKS}`);
      assertStringIncludes(remote, "- [x] 1.1 A\n- [x] 1.2 B\n- [ ] 1.3 C");
      const subjects = await scratch.git(
        `${scratch.dir}/remote.git`,
        "log",
        "-3",
        "--format=%s",
        "main",
      );
      assertEquals(subjects.trim().split("\n"), [
        "openspec: task ticks",
        "Person ticks 1.2",
        "Tasks",
      ]);
      assertEquals(
        await scratch.git(root, "status", "--porcelain"),
        "?? openspec/changes/ticks/notes.md\n",
      );
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      assertStringIncludes(metrics, "task_mcp_git_push_rejections_total 1");
      assertStringIncludes(metrics, "task_mcp_git_retries_total 1");
    } finally {
      await server.stop();
      assert(!server.stderr().join("\n").includes(GIT_TEST_TOKEN), "the token leaked into logs");
      await scratch.remove();
    }
  },
});

Deno.test({
  name:
    `[${target.name}] git mode: with the git server down mutations commit locally and push when it is back`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { scratch } = await withTicks();
    let daemon = await startGitDaemon(scratch.dir);
    const { server } = await serverIn(
      scratch,
      daemon.url,
      { GIT_FETCH_INTERVAL_MS: "200" },
      () => daemon.stop(),
    );
    try {
      await daemon.stop();
      const tick = await callTool(server.url, "change_task", {
        slug: "ticks",
        task: "1.3",
        done: true,
      });
      const receipt = tick.receipt as { commit: string; pushed: boolean };
      assertEquals(receipt.pushed, false);
      const health = await (await fetch(`${server.url}/health`)).json();
      assertEquals([health.checks.git.status, health.checks.git.details.ahead], ["warn", 1]);
      assert(health.checks.git.details.lastPushError, JSON.stringify(health.checks.git));
      assertEquals((await fetch(`${server.url}/readyz`)).status, 200);

      daemon = await startGitDaemon(scratch.dir, daemon.port);
      // The background fetch pushes the backlog; /health says so once the push has returned.
      for (let i = 0;; i++) {
        const head = (await scratch.git(`${scratch.dir}/remote.git`, "rev-parse", "main")).trim();
        const git = (await (await fetch(`${server.url}/health`)).json()).checks.git;
        if (head === receipt.commit && git.status === "pass" && git.details.ahead === 0) break;
        if (i > 200) throw new Error(`the backlog was never pushed: ${JSON.stringify(git)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await server.stop();
      await daemon.stop();
      assert(!server.stderr().join("\n").includes(GIT_TEST_TOKEN), "the token leaked into logs");
      await scratch.remove();
    }
  },
});

Deno.test({
  name: `[${target.name}] git mode: --git-commit commits each mutation locally and pushes nothing`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { scratch, person } = await withTicks();
    const before = (await scratch.git(`${scratch.dir}/remote.git`, "rev-parse", "main")).trim();
    const server = await startHttpServer(target, person, { args: ["--stateless", "--git-commit"] })
      .catch(async (e) => {
        await scratch.remove();
        throw e;
      });
    try {
      const tick = await callTool(server.url, "change_task", {
        slug: "ticks",
        task: "1.1",
        done: true,
      });
      const receipt = tick.receipt as { commit: string; pushed: boolean };
      assertEquals(receipt.pushed, false);
      assertEquals((await scratch.git(person, "rev-parse", "HEAD")).trim(), receipt.commit);
      assertEquals(
        (await scratch.git(person, "log", "-1", "--format=%s")).trim(),
        "openspec: task ticks",
      );
      assertEquals(
        (await scratch.git(`${scratch.dir}/remote.git`, "rev-parse", "main")).trim(),
        before,
      );
      assertEquals(await scratch.git(person, "status", "--porcelain"), "");
      // Nothing is ever pushed in this mode, so local commits are no backlog to warn about.
      const health = await (await fetch(`${server.url}/health`)).json();
      assertEquals([health.checks.git.status, health.checks.git.details.ahead], ["pass", 0]);
    } finally {
      await server.stop();
      await scratch.remove();
    }
  },
});

Deno.test({
  name:
    `[${target.name}] git mode: --git-commit in a tree that never had a remote warns of nothing`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { scratch, person } = await withTicks();
    // The person's work as a repository of its own: commits, no origin, no tracking branch.
    await scratch.git(person, "remote", "remove", "origin");
    const server = await startHttpServer(target, person, { args: ["--stateless", "--git-commit"] })
      .catch(async (e) => {
        await scratch.remove();
        throw e;
      });
    try {
      const tick = await callTool(server.url, "change_task", {
        slug: "ticks",
        task: "1.2",
        done: true,
      });
      assertEquals((tick.receipt as { pushed: boolean }).pushed, false);
      const health = await (await fetch(`${server.url}/health`)).json();
      assertEquals([health.checks.git.status, health.checks.git.details.ahead], ["pass", 0]);
    } finally {
      await server.stop();
      await scratch.remove();
    }
  },
});

Deno.test({
  name:
    `[${target.name}] git mode: a branch that keeps moving ends in GIT_CONFLICT, nothing half done`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { scratch, person } = await withTicks();
    const { root, server } = await serverIn(scratch, scratch.fileUrl, { GIT_MAX_ATTEMPTS: "2" });
    try {
      // Before each of our pushes, the person pushes a commit of their own.
      await hook(
        root,
        "pre-push",
        `cd ${person} && date +%s%N >> notes.txt && git add notes.txt && ` +
          `git commit -qm "Person's note" && git push -q origin HEAD:main`,
      );
      const tick = await callTool(server.url, "change_task", {
        slug: "ticks",
        task: "1.1",
        done: true,
      });
      assertEquals((tick.error as { code: string }).code, "GIT_CONFLICT", JSON.stringify(tick));
      const remote = await scratch.git(`${scratch.dir}/remote.git`, "show", `main:${TASKS}`);
      assertStringIncludes(remote, "- [ ] 1.1 A");
      assertEquals(await scratch.git(root, "status", "--porcelain"), "");
      const notes = await scratch.git(`${scratch.dir}/remote.git`, "show", "main:notes.txt");
      assertEquals(notes.trim().split("\n").length, 2);
    } finally {
      await server.stop();
      await scratch.remove();
    }
  },
});
