import { assertEquals } from "@std/assert";
import { testRepo } from "./_test_repo.ts";
import { recoverRepository } from "./recover_repository.ts";

Deno.test("a sweep clears debris of killed writes and nothing else", async () => {
  const { fs } = testRepo({
    "openspec/changes/x/tasks.md": "- [ ] 1.1 Do\n",
    "openspec/changes/x/.tasks.md.0a1b2c3d.4.tmp": "- [x] 1.1",
    "openspec/changes/x/.notes.tmp": "someone else's",
    "openspec/specs/cap/.spec.md.0a1b2c3d.5.tmp": "half",
    "openspec/.task-mcp/staging/1-abc/proposal.md": "# X\n",
    "openspec/.task-mcp/locks/t9/owner.t9.0": "{}",
  }, new Date());
  // In .task-mcp/ a fresh temporary file may be the health probe's, written without the lock.
  await fs.writeAtomic("openspec/.task-mcp/archived/.a.json.0a1b2c3d.6.tmp", "{}");
  const done = await recoverRepository(fs, { sweep: true });
  assertEquals(done.removed.sort(), [
    "openspec/.task-mcp/locks/t9",
    "openspec/.task-mcp/staging/1-abc",
    "openspec/changes/x/.tasks.md.0a1b2c3d.4.tmp",
    "openspec/specs/cap/.spec.md.0a1b2c3d.5.tmp",
  ]);
  assertEquals((await fs.list("openspec/changes/x")).map((e) => e.name).sort(), [
    ".notes.tmp",
    "tasks.md",
  ]);
  // Without a sweep (an ordinary mutation), only journals are looked at.
  await fs.writeAtomic("openspec/changes/x/.tasks.md.0a1b2c3d.7.tmp", "- [x] 1.1");
  assertEquals((await recoverRepository(fs, { sweep: false })).removed, []);
});
