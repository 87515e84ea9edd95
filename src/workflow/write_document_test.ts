import { assertEquals, assertRejects } from "@std/assert";
import { DomainError } from "../errors.ts";
import type { FileSystem } from "../fs/file_system.ts";
import { testRepo } from "../repository/_test_repo.ts";
import { createRepoContext, type RepoContext } from "../repository/context.ts";
import { openChange } from "./open_change.ts";
import { setTask } from "./set_task.ts";
import { writeDocument } from "./write_document.ts";

const DIR = "openspec/changes/add-greeting";
const ARCHIVED = "openspec/changes/archive/2026-11-21-add-greeting";

/**
 * A repository whose change is archived behind the server's back (as `openspec archive` does)
 * after the change was found and just before the first write into it.
 */
async function archivedMidway(): Promise<{ repo: RepoContext; fs: FileSystem }> {
  const { repo, fs } = testRepo();
  await openChange(repo, { title: "Add greeting", slug: "add-greeting", template: "feature" }, "t");
  let moved = false;
  const racing: FileSystem = {
    ...fs,
    writeAtomic: async (path, content, options) => {
      if (!moved && path.startsWith(`${DIR}/`)) {
        moved = true;
        await fs.mkdir("openspec/changes/archive");
        await fs.rename(DIR, ARCHIVED);
      }
      return await fs.writeAtomic(path, content, options);
    },
  };
  let id = 0;
  const ctx = createRepoContext({ fs: racing, now: repo.now, randomId: () => `r${++id}`, pid: 2 });
  return { repo: ctx, fs };
}

for (
  const [name, run] of [
    ["writeDocument", (repo: RepoContext) =>
      writeDocument(repo, {
        slug: "add-greeting",
        path: "specs/other-cap/spec.md",
        content: "# New\n",
      }, "t")],
    [
      "setTask",
      (repo: RepoContext) => setTask(repo, { slug: "add-greeting", task: "1.1", done: true }, "t"),
    ],
  ] as const
) {
  Deno.test(`${name} never brings back a change archived while it runs`, async () => {
    const { repo, fs } = await archivedMidway();
    const before = await fs.tree(DIR);
    const error = await assertRejects(() => run(repo), DomainError);
    assertEquals(error.code, "CHANGE_ALREADY_ARCHIVED");
    assertEquals(await fs.stat(DIR), undefined);
    assertEquals(await fs.tree(ARCHIVED), before);
  });
}
