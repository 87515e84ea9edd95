/** Archive's refusal of self-contradictory deltas (unpaired renames, duplicates, conflicts). @module */
import type { DeltaPlan } from "./delta_plan.ts";
import { FoldIndex } from "./fold_index.ts";
import { normalizeRequirementName } from "./requirement_names.ts";

/**
 * The first reason archive refuses a delta before reading the main spec, or undefined.
 * Names are normalised again here, as in the CLI (so `Foo # #` keys as `Foo`).
 */
export function checkDeltaConsistency(capability: string, plan: DeltaPlan): string | undefined {
  const failed = `${capability} validation failed -`;
  const first = plan.unpairedRenames[0];
  if (first) {
    const missing = first.side === "FROM" ? "TO" : "FROM";
    return `${failed} RENAMED entry on line ${first.line} has no matching ${missing}: ` +
      `for header "### Requirement: ${first.name}". ` +
      "Write each rename as a FROM: line followed immediately by its TO: line.";
  }
  const collect = (names: string[], section: string): Set<string> | string => {
    const seen = new Set<string>();
    for (const name of names) {
      const key = normalizeRequirementName(name);
      if (seen.has(key)) {
        return `${failed} duplicate requirement in ${section} for header "### Requirement: ${name}"`;
      }
      seen.add(key);
    }
    return seen;
  };
  const added = collect(plan.added.map((block) => block.name), "ADDED");
  if (typeof added === "string") return added;
  const modified = collect(plan.modified.map((block) => block.name), "MODIFIED");
  if (typeof modified === "string") return modified;
  const removed = collect(plan.removed, "REMOVED");
  if (typeof removed === "string") return removed;
  const fromSet = new Set<string>();
  const toSet = new Set<string>();
  for (const { from, to } of plan.renamed) {
    const fromKey = normalizeRequirementName(from);
    const toKey = normalizeRequirementName(to);
    if (fromSet.has(fromKey)) {
      return `${failed} duplicate FROM in RENAMED for header "### Requirement: ${from}"`;
    }
    if (toSet.has(toKey)) {
      return `${failed} duplicate TO in RENAMED for header "### Requirement: ${to}"`;
    }
    fromSet.add(fromKey);
    toSet.add(toKey);
  }
  const conflicts: { name: string; a: string; b: string }[] = [];
  for (const name of modified) {
    if (removed.has(name)) conflicts.push({ name, a: "MODIFIED", b: "REMOVED" });
    if (added.has(name)) conflicts.push({ name, a: "MODIFIED", b: "ADDED" });
  }
  for (const name of added) {
    if (removed.has(name)) conflicts.push({ name, a: "ADDED", b: "REMOVED" });
  }
  // Rename interplay is checked before the plain conflicts, as in the CLI.
  const removedFolds = new FoldIndex(removed);
  for (const { from, to } of plan.renamed) {
    const fromKey = normalizeRequirementName(from);
    const toKey = normalizeRequirementName(to);
    const removedVariant = removedFolds.first(fromKey);
    if (removedVariant !== undefined) {
      return `${failed} requirement present in multiple sections (RENAMED and REMOVED) for header "### Requirement: ${from}"` +
        (removedVariant === fromKey ? "" : ` (REMOVED spells it "${removedVariant}")`);
    }
    if (modified.has(fromKey)) {
      return `${failed} when a rename exists, MODIFIED must reference the NEW header "### Requirement: ${to}"`;
    }
    if (added.has(toKey)) {
      return `${failed} RENAMED TO header collides with ADDED for "### Requirement: ${to}"`;
    }
  }
  const conflict = conflicts[0];
  if (conflict) {
    return `${failed} requirement present in multiple sections (${conflict.a} and ${conflict.b}) for header "### Requirement: ${conflict.name}"`;
  }
  return undefined;
}
