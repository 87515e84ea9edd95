/** Applies one delta spec to its main spec in memory, exactly like archive's merge. @module */
import { buildCodeFenceMask } from "./code_fence.ts";
import { type DeltaPlan, parseDeltaPlan } from "./delta_plan.ts";
import { MIN_PURPOSE_LENGTH } from "./messages.ts";
import { buildSpecSkeleton, extractPurposeSection, readableOverview } from "./purpose_carry.ts";
import { extractRequirementsSection, type RequirementBlock } from "./requirements_section.ts";
import { checkDeltaConsistency } from "./merge_preconditions.ts";
import { applyOperations, type OperationCounts } from "./merge_operations.ts";
import { findMainSpecStructureIssues } from "./spec_structure.ts";
import { unaccountedContent } from "./unaccounted_content.ts";

/** Inputs of one merge. */
export interface MergeInput {
  capability: string;
  deltaText: string;
  /** The current main spec, or undefined when the capability is new. */
  targetText: string | undefined;
  changeName: string;
  /** Path of the main spec file as the CLI names it in the "delta Purpose ignored" warning. */
  targetPath: string;
}

/** A successful merge: the rebuilt LF text and what changed. */
export interface MergeSuccess {
  ok: true;
  rebuilt: string;
  counts: OperationCounts;
  warnings: string[];
  noRequirementBlocks: boolean;
  unaccountedContent: string[];
}

/** A refused merge with the CLI's message. */
export interface MergeFailure {
  ok: false;
  message: string;
}

/** Collapses runs of empty lines to one, except inside code fences (lines of spaces are not empty). */
function collapseBlankRuns(content: string): string {
  const lines = content.split("\n");
  const mask = buildCodeFenceMask(lines);
  const kept: string[] = [];
  let run = 0;
  lines.forEach((line, i) => {
    if (mask[i] || line !== "") {
      run = 0;
      kept.push(line);
      return;
    }
    run++;
    if (run === 1) kept.push(line);
  });
  return kept.join("\n");
}

function orphanWarnings(capability: string, plan: DeltaPlan): string[] {
  return plan.orphanedRequirements.map((orphan) => {
    const where = orphan.section ? `under "## ${orphan.section}"` : 'above the first "## " section';
    return `${capability} - requirement "${orphan.name}" (line ${orphan.line}) is ${where}, ` +
      "which is not a delta section, so it was not applied. " +
      "Move it under ADDED/MODIFIED/REMOVED/RENAMED Requirements.";
  });
}

/** The base text: the existing spec, or a skeleton (with the delta's Purpose when usable). */
function loadBase(
  input: MergeInput,
  plan: DeltaPlan,
  warnings: string[],
): MergeFailure | { text: string } {
  const { capability, changeName } = input;
  const deltaPurpose = extractPurposeSection(input.deltaText);
  if (input.targetText !== undefined) {
    if (deltaPurpose) {
      const existing = extractPurposeSection(input.targetText);
      if (existing && existing !== deltaPurpose) {
        warnings.push(
          `${capability} - delta Purpose ignored; ${capability} already has one. Edit ${input.targetPath} directly to change it.`,
        );
      }
    }
    return { text: input.targetText };
  }
  if (plan.modified.length > 0 || plan.renamed.length > 0) {
    return {
      ok: false,
      message:
        `${capability}: target spec does not exist; only ADDED requirements are allowed for new specs. MODIFIED and RENAMED operations require an existing spec.`,
    };
  }
  if (plan.removed.length > 0) {
    warnings.push(
      `${capability} - ${plan.removed.length} REMOVED requirement(s) ignored for new spec (nothing to remove).`,
    );
  }
  let text = buildSpecSkeleton(capability, changeName, deltaPurpose);
  const overview = deltaPurpose ? readableOverview(text) : undefined;
  if (deltaPurpose && !overview) {
    text = buildSpecSkeleton(capability, changeName);
    warnings.push(
      `${capability} - delta Purpose ignored (it would leave the new spec unreadable); wrote the placeholder Purpose instead.`,
    );
  } else if (overview && overview.length < MIN_PURPOSE_LENGTH) {
    warnings.push(
      `${capability} - carried Purpose is under ${MIN_PURPOSE_LENGTH} characters; openspec validate --strict reports it as too brief.`,
    );
  }
  return { text };
}

/**
 * Rebuilds one main spec from a delta: preconditions, RENAMED → REMOVED → MODIFIED →
 * ADDED, then reassembly with one blank line between parts and one trailing LF.
 */
export function mergeSpec(input: MergeInput): MergeSuccess | MergeFailure {
  const { capability } = input;
  const plan = parseDeltaPlan(input.deltaText);
  const precondition = checkDeltaConsistency(capability, plan);
  if (precondition !== undefined) return { ok: false, message: precondition };
  const warnings = orphanWarnings(capability, plan);
  if (plan.added.length + plan.modified.length + plan.removed.length + plan.renamed.length === 0) {
    return {
      ok: false,
      message:
        `Delta parsing found no operations for ${capability}. Provide ADDED/MODIFIED/REMOVED/RENAMED sections in change spec.`,
    };
  }
  const base = loadBase(input, plan, warnings);
  if ("ok" in base) return base;
  const structure = findMainSpecStructureIssues(base.text);
  if (structure.length > 0) {
    const details = structure.map((issue) => `line ${issue.line}: ${issue.message}`).join("\n");
    return {
      ok: false,
      message:
        `${capability}: target spec is structurally invalid and cannot be updated until fixed:\n${details}`,
    };
  }
  const parts = extractRequirementsSection(base.text);
  const applied = applyOperations(
    capability,
    plan,
    parts.bodyBlocks,
    input.targetText === undefined,
    warnings,
  );
  if (!applied.ok) return applied;
  const body = [parts.preamble && parts.preamble.trim() ? parts.preamble.trimEnd() : ""]
    .filter(Boolean)
    .concat(applied.blocks.map((block: RequirementBlock) => block.raw))
    .join("\n\n")
    .trimEnd();
  const rebuilt = collapseBlankRuns(
    [parts.before.trimEnd(), parts.headerLine, body, parts.after.trim()].filter((s) => s !== "")
      .join("\n\n"),
  ).trimEnd() + "\n";
  return {
    ok: true,
    rebuilt,
    counts: applied.counts,
    warnings,
    noRequirementBlocks: applied.blocks.length === 0,
    unaccountedContent: unaccountedContent(parts),
  };
}
