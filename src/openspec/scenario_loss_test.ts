import { assertEquals } from "@std/assert";
import { findScenarioLossIssues } from "./scenario_loss.ts";

const MAIN =
  "## Requirements\n### Requirement: A\nx\n#### Scenario: one\n- a\n#### Scenario: two\n- b\n";
const block = (name: string, ...scenarios: string[]) => ({
  headerLine: `### Requirement: ${name}`,
  name,
  raw: [
    `### Requirement: ${name}`,
    "The system SHALL x.",
    ...scenarios.map((s) => `#### Scenario: ${s}\n- a`),
  ].join("\n"),
});

Deno.test("a MODIFIED block under a rename's new name is compared with the old block", () => {
  const issues = findScenarioLossIssues("cap/spec.md", [block("B", "one")], [{
    from: "A",
    to: "B",
  }], MAIN);
  assertEquals(
    issues.map((i) =>
      i.message.startsWith('MODIFIED "B" omits scenario(s) the current spec still has: "two".')
    ),
    [
      true,
    ],
  );
  assertEquals(findScenarioLossIssues("cap/spec.md", [block("A", "one", "two")], [], MAIN), []);
  assertEquals(findScenarioLossIssues("cap/spec.md", [block("Z")], [], MAIN), []);
});
