/**
 * Start-up after a kill, as the next server finds the repository: reads are served even from a
 * read-only root that recovery cannot write to, and the temporary files of killed writes are
 * cleared and never travel into the archive.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { startHttpServer } from "./helpers/http_server.ts";
import { callTool, initialize, spawnRaw } from "./helpers/raw.ts";
import { seedRules } from "./helpers/rules_repo.ts";
import { mountTmpfs, noTmpfs, scratchProject } from "./helpers/shared_volume.ts";
import { eachTarget } from "./helpers/targets.ts";

/** What a server killed in the middle of an archive leaves: its lock and (or not) its journal. */
async function leaveKilledServer(root: string, journal = true): Promise<void> {
  const state = `${root}/openspec/.task-mcp`;
  await Deno.mkdir(`${state}/lock`, { recursive: true });
  await Deno.writeTextFile(`${state}/lock/owner.0f3e9d1c.3`, JSON.stringify({ pid: 1 }));
  if (!journal) return;
  await Deno.mkdir(`${state}/journal`, { recursive: true });
  await Deno.writeTextFile(`${state}/journal/j1.json`, '{"id":"j1","writes":[]}');
}

eachTarget("a read-only root with a killed server's leftovers serves reads", async (t) => {
  const disk = await mountTmpfs(4096);
  try {
    const root = disk.dir;
    await seedRules(root, 1);
    await leaveKilledServer(root);
    await disk.readOnly(true);
    const server = spawnRaw(t, root);
    await initialize(server);
    const active = await callTool(server, "changes_active", {});
    assertEquals(active.isError, undefined, JSON.stringify(active));
    assertStringIncludes(JSON.stringify(active.structuredContent), '"rule-0"');
    const shown = await callTool(server, "change_show", { slug: "rule-0" });
    assertEquals(shown.isError, undefined, JSON.stringify(shown));
    await server.closeStdin();
    assertEquals((await server.status()).code, 0);
    assertStringIncludes(await server.stderr(), "recovery could not run at start-up");

    const http = await startHttpServer(t, root, { env: { RATE_LIMIT: "0" } });
    const res = await fetch(`${http.url}/sse`, {
      method: "POST",
      headers: { Accept: "application/json" },
      body: JSON.stringify({ tool: "change.show", input: { slug: "rule-0" } }),
    });
    assertEquals(res.status, 200, await res.clone().text());
    await res.body?.cancel();
    assertEquals((await http.stop()).code, 0);
  } finally {
    await disk.readOnly(false).catch(() => {});
    await disk.close();
  }
}, { ignore: noTmpfs !== undefined });

eachTarget("temporary files of killed writes are cleared and never archived", async (t) => {
  const root = await scratchProject();
  await seedRules(root, 2);
  await leaveKilledServer(root, false);
  const left = [
    "openspec/changes/rule-0/.tasks.md.0a1b2c3d.7.tmp",
    "openspec/changes/rule-1/specs/rules/.spec.md.0a1b2c3d.8.tmp",
    "openspec/specs/rules/.spec.md.0a1b2c3d.9.tmp",
  ];
  for (const path of left) await Deno.writeTextFile(`${root}/${path}`, "half a write");
  const exists = (path: string) => Deno.stat(`${root}/${path}`).then(() => true, () => false);
  const server = spawnRaw(t, root);
  // Recovery takes over the killed server's lock once its lease has run out, then sweeps.
  await initialize(server);
  for (const path of left) assert(!(await exists(path)), `${path} is left`);
  // A write killed after the start: its temporary file does not move with the change.
  await Deno.writeTextFile(`${root}/${left[0]}`, "half a write");
  assertEquals((await callTool(server, "change_archive", { slug: "rule-0" })).isError, undefined);
  await server.closeStdin();
  assertEquals((await server.status()).code, 0);
  const archive = `${root}/openspec/changes/archive`;
  const archived = [...Deno.readDirSync(archive)].map((e) => e.name);
  assertEquals(archived.length, 1);
  const files = [...Deno.readDirSync(`${archive}/${archived[0]}`)].map((e) => e.name).sort();
  assertEquals(files, [".openspec.yaml", "specs"]);
  assert(!(await exists(left[0]!)));
});
