import { assertEquals, assertNotStrictEquals, assertStrictEquals } from "@std/assert";
import type { FileSystem, WritableWatch } from "../fs/file_system.ts";
import { ChangeIndex } from "./change_index.ts";
import { createRepoContext } from "./context.ts";
import { openChange, testRepo } from "./_test_repo.ts";
import { PageCache, SETTLE_MS } from "./page_cache.ts";

const query = { limit: 10, status: "draft" as const };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("PageCache serves a page again until the watch reports a change", async () => {
  const { repo, fs, index } = testRepo();
  await openChange(repo, { title: "One", slug: "one", template: "chore" }, "t");
  const cache = new PageCache(repo, index);
  const built = await cache.list(query);
  assertStrictEquals(await cache.list(query), built);
  await fs.writeAtomic("openspec/changes/by-hand/proposal.md", "# By hand\n");
  const after = await cache.list(query);
  assertNotStrictEquals(after, built);
  assertEquals(after.items.map((i) => i.slug), ["by-hand", "one"]);
  assertEquals(built.total, 1);
  cache.close();
});

Deno.test("PageCache rebuilds pages built just after a reported change", async () => {
  // A watcher may swallow a second write that closely follows a reported one: what was built
  // in that window is not trusted.
  const { repo, fs, index } = testRepo();
  await openChange(repo, { title: "One", slug: "one", template: "chore" }, "t");
  const cache = new PageCache(repo, index);
  await cache.list(query);
  await fs.writeAtomic("openspec/changes/one/tasks.md", "- [ ] 1.1 A\n");
  const soon = await cache.list(query);
  assertNotStrictEquals(await cache.list(query), soon);
  await sleep(SETTLE_MS + 10);
  const settled = await cache.list(query);
  assertStrictEquals(await cache.list(query), settled);
  cache.close();
});

Deno.test("PageCache rebuilds after our own mutation", async () => {
  const { repo, index } = testRepo();
  await openChange(repo, { title: "One", slug: "one", template: "chore" }, "t");
  const cache = new PageCache(repo, index);
  repo.onChange(() => cache.invalidate());
  const built = await cache.list(query);
  assertStrictEquals(await cache.list(query), built);
  await openChange(repo, { title: "Two", slug: "two", template: "chore" }, "t");
  const after = await cache.list(query);
  assertNotStrictEquals(after, built);
  assertEquals(after.total, 2);
  cache.close();
});

/**
 * A cache over a repository of one change whose filesystem hands out watches the test drives
 * (each starts as "starting"; closing one fails it), and the watches it handed out.
 */
async function watchedCache() {
  const { fs } = testRepo();
  const watches: WritableWatch[] = [];
  const watched: FileSystem = { ...fs };
  watched.watch = () => {
    const watch: WritableWatch = {
      changes: 0,
      lastChangeAt: -Infinity,
      state: "starting",
      close: () => void (watch.state = "failed"),
    };
    watches.push(watch);
    return watch;
  };
  const repo = createRepoContext({ fs: watched, now: () => new Date(2026, 10, 21), pid: 1 });
  await openChange(repo, { title: "One", slug: "one", template: "chore" }, "t");
  return { cache: new PageCache(repo, new ChangeIndex(repo)), watches };
}

Deno.test("PageCache caches nothing while its watch starts or after it failed", async () => {
  const { cache, watches } = await watchedCache();
  assertNotStrictEquals(await cache.list(query), await cache.list(query)); // starting
  assertEquals(watches.length, 1);
  watches[0]!.state = "live";
  const built = await cache.list(query);
  assertStrictEquals(await cache.list(query), built);
  watches[0]!.changes++;
  assertNotStrictEquals(await cache.list(query), built);
  watches[0]!.state = "failed";
  const after = await cache.list(query);
  assertEquals(watches.length, 2); // a new watch was started
  assertNotStrictEquals(await cache.list(query), after);
  cache.close();
});

Deno.test("PageCache starts one watch for the requests that arrive together, and closes it", async () => {
  // Each watch walks the whole tree and holds one inotify watch per folder: 64 clients
  // connecting at once used to start 64 of them and leave 63 open.
  const { cache, watches } = await watchedCache();
  await Promise.all(Array.from({ length: 64 }, () => cache.list(query)));
  assertEquals(watches.length, 1);
  cache.close();
  assertEquals(watches.map((w) => w.state), ["failed"]);
});

Deno.test("PageCache starts no watch when it is closed while the watch was being set up", async () => {
  const { fs } = testRepo();
  let started = 0;
  const watched: FileSystem = {
    ...fs,
    watch: () => {
      started++;
      return { changes: 0, lastChangeAt: -Infinity, state: "live", close() {} };
    },
  };
  const repo = createRepoContext({ fs: watched, now: () => new Date(2026, 10, 21), pid: 1 });
  const cache = new PageCache(repo, new ChangeIndex(repo));
  const page = cache.list(query);
  cache.close(); // the server shuts down while the first request looks at the folder
  await page;
  assertEquals(started, 0);
});

Deno.test("PageCache builds a page once for the requests that wait for it together", async () => {
  const { repo, index } = testRepo();
  await openChange(repo, { title: "One", slug: "one", template: "chore" }, "t");
  const cache = new PageCache(repo, index);
  const [a, b, c] = await Promise.all([cache.list(query), cache.list(query), cache.list(query)]);
  assertStrictEquals(a, b);
  assertStrictEquals(b, c);
  cache.close();
});

Deno.test("PageCache reads a watch that can be polled, and answers without waiting", async () => {
  const { fs } = testRepo();
  const watch: WritableWatch = {
    changes: 1,
    lastChangeAt: -Infinity,
    state: "live",
    close: () => void (watch.state = "failed"),
  };
  let polls = 0;
  let pending = 0;
  watch.poll = () => {
    polls++;
    watch.changes += pending;
    pending = 0;
  };
  const watched: FileSystem = { ...fs, watch: () => watch };
  const repo = createRepoContext({ fs: watched, now: () => new Date(2026, 10, 21), pid: 1 });
  await openChange(repo, { title: "One", slug: "one", template: "chore" }, "t");
  const cache = new PageCache(repo, new ChangeIndex(repo));
  const built = await cache.list(query);
  let timerRan = false;
  const timer = setTimeout(() => timerRan = true, 0);
  assertStrictEquals(await cache.list(query), built);
  assertEquals(timerRan, false); // answered within the same turn of the event loop
  clearTimeout(timer);
  pending = 1; // a change the kernel queued, not yet read
  assertNotStrictEquals(await cache.list(query), built);
  assertEquals(polls, 3);
  cache.close();
});
