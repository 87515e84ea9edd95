/**
 * A server killed with SIGKILL in the middle of a commit or of a push, together with the git
 * it was running: the next start repairs the clone (a stale index.lock, a mutation written but
 * not committed, a commit made but not pushed) and the remote ends up complete.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { callTool, type GitScratch, gitScratch, startGitServer } from "./helpers/git_remote.ts";
import { targets } from "./helpers/targets.ts";

const target = targets()[0]!;
const TASKS = "openspec/changes/ticks/tasks.md";

async function seed(scratch: GitScratch): Promise<void> {
  const person = await scratch.clone("person");
  await Deno.mkdir(`${person}/openspec/changes/ticks`, { recursive: true });
  await Deno.writeTextFile(`${person}/${TASKS}`, "## 1. Work\n\n- [ ] 1.1 A\n- [ ] 1.2 B\n");
  await scratch.git(person, "add", "-A");
  await scratch.git(person, "commit", "-q", "-m", "Tasks");
  await scratch.git(person, "push", "-q", "origin", "HEAD:main");
}

for (const [stage, hookName] of [["commit", "prepare-commit-msg"], ["push", "pre-push"]] as const) {
  Deno.test({
    name:
      `[${target.name}] git mode: kill -9 during ${stage}, then restart: clone consistent, remote complete`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const scratch = await gitScratch();
      await seed(scratch);
      const root = `${scratch.dir}/server`;
      await Deno.mkdir(root);
      let server = await startGitServer(target, root, scratch.fileUrl)
        .catch(async (e) => {
          await scratch.remove();
          throw e;
        });
      const marker = `${scratch.dir}/hook-pids`;
      const hook = `${root}/.git/hooks/${hookName}`;
      try {
        // The hook tells us the git process it runs under, then waits to be killed with it.
        await Deno.writeTextFile(
          hook,
          `#!/bin/sh\necho "$PPID $$" > ${marker}.tmp\nmv ${marker}.tmp ${marker}\nsleep 30\n`,
          {
            mode: 0o755,
          },
        );
        const call = callTool(server.url, "change_task", { slug: "ticks", task: "1.2", done: true })
          .catch(() => undefined);
        let pids: number[] | undefined;
        for (let i = 0; !pids; i++) {
          pids = await Deno.readTextFile(marker).then(
            (t) => t.trim().split(" ").map(Number),
            () => undefined,
          );
          if (i > 400) throw new Error("the hook never ran");
          if (!pids) await new Promise((r) => setTimeout(r, 25));
        }
        server.process.kill("SIGKILL");
        for (const pid of pids) Deno.kill(pid, "SIGKILL");
        await server.process.status;
        await call;
        await Deno.remove(hook);
        if (stage === "commit") {
          assert(await Deno.stat(`${root}/.git/index.lock`).then(() => true, () => false));
        }

        server = await startGitServer(target, root, scratch.fileUrl);
        const remote = await scratch.git(`${scratch.dir}/remote.git`, "show", `main:${TASKS}`);
        assertStringIncludes(remote, "- [x] 1.2 B");
        assertEquals(await scratch.git(root, "status", "--porcelain"), "");
        assertEquals(
          (await scratch.git(root, "rev-parse", "HEAD")).trim(),
          (await scratch.git(`${scratch.dir}/remote.git`, "rev-parse", "main")).trim(),
        );
        await scratch.git(root, "fsck", "--no-progress");
        // The server goes on working.
        const tick = await callTool(server.url, "change_task", {
          slug: "ticks",
          task: "1.1",
          done: true,
        });
        assertEquals((tick.receipt as { pushed: boolean }).pushed, true);
      } finally {
        await server.stop();
        await scratch.remove();
      }
    },
  });
}
