import { assertEquals } from "@std/assert";
import { parseDeltaSpec } from "./delta_spec.ts";

Deno.test("parseDeltaSpec lists operations in show order with raw blocks", () => {
  const text = "## RENAMED Requirements\nFROM: ### Requirement: A\nTO: ### Requirement: B\n" +
    "## REMOVED Requirements\n### Requirement: C\n**Reason**: gone\n- `### Requirement: D`\n" +
    "## MODIFIED Requirements\n### Requirement: E\nThe system SHALL e.\n";
  assertEquals(parseDeltaSpec(text).operations, [
    { operation: "MODIFIED", name: "E", raw: "### Requirement: E\nThe system SHALL e." },
    {
      operation: "REMOVED",
      name: "C",
      raw: "### Requirement: C\n**Reason**: gone\n- `### Requirement: D`",
    },
    { operation: "REMOVED", name: "D" },
    { operation: "RENAMED", name: "B", from: "A" },
  ]);
});
