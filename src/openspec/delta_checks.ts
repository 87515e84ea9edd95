/** Per-file checks `validate <change>` runs on one delta spec. @module */
import type { DeltaPlan } from "./delta_plan.ts";
import { missingShallOrMustMessage } from "./messages.ts";
import { FoldIndex } from "./fold_index.ts";
import { normalizeRequirementName } from "./requirement_names.ts";
import type { RequirementBlock } from "./requirements_section.ts";
import {
  containsShallOrMust,
  countEmptyScenarios,
  countScenarios,
  extractRequirementBody,
} from "./requirement_text.ts";
import type { ValidationIssue } from "./types.ts";

const EMPTY_SCENARIO_HINT =
  ' (a scenario header with no body under it does not count; add its steps, e.g. "- **WHEN** ..." and "- **THEN** ...")';

/** INFO for skipped `###` headers, ERROR for unpaired renames, WARNING for orphaned requirements. */
export function structuralNotes(path: string, plan: DeltaPlan): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const stray of plan.skippedHeaders) {
    const message = /^requirement:?$/i.test(stray.header)
      ? `Header "### ${stray.header}" in ${stray.section} is missing a requirement name and is ignored by validation. Add a name, e.g. "### Requirement: <name>".`
      : `Header "### ${stray.header}" in ${stray.section} is not a "### Requirement:" header and is ignored by validation. Use "### Requirement: ${stray.header}" if it should be validated as a requirement.`;
    issues.push({ level: "INFO", path, line: stray.line, message });
  }
  for (const unpaired of plan.unpairedRenames) {
    const missing = unpaired.side === "FROM" ? "TO" : "FROM";
    issues.push({
      level: "ERROR",
      path,
      line: unpaired.line,
      message:
        `RENAMED ${unpaired.side}: "${unpaired.name}" has no matching ${missing}: line. Write each rename as a FROM: line followed immediately by its TO: line.`,
    });
  }
  for (const orphan of plan.orphanedRequirements) {
    const where = orphan.section ? `under "## ${orphan.section}"` : 'above the first "## " section';
    issues.push({
      level: "WARNING",
      path,
      line: orphan.line,
      message:
        `Requirement "${orphan.name}" is ${where}, which is not a delta section, so it is ignored. Move it under "## ADDED Requirements", "## MODIFIED Requirements", "## REMOVED Requirements", or "## RENAMED Requirements".`,
    });
  }
  return issues;
}

/** Duplicate, body and scenario checks of ADDED or MODIFIED blocks; returns the name keys. */
export function checkRequirementBlocks(
  path: string,
  section: "ADDED" | "MODIFIED",
  blocks: RequirementBlock[],
  issues: ValidationIssue[],
): Set<string> {
  const names = new Set<string>();
  for (const block of blocks) {
    const key = normalizeRequirementName(block.name);
    if (names.has(key)) {
      issues.push({
        level: "ERROR",
        path,
        message: `Duplicate requirement in ${section}: "${block.name}"`,
      });
    } else {
      names.add(key);
    }
    const bodyLines = block.raw.split("\n").slice(1);
    const body = extractRequirementBody(bodyLines);
    const prefix = `${section} "${block.name}"`;
    if (!body) {
      issues.push({
        level: "ERROR",
        path,
        message: containsShallOrMust(block.name)
          ? missingShallOrMustMessage(prefix, block.name, false)
          : `${prefix} is missing requirement text`,
      });
    } else if (!containsShallOrMust(body)) {
      issues.push({
        level: "WARNING",
        path,
        message: missingShallOrMustMessage(prefix, block.name, true),
      });
    }
    if (countScenarios(bodyLines) < 1) {
      const hint = countEmptyScenarios(bodyLines) > 0 ? EMPTY_SCENARIO_HINT : "";
      issues.push({
        level: "ERROR",
        path,
        message: `${prefix} must include at least one scenario${hint}`,
      });
    }
  }
  return names;
}

/** REMOVED/RENAMED duplicates and the conflicts between sections of one file. */
export function checkCrossSections(
  path: string,
  plan: DeltaPlan,
  added: Set<string>,
  modified: Set<string>,
  issues: ValidationIssue[],
): void {
  const error = (message: string) => issues.push({ level: "ERROR", path, message });
  const removed = new Set<string>();
  for (const name of plan.removed) {
    const key = normalizeRequirementName(name);
    if (removed.has(key)) error(`Duplicate requirement in REMOVED: "${name}"`);
    else removed.add(key);
  }
  const froms = new Set<string>();
  const tos = new Set<string>();
  for (const { from, to } of plan.renamed) {
    const fromKey = normalizeRequirementName(from);
    const toKey = normalizeRequirementName(to);
    if (froms.has(fromKey)) error(`Duplicate FROM in RENAMED: "${from}"`);
    else froms.add(fromKey);
    if (tos.has(toKey)) error(`Duplicate TO in RENAMED: "${to}"`);
    else tos.add(toKey);
  }
  for (const name of modified) {
    if (removed.has(name)) error(`Requirement present in both MODIFIED and REMOVED: "${name}"`);
    if (added.has(name)) error(`Requirement present in both MODIFIED and ADDED: "${name}"`);
  }
  for (const name of added) {
    if (removed.has(name)) error(`Requirement present in both ADDED and REMOVED: "${name}"`);
  }
  const removedFolds = new FoldIndex(removed);
  for (const { from, to } of plan.renamed) {
    const fromKey = normalizeRequirementName(from);
    const toKey = normalizeRequirementName(to);
    if (modified.has(fromKey)) {
      error(`MODIFIED references old name from RENAMED. Use new header for "${to}"`);
    }
    if (added.has(toKey)) error(`RENAMED TO collides with ADDED for "${to}"`);
    const variant = removedFolds.first(fromKey);
    if (variant !== undefined) {
      error(
        `Requirement present in both RENAMED and REMOVED: "${from}"` +
          (variant === fromKey ? "" : ` (REMOVED spells it "${variant}")`),
      );
    }
  }
}
