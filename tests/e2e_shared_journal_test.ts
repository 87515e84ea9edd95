/**
 * The archive journal when a repository is shared or the disk misbehaves: a journal a killed
 * server left is finished before anyone archives on top of it, never replayed over later
 * merges; an archive that fails on a full disk is undone at once; a journal that cannot be
 * settled is set aside with a log line and never stops a start.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { startHttpServer } from "./helpers/http_server.ts";
import { callTool, initialize, type RawServer, spawnRaw } from "./helpers/raw.ts";
import { copyDir } from "./helpers/repo.ts";
import { assertRulesConsistent, ruleDelta, seedRules } from "./helpers/rules_repo.ts";
import { mountTmpfs, noTmpfs, scratchProject } from "./helpers/shared_volume.ts";
import { eachTarget, type Target } from "./helpers/targets.ts";

/** Calls a tool; resolves to the error code, or `undefined` on success. */
async function tool(server: RawServer, name: string, args: Record<string, unknown>) {
  const result = await callTool(server, name, args);
  return result.isError ? result.structuredContent?.error?.code ?? "?" : undefined;
}

/** Starts a stdio server, lets `fn` use it, closes it and returns its exit code and stderr. */
async function session(
  t: Target,
  root: string,
  fn: (s: RawServer) => Promise<void> = async () => {},
) {
  const server = spawnRaw(t, root);
  await initialize(server);
  await fn(server);
  await server.closeStdin();
  return { code: (await server.status()).code, stderr: await server.stderr() };
}

const sha256 = async (text: string) =>
  Array.from(
    new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");

const listDir = (dir: string) => Array.from(Deno.readDirSync(dir)).map((e) => e.name).sort();

eachTarget(
  "a journal a killed server left is finished first, never replayed over a later archive",
  async (t) => {
    const root = await scratchProject();
    await seedRules(root, 2);
    const spec = `${root}/openspec/specs/rules/spec.md`;
    const before = await Deno.readTextFile(spec);
    // What server A journaled right before its kill: the archive of rule-0, as made for real in a copy.
    const copy = await scratchProject();
    await copyDir(`${root}/openspec`, `${copy}/openspec`);
    await session(
      t,
      copy,
      async (s) => assertEquals(await tool(s, "change_archive", { slug: "rule-0" }), undefined),
    );
    const after = await Deno.readTextFile(`${copy}/openspec/specs/rules/spec.md`);
    const archivedAs = listDir(`${copy}/openspec/changes/archive`)[0]!;
    const summaryPath = `openspec/.task-mcp/archived/${archivedAs}.json`;
    const journal = {
      version: 2,
      id: "killed-a",
      pid: 4_000_000,
      writes: [{
        path: "openspec/specs/rules/spec.md",
        before: await sha256(before),
        beforeText: before,
        after: await sha256(after),
        text: after,
      }],
      from: "openspec/changes/rule-0",
      to: `openspec/changes/archive/${archivedAs}`,
      summaryPath,
      summary: JSON.parse(await Deno.readTextFile(`${copy}/${summaryPath}`)),
    };
    // Server B has served the root since before A died; it archives rule-1 into the same spec.
    const { code } = await session(t, root, async (b) => {
      await Deno.mkdir(`${root}/openspec/.task-mcp/journal`, { recursive: true });
      await Deno.writeTextFile(
        `${root}/openspec/.task-mcp/journal/killed-a.json`,
        JSON.stringify(journal),
      );
      assertEquals(await tool(b, "change_archive", { slug: "rule-1" }), undefined);
    });
    assertEquals(code, 0);
    // A restart finds nothing to replay: rule-1's requirement stays, rule-0 is archived whole.
    assertEquals((await session(t, root)).code, 0);
    const archived = await assertRulesConsistent(root, 2, "after restart");
    assertEquals([...archived].sort(), [0, 1]);
  },
);

eachTarget(
  "an archive that fails on a full disk changes nothing; a later archive survives restart",
  async (t) => {
    const disk = await mountTmpfs(8192);
    try {
      const root = disk.dir;
      await seedRules(root, 1);
      const spec = `${root}/openspec/specs/rules/spec.md`;
      const before = await Deno.readTextFile(spec);
      // Change `big` merges 600 KB into two capabilities: whichever goes first fits, the other not.
      const big = `${root}/openspec/changes/big`;
      for (const cap of ["rules", "zzz"]) {
        await Deno.mkdir(`${big}/specs/${cap}`, { recursive: true });
        await Deno.writeTextFile(
          `${big}/specs/${cap}/spec.md`,
          ruleDelta(100).replace("apply rule 100.", "keep this rule. ".repeat(37_500)),
        );
      }
      await Deno.writeTextFile(
        `${big}/.openspec.yaml`,
        "schema: spec-driven\ncreated: 2026-01-01\n",
      );
      const { code } = await session(t, root, async (s) => {
        // Room for the journal (about 1.2 MB) and one of the two specs.
        const filler = (await disk.available()) - 2_100_000;
        await Deno.writeFile(`${root}/filler`, new Uint8Array(filler));
        assertEquals(await tool(s, "change_archive", { slug: "big" }), "STORAGE_ERROR");
        assertEquals(await Deno.readTextFile(spec), before, "the main spec is not half-merged");
        assertEquals(listDir(`${root}/openspec/specs`), ["rules"]);
        assertEquals(listDir(big), [".openspec.yaml", "specs"]);
        assertEquals(listDir(`${root}/openspec/.task-mcp/journal`), []);
        // Space is freed; rule-0 is archived into the same spec.
        await Deno.remove(`${root}/filler`);
        assertEquals(await tool(s, "change_archive", { slug: "rule-0" }), undefined);
      });
      assertEquals(code, 0);
      assertEquals((await session(t, root)).code, 0);
      const merged = await Deno.readTextFile(spec);
      assertStringIncludes(merged, "### Requirement: Rule 0");
      assert(!merged.includes("Rule 100"), "big is not archived");
      assertEquals(listDir(big), [".openspec.yaml", "specs"]);
    } finally {
      await disk.close();
    }
  },
  { ignore: noTmpfs !== undefined },
);

eachTarget(
  "an archive into a main spec linked out of the root is refused and leaves no journal",
  async (t) => {
    const root = await scratchProject();
    const outside = await scratchProject();
    await seedRules(root, 1);
    const spec = `${root}/openspec/specs/rules/spec.md`;
    await Deno.rename(spec, `${outside}/spec.md`);
    await Deno.symlink(`${outside}/spec.md`, spec);
    const text = await Deno.readTextFile(`${outside}/spec.md`);
    const { code } = await session(t, root, async (s) => {
      assertEquals(await tool(s, "change_archive", { slug: "rule-0" }), "PATH_NOT_ALLOWED");
    });
    assertEquals(code, 0);
    assertEquals(await Deno.readTextFile(`${outside}/spec.md`), text);
    assertEquals(listDir(`${root}/openspec/changes`), ["archive", "rule-0"]);
    const journal = await Array.fromAsync(Deno.readDir(`${root}/openspec/.task-mcp/journal`)).catch(
      () => [],
    );
    assertEquals(journal, []);
    // And the next start is a normal one.
    assertEquals((await session(t, root)).code, 0);
  },
);

eachTarget(
  "a journal that cannot be applied is set aside with a log line; stdio and serve start",
  async (t) => {
    for (const mode of ["stdio", "serve"]) {
      const root = await scratchProject();
      const outside = await scratchProject();
      await seedRules(root, 1);
      await Deno.writeTextFile(`${outside}/spec.md`, "# Not ours\n");
      await Deno.remove(`${root}/openspec/specs/rules/spec.md`);
      await Deno.symlink(`${outside}/spec.md`, `${root}/openspec/specs/rules/spec.md`);
      const dir = `${root}/openspec/.task-mcp/journal`;
      await Deno.mkdir(dir, { recursive: true });
      await Deno.writeTextFile(
        `${dir}/j1.json`,
        JSON.stringify({
          id: "j1",
          pid: 4_000_000,
          writes: [{ path: "openspec/specs/rules/spec.md", text: "# Overwritten\n" }],
          from: "openspec/changes/rule-0",
          to: "openspec/changes/archive/2026-01-01-rule-0",
          summaryPath: "openspec/.task-mcp/archived/2026-01-01-rule-0.json",
          summary: {},
        }),
      );
      let stderr: string;
      if (mode === "stdio") {
        const done = await session(t, root, async (s) => {
          assertEquals(await tool(s, "changes_active", {}), undefined);
        });
        assertEquals(done.code, 0);
        stderr = done.stderr;
      } else {
        const server = await startHttpServer(t, root, { env: { RATE_LIMIT: "0" } });
        const res = await fetch(`${server.url}/sse`, {
          method: "POST",
          headers: { Accept: "application/json" },
          body: JSON.stringify({ tool: "changes.active", input: {} }),
        });
        assertEquals(res.status, 200);
        await res.body?.cancel();
        stderr = server.stderr().join("\n");
        assertEquals((await server.stop()).code, 0);
      }
      assertStringIncludes(stderr, "set aside an archive journal");
      assertEquals(listDir(dir), ["failed"]);
      assertEquals(listDir(`${dir}/failed`), ["j1.json"]);
      assertEquals(await Deno.readTextFile(`${outside}/spec.md`), "# Not ours\n", mode);
    }
  },
);
