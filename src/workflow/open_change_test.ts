import { assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { DomainError } from "../errors.ts";
import { testRepo } from "../repository/_test_repo.ts";
import { openChange } from "./open_change.ts";

const input = { title: "Add greeting", slug: "add-greeting", template: "feature" as const };

Deno.test("openChange writes the template's documents, metadata and the skeleton", async () => {
  const { repo, fs, events } = testRepo();
  const opened = await openChange(repo, { ...input, owner: "team-a", ttl: 120 }, "stdio");
  assertEquals(opened.files, [
    ".openspec.yaml",
    "design.md",
    "proposal.md",
    "specs/add-greeting/spec.md",
    "tasks.md",
  ]);
  const meta = await fs.readText("openspec/changes/add-greeting/.openspec.yaml");
  assertEquals(meta.split("\n").slice(0, 2), ["schema: spec-driven", "created: 2026-11-21"]);
  assertStringIncludes(meta, "owner: team-a");
  assertEquals(
    opened.expiresAt,
    new Date(new Date(2026, 10, 21, 12).getTime() + 120_000).toISOString(),
  );
  const proposal = await fs.readText("openspec/changes/add-greeting/proposal.md");
  assertStringIncludes(proposal, "# Add greeting\n\n## Why\n\n{{");
  assertStringIncludes(proposal, "### New Capabilities");
  assertEquals((await fs.stat("openspec/config.yaml"))?.kind, "file");
  assertEquals((await fs.stat("openspec/specs/.gitkeep"))?.kind, "file");
  assertEquals((await fs.list("openspec/.task-mcp/staging")).length, 0);
  const audit = (await fs.readText("openspec/.task-mcp/audit.jsonl")).trim().split("\n");
  assertEquals(JSON.parse(audit[0]!).caller, "stdio");
  assertEquals(events.length, 1);
});

Deno.test("openChange refuses an existing slug and a name the CLI would refuse", async () => {
  const { repo } = testRepo();
  await openChange(repo, input, "stdio");
  const exists = await assertRejects(() => openChange(repo, input, "stdio"), DomainError);
  assertEquals(exists.code, "CHANGE_ALREADY_EXISTS");
  const bad = await assertRejects(
    () => openChange(repo, { ...input, slug: "two--hyphens" }, "stdio"),
    DomainError,
  );
  assertEquals(bad.code, "INVALID_INPUT");
  assertStringIncludes(bad.message, "consecutive hyphens");
});

Deno.test("openChange uses the existing capability's Modified wording and drops Purpose", async () => {
  const { repo, fs } = testRepo({
    "openspec/specs/greeting/spec.md": "# greeting Specification\n",
  });
  await openChange(repo, { ...input, template: "bugfix", capability: "greeting" }, "stdio");
  const proposal = await fs.readText("openspec/changes/add-greeting/proposal.md");
  assertStringIncludes(proposal, "### Modified Capabilities");
  const spec = await fs.readText("openspec/changes/add-greeting/specs/greeting/spec.md");
  assertEquals(spec.startsWith("## ADDED Requirements"), true);
});

Deno.test("concurrent opens of one slug make one change", async () => {
  const { repo, fs } = testRepo();
  const results = await Promise.allSettled([
    openChange(repo, input, "a"),
    openChange(repo, input, "b"),
  ]);
  assertEquals(results.filter((r) => r.status === "fulfilled").length, 1);
  const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
  assertEquals((rejected.reason as DomainError).code, "CHANGE_ALREADY_EXISTS");
  assertEquals((await fs.list("openspec/.task-mcp/staging")).length, 0);
});
