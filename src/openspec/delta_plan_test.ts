import { assertEquals } from "@std/assert";
import { hasDeltaSections, parseDeltaPlan } from "./delta_plan.ts";

Deno.test("sections are matched case-insensitively and repeated copies merge in order", () => {
  const plan = parseDeltaPlan(
    "\uFEFF# Title\r\n## added requirements\r\n### Requirement: A\r\nThe system SHALL a.\r\n" +
      "## Notes\r\n## ADDED Requirements\r\n###requirement: B ###\r\n",
  );
  assertEquals(plan.added.map((b) => [b.name, b.raw]), [
    ["A", "### Requirement: A\nThe system SHALL a."],
    ["B", "###requirement: B ###"],
  ]);
  assertEquals(hasDeltaSections(plan), true);
});

Deno.test("a near-miss title is not a delta section", () => {
  const plan = parseDeltaPlan(
    "## ADDED  Requirements\n### Requirement: A\n## ADDED Requirements:\n",
  );
  assertEquals(hasDeltaSections(plan), false);
  assertEquals(plan.orphanedRequirements, [{ name: "A", section: "ADDED  Requirements", line: 2 }]);
});

Deno.test("REMOVED accepts headers and -, * and + bullets; fences are ignored", () => {
  const plan = parseDeltaPlan(
    "## REMOVED Requirements\n### Requirement: A\n**Reason**: x\n- `### Requirement: B`\n* ### Requirement: C\n" +
      "+ `###Requirement: D`\n```\n- `### Requirement: Fenced`\n```\n",
  );
  assertEquals(plan.removed, ["A", "B", "C", "D"]);
  assertEquals(plan.removedBlocks.map((b) => b.name), ["A"]);
});

Deno.test("RENAMED pairs FROM with the next TO and reports every unpaired line", () => {
  const plan = parseDeltaPlan(
    "## RENAMED Requirements\nTO: ### Requirement: Lonely\n- FROM: `### Requirement: A`\n" +
      "- FROM: `### Requirement: B`\n* TO: `### Requirement: C`\n## RENAMED Requirements\nFROM: ### Requirement: D\n",
  );
  assertEquals(plan.renamed, [{ from: "B", to: "C" }]);
  assertEquals(plan.unpairedRenames, [
    { side: "TO", name: "Lonely", line: 2 },
    { side: "FROM", name: "A", line: 3 },
    { side: "FROM", name: "D", line: 7 },
  ]);
});

Deno.test("non-requirement ### headers in ADDED/MODIFIED are noted and absorbed", () => {
  const plan = parseDeltaPlan(
    "## ADDED Requirements\n### Divider\n### Requirement: A\nThe system SHALL a.\n### Scenario: x\n# H1\n",
  );
  assertEquals(plan.skippedHeaders, [
    { header: "Divider", section: "ADDED Requirements", line: 2 },
    { header: "Scenario: x", section: "ADDED Requirements", line: 5 },
  ]);
  assertEquals(
    plan.added[0]?.raw,
    "### Requirement: A\nThe system SHALL a.\n### Scenario: x\n# H1",
  );
});
