import { assertEquals, assertRejects } from "@std/assert";
import { DomainError } from "../errors.ts";
import { openChange, testRepo } from "./_test_repo.ts";
import { listChanges } from "./list_changes.ts";

const query = { limit: 2, status: "draft" as const };

Deno.test("listChanges pages by slug with an opaque token", async () => {
  const { repo, index, tick } = testRepo();
  for (const slug of ["ccc", "aaa", "bbb"]) {
    await openChange(repo, { title: slug.toUpperCase(), slug, template: "feature" }, "t");
  }
  tick();
  const first = await listChanges(index, query);
  assertEquals(first.items.map((i) => i.slug), ["aaa", "bbb"]);
  assertEquals([first.page, first.total], [1, 3]);
  const second = await listChanges(index, { ...query, pageToken: first.nextPageToken! });
  assertEquals(second.items.map((i) => i.slug), ["ccc"]);
  assertEquals([second.page, second.nextPageToken], [2, null]);
  const bad = await assertRejects(
    () => listChanges(index, { ...query, pageToken: "nope" }),
    DomainError,
  );
  assertEquals(bad.code, "INVALID_INPUT");
  const other = await assertRejects(
    () => listChanges(index, { ...query, template: "bugfix", pageToken: first.nextPageToken! }),
    DomainError,
  );
  assertEquals(other.code, "INVALID_INPUT");
});

Deno.test("listChanges sees changes made behind its back", async () => {
  const { repo, fs, index, tick } = testRepo();
  await openChange(repo, { title: "One", slug: "one", template: "chore", owner: "x" }, "t");
  tick();
  assertEquals((await listChanges(index, query)).items[0]?.progress.completed, 0);
  // Tick a task and add a change by hand, as an editor or the CLI would.
  const tasks = await fs.readText("openspec/changes/one/tasks.md");
  await fs.writeAtomic("openspec/changes/one/tasks.md", tasks.replace("- [ ] 1.1", "- [x] 1.1"));
  await fs.writeAtomic("openspec/changes/by-hand/proposal.md", "# Made by hand\n");
  tick();
  const page = await listChanges(index, query);
  assertEquals(page.items.map((i) => [i.slug, i.title]), [["by-hand", "Made by hand"], [
    "one",
    "One",
  ]]);
  assertEquals(page.items[1]?.progress.completed, 1);
  assertEquals(page.items[0]?.template, undefined);
  const owned = await listChanges(index, { ...query, owner: "x" });
  assertEquals(owned.items.map((i) => i.slug), ["one"]);
  await fs.remove("openspec/changes/one");
  tick();
  assertEquals((await listChanges(index, query)).total, 1);
});
