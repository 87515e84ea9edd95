import { assertEquals } from "@std/assert";
import {
  containsShallOrMust,
  countEmptyScenarios,
  countScenarios,
  extractRequirementBody,
  extractRequirementText,
} from "./requirement_text.ts";

Deno.test("the body skips blanks, fences and metadata lines unless they are all there is", () => {
  assertEquals(
    extractRequirementBody([
      "",
      "  The system",
      "```",
      "SHALL",
      "```",
      "**ID**: 1",
      "MUST do.",
      "#### S",
    ]),
    "The system\nMUST do.",
  );
  assertEquals(
    extractRequirementBody(["**Reason**: x", "**Migration**: y"]),
    "**Reason**: x\n**Migration**: y",
  );
  assertEquals(extractRequirementText("Requirement: A", []), "Requirement: A");
});

Deno.test("scenarios count only with a body, and SHALL/MUST is uppercase and whole-word", () => {
  const lines = [
    "#### Scenario: a",
    "- x",
    "#### Scenario: empty",
    "",
    "##### deeper",
    "text",
    "### Other",
  ];
  assertEquals(countScenarios(lines), 2);
  assertEquals(countEmptyScenarios(["#### Bare", "### Next"]), 1);
  assertEquals(containsShallOrMust("It SHALL"), true);
  assertEquals(containsShallOrMust("It shall or MUSTN'T"), false);
  assertEquals(containsShallOrMust("MUSTARD"), false);
});
