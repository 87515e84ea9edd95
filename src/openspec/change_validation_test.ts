import { assertEquals } from "@std/assert";
import { validateChange } from "./change_validation.ts";
import type { ChangeFiles } from "./types.ts";

const MAIN = "# orders Specification\n\n## Purpose\nOrders.\n\n## Requirements\n\n" +
  "### Requirement: Place order\nThe system SHALL place.\n\n#### Scenario: Successful order\n- **WHEN** a\n- **THEN** b\n";
const REQ =
  "### Requirement: Refunds\nThe system SHALL refund.\n\n#### Scenario: Refund\n- **WHEN** a\n- **THEN** b\n";

function change(files: Record<string, string>, extra: Partial<ChangeFiles> = {}): ChangeFiles {
  return {
    name: "c",
    specFiles: Object.entries(files).map(([path, text]) => ({ path, text })),
    ...extra,
  };
}
const reader = (capability: string) => capability === "orders" ? MAIN : undefined;

Deno.test("a minimal change with one ADDED requirement is valid and silent", () => {
  assertEquals(
    validateChange(change({ "orders/spec.md": `## ADDED Requirements\n\n${REQ}` }), reader),
    [],
  );
});

Deno.test("a change without deltas fails; skip_specs turns that into an INFO", () => {
  const [error] = validateChange(change({}), reader);
  assertEquals(
    error?.message.startsWith("Change must have at least one delta. No deltas found."),
    true,
  );
  assertEquals(
    validateChange(change({}, { metadataText: "schema: spec-driven\nskip_specs: true\n" }), reader),
    [{
      level: "INFO",
      path: "file",
      message:
        "skip_specs is set in .openspec.yaml: change declares no spec-level behavior changes, zero deltas accepted",
    }],
  );
});

Deno.test("archive refusals are INFO and scenario loss is an ERROR", () => {
  const modified =
    "## MODIFIED Requirements\n\n### Requirement: Place order\nThe system SHALL place fast.\n\n" +
    "#### Scenario: Fast\n- **WHEN** a\n- **THEN** b\n";
  assertEquals(validateChange(change({ "orders/spec.md": modified }), reader).map((i) => i.level), [
    "ERROR",
  ]);
  const missing =
    "## MODIFIED Requirements\n\n### Requirement: Nope\nThe system SHALL x.\n\n#### Scenario: s\n- **WHEN** a\n";
  assertEquals(validateChange(change({ "orders/spec.md": missing }), reader), [{
    level: "INFO",
    path: "orders/spec.md",
    message:
      'Archive would refuse this delta: orders MODIFIED failed for header "### Requirement: Nope" - not found',
  }]);
});

Deno.test("tasks.md warnings run only for a resolvable spec-driven schema", () => {
  const files = { "orders/spec.md": `## ADDED Requirements\n\n${REQ}` };
  const tasksText = "## 1. Work\n- plain item\n";
  assertEquals(validateChange(change(files, { tasksText }), reader).map((i) => [i.path, i.line]), [[
    "tasks.md",
    2,
  ]]);
  assertEquals(
    validateChange(change(files, { tasksText, metadataText: "schema: custom\n" }), reader),
    [],
  );
});
