import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { DomainError } from "../errors.ts";
import { testRepo, VALID_DELTA } from "./_test_repo.ts";
import { archiveChange } from "./archive_change.ts";
import { applyJournal, recoverJournals } from "./journal.ts";
import { openChange } from "./open_change.ts";
import { writeDocument } from "./write_document.ts";

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
  await openChange(repo, { title: "Greet", slug: "greet", template: "feature" }, "t");
  await writeDocument(
    repo,
    { slug: "greet", path: "specs/greet/spec.md", content: VALID_DELTA },
    "t",
  );
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

Deno.test("a journal left by a dead process is finished on recovery", async () => {
  const { fs } = testRepo({
    "openspec/changes/x/specs/cap/spec.md": VALID_DELTA,
    "openspec/changes/archive/.gitkeep": "",
  });
  const journal = {
    id: "j1",
    pid: 4242,
    writes: [{ path: "openspec/specs/cap/spec.md", text: "new spec\n" }],
    from: "openspec/changes/x",
    to: "openspec/changes/archive/2026-11-21-x",
    summaryPath: "openspec/.task-mcp/archived/2026-11-21-x.json",
    summary: { slug: "x" },
  };
  await fs.writeAtomic("openspec/.task-mcp/journal/j1.json", JSON.stringify(journal));
  assertEquals(await recoverJournals(fs, (pid) => pid === 4242), 0);
  assertEquals(await recoverJournals(fs, () => false), 1);
  assertEquals(await fs.readText("openspec/specs/cap/spec.md"), "new spec\n");
  assertEquals((await fs.stat("openspec/changes/archive/2026-11-21-x"))?.kind, "dir");
  assertEquals(await fs.list("openspec/.task-mcp/journal"), []);
  // Applying the same journal again changes nothing.
  await applyJournal(fs, journal);
  assertEquals(await fs.readText("openspec/specs/cap/spec.md"), "new spec\n");
});

Deno.test("recovery clears the temporary file of a journal whose write was killed", async () => {
  const { fs } = testRepo({ "openspec/changes/x/proposal.md": "# X\n" });
  await fs.writeAtomic("openspec/.task-mcp/journal/.j2.json.ab12cd34.1.tmp", '{"id":"j2","wr');
  assertEquals(await recoverJournals(fs, () => false), 0);
  assertEquals(await fs.list("openspec/.task-mcp/journal"), []);
  assertEquals(await fs.readText("openspec/changes/x/proposal.md"), "# X\n");
});

Deno.test("archiveChange creates changes/archive/ when the repository has none", async () => {
  const { repo, fs } = testRepo({ "openspec/changes/solo/specs/solo/spec.md": VALID_DELTA });
  const done = await archiveChange(repo, { slug: "solo" }, "t");
  assertEquals((await fs.stat(`openspec/changes/archive/${done.archivedAs}`))?.kind, "dir");
});
