import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { openChange, openGreetChange, testRepo, VALID_DELTA, writeDocument } from "./_test_repo.ts";
import { archiveChange } from "./archive_change.ts";
import { validate } from "./validate_change.ts";

const PROPOSAL = `# Greet

## Why
Users want to be greeted by name when they open the app, every single time.

## What Changes
- Greets users by name; the template is rendered with \`{{.Name}}\` and JSX \`animate={{x}}\`.

## Impact
- {{Affected code, APIs, dependencies or systems}}
`;

Deno.test("placeholders outside delta specs warn without failing strict validation", async () => {
  const { repo } = testRepo();
  await openGreetChange(repo);
  await writeDocument(repo, { slug: "greet", path: "proposal.md", content: PROPOSAL }, "t");
  const report = await validate(repo, "greet", true);
  const placeholders = report.issues.filter((i) => i.message.includes("placeholder"));
  assert(placeholders.length > 0 && placeholders.every((i) => i.level === "WARNING"));
  assert(placeholders.some((i) => i.path === "proposal.md" && i.line === 10));
  assert(!placeholders.some((i) => i.message.includes(".Name") || i.message.includes("x}}")));
  assertEquals([report.valid, report.archivable, report.archiveBlockers], [true, true, []]);
  // …and archive, which validate promised, goes through.
  assertEquals((await archiveChange(repo, { slug: "greet" }, "t")).archivedAs, "2026-11-21-greet");
});

Deno.test("validate says archive would refuse a delta spec with placeholders, and why", async () => {
  const { repo } = testRepo();
  await openChange(repo, { title: "Greet", slug: "greet", template: "feature" }, "t");
  const report = await validate(repo, "greet", false);
  assertEquals([report.valid, report.archivable], [false, false]);
  assertStringIncludes(report.archiveBlockers[0]!, "placeholder(s) left in specs/greet/spec.md");
  const error = await archiveChange(repo, { slug: "greet" }, "t").catch((e) => e);
  assertEquals(error.code, "VALIDATION_FAILED");
  assertStringIncludes(error.hint, 'change_write with slug "greet", path "specs/greet/spec.md"');
});

Deno.test("validate reports an archive folder already taken as a blocker", async () => {
  const { repo, fs } = testRepo();
  await openGreetChange(repo);
  await fs.writeAtomic("openspec/changes/archive/2026-11-21-greet/proposal.md", "# Old\n");
  const report = await validate(repo, "greet", true);
  assertEquals(report.archivable, false);
  assertEquals(report.archiveBlockers, ["Archive '2026-11-21-greet' already exists"]);
});

Deno.test("template syntax in a delta spec is no placeholder: validate and archive accept it", async () => {
  const { repo, fs } = testRepo();
  await openChange(repo, { title: "Ship", slug: "ship", template: "chore" }, "t");
  const delta = VALID_DELTA.replace(
    "The system SHALL greet the user by name.",
    "The system SHALL list containers as `docker ps --format '{{.Names}}'` does, read " +
      "`{{ secrets.NPM_TOKEN }}` in CI, render {{ user.name | title }} with Jinja and animate " +
      "with <motion.div animate={{ opacity: 1 }} />.",
  );
  await writeDocument(repo, { slug: "ship", path: "specs/ship/spec.md", content: delta }, "t");
  const report = await validate(repo, "ship", true);
  assertEquals(report.issues.filter((i) => i.level === "ERROR"), []);
  assertEquals(report.archivable, true);
  await archiveChange(repo, { slug: "ship" }, "t");
  assertStringIncludes(await fs.readText("openspec/specs/ship/spec.md"), "{{.Names}}");
});
