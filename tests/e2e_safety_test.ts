/**
 * Safety under concurrency and crashes: one winner when two processes open the same slug, and
 * a repository that is consistent after `kill -9` at any moment of a run of archives.
 */
import { assertEquals } from "@std/assert";
import { initialize, spawnRaw } from "./helpers/raw.ts";
import { openspecJson, tempProject } from "./helpers/repo.ts";
import { assertRulesConsistent, seedRules } from "./helpers/rules_repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const call = (id: number, name: string, args: Record<string, unknown>) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: args },
});

type CallResult = { isError?: boolean; structuredContent?: { error?: { code: string } } };

eachTarget("two processes opening one slug at once make one change", async (t) => {
  const root = await tempProject();
  const a = spawnRaw(t, root);
  const b = spawnRaw(t, root);
  await Promise.all([initialize(a), initialize(b)]);
  for (let i = 0; i < 5; i++) {
    const args = { title: `Race ${i}`, slug: `race-${i}` };
    await Promise.all([
      a.send(call(i + 1, "change_open", args)),
      b.send(call(i + 1, "change_open", args)),
    ]);
    const results = await Promise.all([a.response(i + 1), b.response(i + 1)]);
    const outcomes = results.map((r) => r.result as CallResult);
    const failed = outcomes.filter((o) => o.isError);
    assertEquals(failed.length, 1, JSON.stringify(outcomes));
    assertEquals(failed[0]?.structuredContent?.error?.code, "CHANGE_ALREADY_EXISTS");
    const files = [];
    for await (const e of Deno.readDir(`${root}/openspec/changes/race-${i}`)) files.push(e.name);
    assertEquals(files.sort(), [".openspec.yaml", "design.md", "proposal.md", "specs", "tasks.md"]);
  }
  for (const s of [a, b]) {
    await s.closeStdin();
    await s.status();
  }
});

eachTarget(
  "a kill -9 during archives leaves every change whole, and restart finishes",
  async (t) => {
    for (const delayMs of [5, 25, 60, 120]) {
      const root = await tempProject();
      const n = 12;
      await seedRules(root, n);
      const server = spawnRaw(t, root);
      await initialize(server);
      for (let i = 0; i < n; i++) {
        await server.send(
          call(i + 1, "change_archive", { slug: `rule-${i}` }),
        );
      }
      await new Promise((r) => setTimeout(r, delayMs));
      server.process.kill("SIGKILL");
      await server.status();

      // Restart: recovery runs before the first request is answered.
      const again = spawnRaw(t, root);
      await initialize(again);
      await again.closeStdin();
      assertEquals((await again.status()).code, 0);

      await assertRulesConsistent(root, n, `delay ${delayMs} ms`);
      const specs = await openspecJson(root, "validate", "rules", "--type", "spec", "--json");
      assertEquals(specs.code, 0, JSON.stringify(specs.json));
    }
  },
);

eachTarget("two processes archiving into one capability lose no update", async (t) => {
  const root = await tempProject();
  const n = 6;
  await seedRules(root, n);
  const a = spawnRaw(t, root);
  const b = spawnRaw(t, root);
  await Promise.all([initialize(a), initialize(b)]);
  await Promise.all(
    Array.from(
      { length: n },
      (_, i) => (i % 2 ? a : b).send(call(i + 1, "change_archive", { slug: `rule-${i}` })),
    ),
  );
  // One reader per process: collect the responses one after another.
  const results = [];
  for (let i = 0; i < n; i++) results.push(await (i % 2 ? a : b).response(i + 1));
  for (const r of results) {
    assertEquals((r.result as CallResult).isError, undefined, JSON.stringify(r));
  }
  const spec = await Deno.readTextFile(`${root}/openspec/specs/rules/spec.md`);
  const merged = [...spec.matchAll(/### Requirement: Rule (-?\d+)/g)].map((m) => Number(m[1]));
  assertEquals(merged.sort((x, y) => x - y), [-1, 0, 1, 2, 3, 4, 5]);
  for (const s of [a, b]) {
    await s.closeStdin();
    await s.status();
  }
});
