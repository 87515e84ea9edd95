import { assertEquals } from "@std/assert";
import { createApp } from "./app.ts";
import { createMemoryFileSystem } from "./fs/memory.ts";

const JOURNAL = "openspec/.task-mcp/journal";

Deno.test("start-up recovery leaves set-aside journals to a person, and reports what it does", async () => {
  const fs = createMemoryFileSystem({ files: { [`${JOURNAL}/failed/j0.json`]: "{}" } });
  const warnings: string[] = [];
  const app = createApp({ fs, logWarn: (msg) => warnings.push(msg) });
  // Only a set-aside journal: nothing to recover, the lock is not even taken.
  assertEquals(await app.recover(), undefined);
  assertEquals(await fs.stat("openspec/.task-mcp/lock"), undefined);
  await fs.writeAtomic(`${JOURNAL}/j1.json`, "not json");
  const done = await app.recover();
  assertEquals(done?.setAside.map((s) => s.journal), [`${JOURNAL}/failed/j1.json`]);
  assertEquals(warnings, ["set aside an archive journal that can be neither finished nor undone"]);
  app.close();
});

Deno.test("every mutation first settles journals another process left", async () => {
  const fs = createMemoryFileSystem();
  const app = createApp({ fs });
  // Appears while this server runs: another one, holding the lock, failed to undo its archive.
  await fs.writeAtomic(`${JOURNAL}/j2.json`, JSON.stringify({ writes: [] }));
  await app.deps.serialize(() => Promise.resolve());
  assertEquals((await fs.list(JOURNAL)).map((e) => e.name), ["failed"]);
  app.close();
});
