import { assertEquals } from "@std/assert";
import { requirementCount } from "./requirement_count.ts";
import { validateSpec } from "./spec_validation.ts";

const GOOD =
  "# x Specification\n\n## Purpose\nThis capability exists to check that a valid main spec has no issues.\n\n" +
  "## Requirements\n\n### Requirement: A\nThe system SHALL a.\n\n#### Scenario: s\n- **WHEN** a\n- **THEN** b\n";

Deno.test("a valid main spec has no issues", () => {
  assertEquals(validateSpec("x", GOOD), []);
  assertEquals(requirementCount(GOOD), 1);
});

Deno.test("missing sections are one ERROR with the guide", () => {
  const [issue] = validateSpec("x", "# x\n\n## Requirements\n");
  assertEquals(issue?.path, "file");
  assertEquals(
    issue?.message.startsWith("Spec must have a Purpose section. Missing required sections."),
    true,
  );
  assertEquals(requirementCount("# x\n"), 0);
});

Deno.test("placeholder Purpose, missing scenario and missing SHALL", () => {
  const text =
    "# x\n\n## Purpose\nTBD - created by archiving change c. Update Purpose after archive.\n\n" +
    "## Requirements\n\n### Requirement: A\nThe system does a.\n";
  assertEquals(validateSpec("x", text).map((i) => [i.level, i.path, i.line]), [
    ["ERROR", "requirements.0.scenarios", undefined],
    ["WARNING", "overview", 4],
    ["WARNING", "requirements[0].scenarios", undefined],
    ["WARNING", "requirements[0]", undefined],
  ]);
});

Deno.test("an empty Requirements section and structure problems", () => {
  const text =
    "# x\n\n## Purpose\nShort.\n\n## Requirements\n\n## ADDED Requirements\n\n### Requirement: Out\nx\n";
  assertEquals(validateSpec("x", text).map((i) => [i.level, i.path, i.line]), [
    ["ERROR", "requirements", undefined],
    ["ERROR", "file", 8],
    ["ERROR", "file", 10],
    ["WARNING", "overview", undefined],
  ]);
});
