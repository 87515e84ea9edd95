import { assertEquals } from "@std/assert";
import { changeTitle, showChange } from "./change_show.ts";

Deno.test("the title is the first H1 without a Change: prefix, else the id", () => {
  assertEquals(changeTitle("c", "# Change: Add auth\n## Why\n"), "Add auth");
  assertEquals(changeTitle("c", "## Why\n# Later title\n"), "Later title");
  assertEquals(changeTitle("c", "# Proposal\n"), "c");
  assertEquals(changeTitle("c", "## Why\n"), "c");
  assertEquals(changeTitle("c", undefined), "c");
  assertEquals(changeTitle("c", "---\n# comment\n---\n# Real\n"), "comment");
});

Deno.test("show needs a proposal with Why and What Changes", () => {
  assertEquals(showChange({ name: "c", specFiles: [] }), {
    ok: false,
    message:
      'Change "c" has no proposal.md yet. Run "openspec status --change c" to see which artifact comes next.',
  });
  assertEquals(
    showChange({ name: "c", specFiles: [], proposalText: "# T\n## What Changes\nx\n" }),
    {
      ok: false,
      message: "Change must have a Why section",
    },
  );
});

Deno.test("deltas come ADDED, MODIFIED, REMOVED, RENAMED per spec file", () => {
  const delta =
    "## RENAMED Requirements\n- FROM: `### Requirement: A`\n- TO: `### Requirement: B`\n" +
    "## REMOVED Requirements\n- `### Requirement: Old`\n" +
    "## ADDED Requirements\n### Requirement: New\nThe system SHALL n.\n\n#### Scenario: s\n- **WHEN** a\n";
  const shown = showChange({
    name: "c",
    proposalText: "# Change: T\n## Why\nBecause.\n## What Changes\n- x\n",
    specFiles: [{ path: "cap/spec.md", text: delta }],
  });
  assertEquals(shown.ok && shown.value, {
    id: "c",
    title: "T",
    deltaCount: 3,
    deltas: [
      {
        spec: "cap",
        operation: "ADDED",
        description: "Add requirement: The system SHALL n.",
        requirement: { text: "The system SHALL n.", scenarios: [{ rawText: "- **WHEN** a" }] },
        requirements: [{ text: "The system SHALL n.", scenarios: [{ rawText: "- **WHEN** a" }] }],
      },
      {
        spec: "cap",
        operation: "REMOVED",
        description: "Remove requirement: Requirement: Old",
        requirement: { text: "Requirement: Old", scenarios: [] },
        requirements: [{ text: "Requirement: Old", scenarios: [] }],
      },
      {
        spec: "cap",
        operation: "RENAMED",
        description: 'Rename requirement from "A" to "B"',
        rename: { from: "A", to: "B" },
      },
    ],
  });
});
