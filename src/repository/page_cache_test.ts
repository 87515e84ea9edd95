import { assertEquals, assertNotStrictEquals, assertStrictEquals } from "@std/assert";
import { testRepo } from "./_test_repo.ts";
import { openChange } from "./open_change.ts";
import { PageCache } from "./page_cache.ts";

const query = { limit: 10, status: "draft" as const };
const settle = () => new Promise((r) => setTimeout(r, 5));

Deno.test("PageCache serves a page again until the watcher reports a change", async () => {
  const { repo, fs, index } = testRepo();
  await openChange(repo, { title: "One", slug: "one", template: "chore" }, "t");
  const cache = new PageCache(repo, index);
  const first = await cache.list(query);
  await settle(); // the watcher starts after the first request
  const built = await cache.list(query);
  assertStrictEquals(await cache.list(query), built);
  await fs.writeAtomic("openspec/changes/by-hand/proposal.md", "# By hand\n");
  const after = await cache.list(query);
  assertNotStrictEquals(after, built);
  assertEquals(after.items.map((i) => i.slug), ["by-hand", "one"]);
  assertEquals(first.total, 1);
  cache.close();
});

Deno.test("PageCache rebuilds after our own mutation and when the watcher is lost", async () => {
  const { repo, index } = testRepo();
  await openChange(repo, { title: "One", slug: "one", template: "chore" }, "t");
  const cache = new PageCache(repo, index);
  repo.onChange(() => cache.invalidate());
  await cache.list(query);
  await settle();
  const built = await cache.list(query);
  await openChange(repo, { title: "Two", slug: "two", template: "chore" }, "t");
  const after = await cache.list(query);
  assertNotStrictEquals(after, built);
  assertEquals(after.total, 2);
  cache.close();
  assertNotStrictEquals(await cache.list(query), await cache.list(query));
});
