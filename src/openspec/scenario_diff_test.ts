import { assertEquals } from "@std/assert";
import { describeScenarioBalance, diffScenarioNames } from "./scenario_diff.ts";

Deno.test("scenario names are compared with multiplicity and without decorations", () => {
  const current =
    "### Requirement: A\n#### Scenario: One ##\n#### Two\n#### Scenario: One\n```\n#### Fenced\n```";
  const incoming =
    "### Requirement: A\n#### scenario: One\n#### Two\n#### Three\n#### Four\n#### Five\n#### Six";
  const diff = diffScenarioNames(current, incoming);
  assertEquals(diff, {
    missing: ["One"],
    added: ["Three", "Four", "Five", "Six"],
    currentCount: 3,
    incomingCount: 6,
  });
  assertEquals(
    describeScenarioBalance(diff),
    'The modified block has 6 scenarios; the current spec has 3 scenarios. It adds 4 scenarios not in the current spec: "Three", "Four", "Five" and 1 more.',
  );
  assertEquals(
    describeScenarioBalance({ missing: ["x"], added: [], currentCount: 1, incomingCount: 0 }),
    "The modified block has 0 scenarios; the current spec has 1 scenario. It adds none.",
  );
});
