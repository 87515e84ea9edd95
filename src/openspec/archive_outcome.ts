/** Per-spec archive decisions: write, retire or skip, and the rebuilt-spec validation abort. @module */
import type { MarkerState } from "./change_metadata.ts";
import { MESSAGES } from "./messages.ts";
import type { MergeSuccess } from "./spec_merge.ts";
import { validateSpec } from "./spec_validation.ts";

/** A merged spec awaiting its write/retire decision. */
export interface PreparedSpec {
  id: string;
  /** The main spec before the merge (undefined when the capability is new). */
  target: string | undefined;
  merged: MergeSuccess;
  outcome: "write" | "retire" | "skip";
}

/** True when the only thing wrong with the rebuilt spec is that it has no requirements. */
function isRetirable(id: string, rebuilt: string): boolean {
  const errors = validateSpec(id, rebuilt).filter((issue) => issue.level === "ERROR");
  return errors.length > 0 &&
    errors.every((issue) => issue.message === MESSAGES.SPEC_NO_REQUIREMENTS);
}

/**
 * Retire only when `retire_capabilities` is declared, the spec lost its last requirement
 * in this run, and nothing in it would be deleted unaccounted; a spec that is already
 * gone is skipped.
 */
export function decideOutcome(
  spec: Omit<PreparedSpec, "outcome">,
  retirementDeclared: boolean,
): PreparedSpec["outcome"] {
  if (!retirementDeclared) return "write";
  const { merged } = spec;
  const retirable = merged.noRequirementBlocks && merged.unaccountedContent.length === 0 &&
    isRetirable(spec.id, merged.rebuilt);
  if (!retirable) return "write";
  if (spec.target === undefined) return "skip";
  return merged.counts.removed > 0 ? "retire" : "write";
}

/** Up to three offending lines, quoted and clipped, plus a count of the rest. */
function describeUnaccounted(lines: string[]): string {
  const shown = lines.slice(0, 3).map((line) => {
    // deno-lint-ignore no-control-regex
    const safe = [...line.replace(/[\u0000-\u001f\u007f]/g, "?")];
    const clipped = safe.slice(0, 200).join("");
    return `"${safe.length > 200 ? `${clipped}\u2026` : clipped}"`;
  }).join(", ");
  const rest = lines.length > 3 ? `, and ${lines.length - 3} more line(s)` : "";
  return `${shown}${rest}`;
}

/**
 * The `archive_spec_validation_failed` refusal when a rebuilt spec has errors, with the
 * CLI's fix text (retirement refusal, retirement hint, blocked-retirement hint or the
 * generic advice), or undefined when the spec may be written.
 */
export function rebuiltSpecFailure(
  spec: PreparedSpec,
  retire: MarkerState,
): { ok: false; code: string; message: string; details: string[]; fix: string } | undefined {
  const issues = validateSpec(spec.id, spec.merged.rebuilt);
  if (!issues.some((issue) => issue.level === "ERROR")) return undefined;
  const { merged, id } = spec;
  const unaccounted = merged.unaccountedContent;
  const emptiedByThisRun = spec.target !== undefined && merged.counts.removed > 0 &&
    merged.noRequirementBlocks &&
    isRetirable(id, merged.rebuilt);
  const invalidMarker = retire.invalidReason !== undefined
    ? ` The marker present now cannot be honored (${retire.invalidReason}).`
    : "";
  let fix: string | undefined;
  if (retire.declared && unaccounted.length > 0 && isRetirable(id, merged.rebuilt)) {
    fix = `'${id}' declares retire_capabilities, but the spec holds content the merge ` +
      `cannot safely account for and deleting the file would take with it: ${
        describeUnaccounted(unaccounted)
      }. ` +
      "Move it into `## Purpose` or a canonical requirement, or delete the spec by hand.";
  } else if (!retire.declared && emptiedByThisRun && unaccounted.length === 0) {
    fix =
      `This change removes the last requirement '${id}' has. To retire the capability and delete its spec, ` +
      "add `retire_capabilities: true` to the change's .openspec.yaml (alongside its `schema:`, which that file " +
      `requires), then rerun.${invalidMarker}`;
  } else if (!retire.declared && emptiedByThisRun) {
    fix =
      `This change removes the last requirement '${id}' has, so the rebuilt spec has none left and cannot be written. ` +
      "Retiring the capability is what archive does instead, and it is refused while the spec holds content the " +
      "merge cannot safely account for and deleting the file would take with it: " +
      `${describeUnaccounted(unaccounted)}. ` +
      `Move it into \`## Purpose\` or a canonical requirement, or delete the spec by hand, then rerun.${invalidMarker}`;
  }
  return {
    ok: false,
    code: "archive_spec_validation_failed",
    message: `Rebuilt spec for '${id}' failed validation. No files were changed.`,
    details: issues.filter((issue) => issue.level !== "INFO").map((issue) => issue.message),
    fix: fix ?? `Run openspec validate ${id} after fixing the change deltas.`,
  };
}
