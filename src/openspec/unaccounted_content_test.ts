import { assertEquals } from "@std/assert";
import { extractRequirementsSection } from "./requirements_section.ts";
import { firstForeignTail, unaccountedContent } from "./unaccounted_content.ts";

Deno.test("only title, Purpose, headers, statements and scenario bullets are accounted for", () => {
  const spec = "# cap Specification\n\n## Purpose\nWhy it exists.\n\n## Requirements\n\n" +
    "### Requirement: A\nThe system SHALL a.\n\n#### Scenario: s\n- **WHEN** a\n  wrapped line\n- **THEN** b\n";
  assertEquals(unaccountedContent(extractRequirementsSection(spec)), []);
  const extra = spec + "\n- a note after the scenario\n| table |\n## Notes\nKeep.\n";
  // Sections after the requirements come first, then lines inside blocks.
  assertEquals(unaccountedContent(extractRequirementsSection(extra)), [
    "## Notes",
    "Keep.",
    "- a note after the scenario",
    "| table |",
  ]);
});

Deno.test("a stray heading inside a block is its foreign tail", () => {
  assertEquals(firstForeignTail("### Requirement: A\nbody\n#### Scenario: s\n### Notes\nnote\n"), {
    heading: "### Notes",
    raw: "### Notes\nnote",
  });
  assertEquals(firstForeignTail("### Requirement: A\n```\n# not a heading\n```"), undefined);
});
