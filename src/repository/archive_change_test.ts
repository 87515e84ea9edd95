import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { DomainError } from "../errors.ts";
import { openChange, openGreetChange, testRepo, VALID_DELTA, writeDocument } from "./_test_repo.ts";
import { archiveChange } from "./archive_change.ts";
import { FsError } from "../fs/file_system.ts";
import { applyJournal, hashText } from "./journal.ts";
import { recoverJournals } from "./recover_journals.ts";

Deno.test("archiveChange refuses placeholders and changes nothing", async () => {
  const { repo, fs } = testRepo();
  await openChange(repo, { title: "Greet", slug: "greet", template: "feature" }, "t");
  const error = await assertRejects(
    () => archiveChange(repo, { slug: "greet" }, "t"),
    DomainError,
  );
  assertEquals(error.code, "VALIDATION_FAILED");
  assertEquals((await fs.stat("openspec/changes/greet"))?.kind, "dir");
  assertEquals(await fs.stat("openspec/specs/greet"), undefined);
});

Deno.test("archiveChange merges, moves, writes a summary and a receipt", async () => {
  const { repo, fs } = testRepo();
  await openGreetChange(repo);
  const done = await archiveChange(repo, { slug: "greet" }, "t");
  assertEquals(done.archivedAs, "2026-11-21-greet");
  assertEquals(done.receipt.previousStatus, "draft");
  assertEquals(done.receipt.newStatus, "archived");
  const spec = await fs.readText("openspec/specs/greet/spec.md");
  assertStringIncludes(
    spec,
    "# greet Specification\n\n## Purpose\nTBD - created by archiving change greet.",
  );
  assertEquals(await fs.stat("openspec/changes/greet"), undefined);
  assertEquals((await fs.stat("openspec/changes/archive/2026-11-21-greet/tasks.md"))?.kind, "file");
  const again = await assertRejects(() => archiveChange(repo, { slug: "greet" }, "t"), DomainError);
  assertEquals(again.code, "CHANGE_ALREADY_ARCHIVED");
  const ops = (await fs.readText("openspec/.task-mcp/audit.jsonl")).trim().split("\n")
    .map((l) => JSON.parse(l).operation);
  assertEquals(ops, ["change.open", "change.write", "change.archive"]);
});

/** A journal as an archive of change `x` into capability `cap` writes it, before applying it. */
async function journalOf(before: string | null, after: string) {
  return {
    version: 2 as const,
    id: "j1",
    writes: [{
      path: "openspec/specs/cap/spec.md",
      before: await hashText(before),
      beforeText: before,
      after: await hashText(after),
      text: after,
    }],
    from: "openspec/changes/x",
    to: "openspec/changes/archive/2026-11-21-x",
    summaryPath: "openspec/.task-mcp/archived/2026-11-21-x.json",
    summary: { slug: "x" },
  };
}

Deno.test("a journal left by a killed process is finished on recovery", async () => {
  const { fs } = testRepo({
    "openspec/changes/x/specs/cap/spec.md": VALID_DELTA,
    "openspec/changes/x/.tasks.md.0a1b2c3d.4.tmp": "- [x] half",
    "openspec/specs/cap/spec.md": "old spec\n",
  });
  const journal = await journalOf("old spec\n", "new spec\n");
  await fs.writeAtomic("openspec/.task-mcp/journal/j1.json", JSON.stringify(journal));
  assertEquals((await recoverJournals(fs)).completed, 1);
  assertEquals(await fs.readText("openspec/specs/cap/spec.md"), "new spec\n");
  // The change moved without the temporary file a killed write left in it.
  assertEquals(
    (await fs.tree("openspec/changes/archive/2026-11-21-x")).map((e) => e.path).sort(),
    ["specs", "specs/cap", "specs/cap/spec.md"],
  );
  assertEquals(await fs.list("openspec/.task-mcp/journal"), []);
  // Applying the same journal again changes nothing.
  await applyJournal(fs, journal);
  assertEquals(await fs.readText("openspec/specs/cap/spec.md"), "new spec\n");
});

Deno.test("a journal over content written since is set aside, never replayed", async () => {
  const { fs } = testRepo({
    "openspec/changes/x/specs/cap/spec.md": VALID_DELTA,
    "openspec/specs/cap/spec.md": "spec with y merged\n",
  });
  await fs.writeAtomic(
    "openspec/.task-mcp/journal/j1.json",
    JSON.stringify(await journalOf("old spec\n", "new spec\n")),
  );
  // An older version's journal, with no before-state to check against.
  await fs.writeAtomic("openspec/.task-mcp/journal/j0.json", JSON.stringify({ writes: [] }));
  const recovery = await recoverJournals(fs);
  assertEquals(recovery.completed, 0);
  assertEquals(recovery.setAside.map((s) => s.journal).sort(), [
    "openspec/.task-mcp/journal/failed/j0.json",
    "openspec/.task-mcp/journal/failed/j1.json",
  ]);
  assertEquals(await fs.readText("openspec/specs/cap/spec.md"), "spec with y merged\n");
  assertEquals((await fs.stat("openspec/changes/x"))?.kind, "dir");
  // Set aside once: the next recovery has nothing to do.
  assertEquals((await recoverJournals(fs)).setAside, []);
});

Deno.test("an archive that fails half-way is undone at once, leaving the change active", async () => {
  const { repo, fs } = testRepo({
    "openspec/specs/aaa/spec.md": "# aaa Specification\n\n## Purpose\nA.\n\n## Requirements\n",
  });
  await openChange(repo, { title: "Two", slug: "two", template: "feature" }, "t");
  await writeDocument(repo, { slug: "two", path: "specs/aaa/spec.md", content: VALID_DELTA }, "t");
  await writeDocument(repo, { slug: "two", path: "specs/zzz/spec.md", content: VALID_DELTA }, "t");
  await fs.remove("openspec/changes/two/specs/two");
  const before = await fs.readText("openspec/specs/aaa/spec.md");
  // The disk fills up after the first main spec is written.
  let specWrites = 0;
  const full = {
    ...fs,
    writeAtomic: (path: string, text: string) =>
      path.startsWith("openspec/specs/") && ++specWrites === 2
        ? Promise.reject(new FsError("IO", path, "No space left on device"))
        : fs.writeAtomic(path, text),
  };
  const error = await assertRejects(
    () => archiveChange({ ...repo, fs: full }, { slug: "two" }, "t"),
    FsError,
  );
  assertStringIncludes(error.message, "No space left");
  // aaa merged, zzz refused, aaa given its content back.
  assertEquals(specWrites, 3);
  assertEquals(await fs.readText("openspec/specs/aaa/spec.md"), before);
  assertEquals(await fs.stat("openspec/specs/zzz/spec.md"), undefined);
  assertEquals((await fs.stat("openspec/changes/two"))?.kind, "dir");
  assertEquals(await fs.list("openspec/.task-mcp/journal"), []);
});

Deno.test("recovery clears the temporary file of a journal whose write was killed", async () => {
  const { fs } = testRepo({ "openspec/changes/x/proposal.md": "# X\n" });
  await fs.writeAtomic("openspec/.task-mcp/journal/.j2.json.ab12cd34.1.tmp", '{"id":"j2","wr');
  assertEquals((await recoverJournals(fs)).completed, 0);
  assertEquals(await fs.list("openspec/.task-mcp/journal"), []);
  assertEquals(await fs.readText("openspec/changes/x/proposal.md"), "# X\n");
});

Deno.test("archiveChange creates changes/archive/ when the repository has none", async () => {
  const { repo, fs } = testRepo({ "openspec/changes/solo/specs/solo/spec.md": VALID_DELTA });
  const done = await archiveChange(repo, { slug: "solo" }, "t");
  assertEquals((await fs.stat(`openspec/changes/archive/${done.archivedAs}`))?.kind, "dir");
});
