/** `openspec validate <change>`: delta, metadata and task checks, plus archive's dry run. @module */
import { readMarker, resolveChangeSchema } from "./change_metadata.ts";
import { checkCrossSections, checkRequirementBlocks, structuralNotes } from "./delta_checks.ts";
import { parseDeltaPlan, withDeltaPlanCache } from "./delta_plan.ts";
import { MESSAGES } from "./messages.ts";
import { findScenarioLossIssues } from "./scenario_loss.ts";
import { type DiscoveredSpec, inventorySpecs } from "./spec_discovery.ts";
import { mergeSpec } from "./spec_merge.ts";
import { findMissingCheckboxIssues, findTaskNumberingIssues } from "./task_checks.ts";
import type { ChangeFiles, MainSpecReader, ProjectContext, ValidationIssue } from "./types.ts";

/** How much of the CLI's change validation to run. */
export interface ChangeCheckOptions {
  /** Main specs for the scenario-loss check and the archive dry run (omitted by archive's own gate). */
  mainSpec?: MainSpecReader;
  /** Run the tasks.md checks (validate does, archive's gate does not). */
  taskChecks: boolean;
  context?: ProjectContext;
}

const SECTION_HEADINGS = [
  ["added", "## ADDED Requirements"],
  ["modified", "## MODIFIED Requirements"],
  ["removed", "## REMOVED Requirements"],
  ["renamed", "## RENAMED Requirements"],
] as const;

function listSections(sections: readonly string[]): string {
  if (sections.length <= 1) return sections[0] ?? "";
  return `${sections.slice(0, -1).join(", ")} and ${sections[sections.length - 1]}`;
}

/** The CLI's `validateChangeDeltaSpecs`, parameterised the way validate and archive call it. */
export function collectChangeIssues(
  change: ChangeFiles,
  options: ChangeCheckOptions,
): ValidationIssue[] {
  const context = options.context ?? {};
  const inventory = inventorySpecs(change.specFiles);
  const issues: ValidationIssue[] = [];
  let totalDeltas = 0;
  const missingHeader: string[] = [];
  const emptySections: { path: string; sections: string[] }[] = [];
  if (inventory.rootSpec) {
    issues.push({
      level: "ERROR",
      path: "spec.md",
      message:
        "Delta spec found at specs/spec.md. Delta specs must live under a capability path (e.g. specs/<capability-path>/spec.md) — a file at the specs/ root is ignored when the change is applied or archived.",
    });
  }
  for (const spec of inventory.specs) {
    const path = `${spec.id}/spec.md`;
    const plan = parseDeltaPlan(spec.text);
    issues.push(...structuralNotes(path, plan));
    const sections = SECTION_HEADINGS.filter(([key]) => plan.sectionPresence[key]).map((
      [, title],
    ) => title);
    const entries = plan.added.length + plan.modified.length + plan.removed.length +
      plan.renamed.length;
    if (entries === 0) {
      if (sections.length > 0) emptySections.push({ path, sections });
      else missingHeader.push(path);
    }
    totalDeltas += entries;
    const added = checkRequirementBlocks(path, "ADDED", plan.added, issues);
    const modified = checkRequirementBlocks(path, "MODIFIED", plan.modified, issues);
    const mainText = options.mainSpec && plan.modified.length > 0
      ? options.mainSpec(spec.id)
      : undefined;
    if (mainText !== undefined) {
      issues.push(...findScenarioLossIssues(path, plan.modified, plan.renamed, mainText));
    }
    checkCrossSections(path, plan, added, modified, issues);
  }
  if (options.mainSpec) {
    issues.push(...archiveBlockers(change.name, inventory.specs, options.mainSpec, issues, [
      ...missingHeader,
      ...emptySections.map((spec) => spec.path),
    ]));
  }
  for (const file of inventory.unread) {
    issues.push({
      level: "ERROR",
      path: file.path,
      message:
        `Delta spec found at specs/${file.path}. Delta specs must be a spec.md inside a capability folder — this file is ignored when the change is applied or archived. Move its requirements into specs/${file.expected}.`,
    });
  }
  for (const { path, sections } of emptySections) {
    issues.push({
      level: "ERROR",
      path,
      message: `Delta sections ${
        listSections(sections)
      } were found, but no requirement entries parsed. Ensure each section includes at least one "### Requirement:" block (REMOVED may use bullet list syntax).`,
    });
  }
  for (const path of missingHeader) {
    issues.push({
      level: "ERROR",
      path,
      message:
        'No delta sections found. Add headers such as "## ADDED Requirements" or move non-delta notes outside specs/.',
    });
  }
  const marker = readMarker(change.metadataText, "skip_specs", context);
  if (marker.invalidReason !== undefined) {
    issues.push({
      level: "ERROR",
      path: ".openspec.yaml",
      message: `${MESSAGES.CHANGE_SKIP_SPECS_INVALID_METADATA} (${marker.invalidReason})`,
    });
  }
  if (marker.declared && inventory.hasAnyFile) {
    issues.push({ level: "ERROR", path: "file", message: MESSAGES.CHANGE_SKIP_SPECS_CONFLICT });
  }
  // The root and stray-file errors already explain where the deltas went.
  if (totalDeltas === 0 && !inventory.rootSpec && inventory.unread.length === 0) {
    if (marker.declared && !inventory.hasAnyFile) {
      issues.push({ level: "INFO", path: "file", message: MESSAGES.CHANGE_SKIP_SPECS_ACCEPTED });
    } else if (!marker.declared) {
      issues.push({
        level: "ERROR",
        path: "file",
        message: `${MESSAGES.CHANGE_NO_DELTAS}. ${MESSAGES.GUIDE_NO_DELTAS}`,
      });
    }
  }
  if (options.taskChecks) issues.push(...taskIssues(change, context));
  return issues;
}

/** INFO "Archive would refuse this delta" for each delta not already rejected above. */
function archiveBlockers(
  changeName: string,
  specs: DiscoveredSpec[],
  mainSpec: MainSpecReader,
  issues: ValidationIssue[],
  unparsed: string[],
): ValidationIssue[] {
  // A delta already rejected above would be reported twice, in archive's wording.
  const reported = new Set([
    ...issues.filter((issue) => issue.level === "ERROR").map((issue) => issue.path),
    ...unparsed,
  ]);
  const blockers: ValidationIssue[] = [];
  for (const spec of specs) {
    const path = `${spec.id}/spec.md`;
    if (reported.has(path)) continue;
    const merged = mergeSpec({
      capability: spec.id,
      deltaText: spec.text,
      targetText: mainSpec(spec.id),
      changeName,
      targetPath: `openspec/specs/${spec.id}/spec.md`,
    });
    if (!merged.ok) {
      blockers.push({
        level: "INFO",
        path,
        message: `Archive would refuse this delta: ${merged.message}`,
      });
    }
  }
  return blockers;
}

/** tasks.md warnings; the CLI runs them only when the change's schema resolves (numbering: spec-driven only). */
function taskIssues(change: ChangeFiles, context: ProjectContext): ValidationIssue[] {
  if (change.tasksText === undefined) return [];
  const schema = resolveChangeSchema(change.metadataText, context);
  if (schema !== "spec-driven") return [];
  return [
    ...findMissingCheckboxIssues("tasks.md", change.tasksText),
    ...findTaskNumberingIssues("tasks.md", change.tasksText),
  ];
}

/**
 * Exactly the issues of `openspec validate <name> --json` (all levels, in order),
 * including the INFO "Archive would refuse this delta: …" dry-run findings.
 * `context` (an extension of the CLI-free signature) describes project facts the
 * CLI reads from disk; the defaults fit a plain `openspec init` project.
 */
export function validateChange(
  change: ChangeFiles,
  mainSpec: MainSpecReader,
  context: ProjectContext = {},
): ValidationIssue[] {
  return withDeltaPlanCache(() =>
    collectChangeIssues(change, { mainSpec, taskChecks: true, context })
  );
}
