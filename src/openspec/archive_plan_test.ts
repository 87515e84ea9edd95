import { assertEquals } from "@std/assert";
import { planArchive } from "./archive_plan.ts";
import type { ChangeFiles } from "./types.ts";

const SMALL =
  "# small Specification\n\n## Purpose\nA tiny capability that exists only to be retired by archive.\n\n" +
  "## Requirements\n\n### Requirement: Only\nThe system SHALL do it.\n\n#### Scenario: s\n- **WHEN** a\n- **THEN** b\n";
const REMOVE_ONLY = "## REMOVED Requirements\n\n- `### Requirement: Only`\n";

function change(delta: string, metadataText?: string): ChangeFiles {
  const files: ChangeFiles = { name: "c", specFiles: [{ path: "small/spec.md", text: delta }] };
  if (metadataText !== undefined) files.metadataText = metadataText;
  return files;
}

Deno.test("CRLF specs stay CRLF after an update", () => {
  const plan = planArchive(
    change(
      "## ADDED Requirements\n\n### Requirement: Two\nThe system SHALL two.\n\n#### Scenario: t\n- **WHEN** a\n",
    ),
    () => SMALL.replace(/\n/g, "\r\n"),
  );
  assertEquals(plan.ok && plan.specs[0]?.action, "update");
  assertEquals(plan.ok && plan.specs[0]?.text?.includes("\r\n### Requirement: Two\r\n"), true);
  assertEquals(plan.ok && plan.specs[0]?.text?.replace(/\r\n/g, "").includes("\n"), false);
});

Deno.test("removing the last requirement needs retire_capabilities", () => {
  const refused = planArchive(change(REMOVE_ONLY), () => SMALL);
  assertEquals(refused.ok ? undefined : [refused.code, refused.fix?.slice(0, 60)], [
    "archive_spec_validation_failed",
    "This change removes the last requirement 'small' has. To ret",
  ]);
  const retired = planArchive(
    change(REMOVE_ONLY, "schema: spec-driven\nretire_capabilities: true\n"),
    () => SMALL,
  );
  assertEquals(retired.ok && retired.specs, [{
    capability: "small",
    action: "delete",
    counts: { added: 0, modified: 0, removed: 1, renamed: 0 },
  }]);
  assertEquals(retired.ok && retired.warnings, [
    'small - capability retired; deleted the main spec (all requirements removed, declared by retire_capabilities) at openspec/specs/small/spec.md. Its section(s) went with it: Purpose. If it was committed, restore it with: git checkout HEAD -- ":(top)openspec/specs/small/spec.md"',
  ]);
});

Deno.test("no-op deltas leave specs untouched but report zero totals", () => {
  const plan = planArchive(
    change("## REMOVED Requirements\n\n- `### Requirement: Gone`\n"),
    () => SMALL,
  );
  assertEquals(plan.ok && [plan.specs[0]?.action, plan.specsUpdated, plan.totals], [
    "unchanged",
    false,
    { added: 0, modified: 0, removed: 0, renamed: 0 },
  ]);
});

Deno.test("--skip-specs and zero-delta changes omit totals; invalid deltas block", () => {
  assertEquals(planArchive(change(REMOVE_ONLY), () => SMALL, { skipSpecs: true }), {
    ok: true,
    specs: [],
    specsUpdated: false,
    warnings: [],
  });
  const blocked = planArchive(
    change("## ADDED Requirements\n\n### Requirement: X\nThe system SHALL x.\n"),
    () => SMALL,
  );
  assertEquals(blocked.ok ? undefined : [blocked.code, blocked.message, blocked.details], [
    "archive_validation_failed",
    "Validation failed for change 'c'.",
    ['ADDED "X" must include at least one scenario'],
  ]);
});
