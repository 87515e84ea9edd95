/**
 * Listings stay correct when files change behind the server's back: edits by hand, the
 * OpenSpec CLI, another server process.
 */
import { assertEquals } from "@std/assert";
import { call, connectStdio } from "./helpers/client.ts";
import { openspec, tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

type Page = {
  total: number;
  items: { slug: string; title: string; progress: { completed: number } }[];
};

eachTarget("changes_active sees hand edits, the CLI and another server at once", async (t) => {
  const root = await tempProject();
  const first = await connectStdio(t, root);
  const second = await connectStdio(t, root);
  try {
    const list = () => call<Page>(first.client, "changes_active", { limit: 10 });
    await call(first.client, "change_open", { title: "Alpha", slug: "alpha-change" });
    await call(first.client, "change_open", { title: "Beta", slug: "beta-change" });
    assertEquals((await list()).total, 2);
    // Warm the cache, wait until its entries are settled (trusted), then change things.
    await new Promise((r) => setTimeout(r, 120));
    await list();

    const tasks = `${root}/openspec/changes/alpha-change/tasks.md`;
    await Deno.writeTextFile(
      tasks,
      (await Deno.readTextFile(tasks)).replace("- [ ] 1.1", "- [x] 1.1"),
    );
    await Deno.writeTextFile(
      `${root}/openspec/changes/beta-change/.openspec.yaml`,
      "schema: spec-driven\ncreated: 2026-11-21\ntitle: Beta renamed\n",
    );
    let page = await list();
    assertEquals(page.items.map((i) => [i.slug, i.title, i.progress.completed]), [
      ["alpha-change", "Alpha", 1],
      ["beta-change", "Beta renamed", 0],
    ]);

    assertEquals((await openspec(root, "new", "change", "cli-made")).code, 0);
    await call(second.client, "change_open", { title: "Gamma", slug: "gamma-change" });
    page = await list();
    assertEquals(page.items.map((i) => i.slug), [
      "alpha-change",
      "beta-change",
      "cli-made",
      "gamma-change",
    ]);
    assertEquals(page.items[2]?.title, "cli-made");

    assertEquals((await openspec(root, "archive", "beta-change", "--yes", "--skip-specs")).code, 0);
    await Deno.remove(`${root}/openspec/changes/gamma-change`, { recursive: true });
    page = await list();
    assertEquals(page.items.map((i) => i.slug), ["alpha-change", "cli-made"]);
    assertEquals(page.total, 2);
  } finally {
    await first.close();
    await second.close();
  }
});

eachTarget("changes_active sees a file rewritten again and again, each time", async (t) => {
  // Watchers merge or drop events for a file written twice within a millisecond or two: the
  // listing must not trust a watcher that said nothing. An edit shows once the watch has
  // reported it (normally well under a millisecond; later on a machine short of CPU), and a
  // missed report would leave the page stale until it expires after 1 s: each rewrite must
  // show within half of that.
  const root = await tempProject();
  const { client, close } = await connectStdio(t, root);
  try {
    const list = () => call<Page>(client, "changes_active", { limit: 10 });
    await call(client, "change_open", { title: "Alpha", slug: "alpha-change" });
    await list();
    await new Promise((r) => setTimeout(r, 120));
    await list();
    const tasks = `${root}/openspec/changes/alpha-change/tasks.md`;
    const original = await Deno.readTextFile(tasks);
    const stale: number[] = [];
    for (let i = 0; i < 60; i++) {
      const done = i % 2 === 1;
      await Deno.writeTextFile(tasks, done ? original.replace("- [ ] 1.1", "- [x] 1.1") : original);
      const deadline = Date.now() + 500;
      let page = await list();
      while (page.items[0]?.progress.completed !== (done ? 1 : 0) && Date.now() < deadline) {
        page = await list();
      }
      if (page.items[0]?.progress.completed !== (done ? 1 : 0)) stale.push(i);
    }
    assertEquals(stale, []);
  } finally {
    await close();
  }
});
