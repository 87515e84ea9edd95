import { assertEquals } from "@std/assert";
import { findMainSpecStructureIssues } from "./spec_structure.ts";

Deno.test("delta headers, stray and duplicate requirements are structure problems", () => {
  const text =
    "### Requirement: Early\n## Requirements\n### Requirement: A\n### Requirement: A ###\n" +
    "```\n### Requirement: A\n```\n## MODIFIED Requirements\n";
  assertEquals(findMainSpecStructureIssues(text).map((i) => [i.kind, i.line]), [
    ["requirement-outside-requirements", 1],
    ["duplicate-requirement", 4],
    ["delta-header", 8],
  ]);
  assertEquals(findMainSpecStructureIssues("## Requirements\n###Requirement: NoSpace\n"), []);
});
