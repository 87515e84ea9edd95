/** `openspec archive <name> --yes`, computed in memory: validation gate, merges, retirements. @module */
import { readMarker } from "./change_metadata.ts";
import { collectChangeIssues } from "./change_validation.ts";
import { withDeltaPlanCache } from "./delta_plan.ts";
import { type OperationCounts } from "./merge_operations.ts";
import { decideOutcome, type PreparedSpec, rebuiltSpecFailure } from "./archive_outcome.ts";
import { inventorySpecs } from "./spec_discovery.ts";
import { type MergeFailure, mergeSpec, type MergeSuccess } from "./spec_merge.ts";
import { matchLineEnding } from "./text.ts";
import type { ChangeFiles, MainSpecReader, ProjectContext } from "./types.ts";

/** What archive does to one main spec. */
export interface ArchiveSpecPlan {
  capability: string;
  /** `delete` retires the capability: remove spec.md and prune emptied directories up to `openspec/specs`. */
  action: "create" | "update" | "delete" | "unchanged";
  /** Exact final file content for create/update (line endings kept per the CLI's rules). */
  text?: string;
  counts: OperationCounts;
}

/** A successful archive plan, shaped like the CLI's `--json` result. */
export interface ArchivePlanSuccess {
  ok: true;
  specs: ArchiveSpecPlan[];
  /** Undefined when the CLI's JSON omits it (`--skip-specs`, or no delta spec files). */
  totals?: OperationCounts;
  specsUpdated: boolean;
  /** The CLI's JSON `warnings` (empty when it omits the key). */
  warnings: string[];
}

/** A refused archive: the CLI's JSON status code, message and fix; `details` lists the findings behind it. */
export interface ArchivePlanFailure {
  ok: false;
  code: string;
  message: string;
  details: string[];
  fix?: string;
}

/** Options of {@link planArchive}. */
export interface ArchiveOptions {
  /** `--skip-specs`: archive without touching `openspec/specs`. */
  skipSpecs?: boolean;
  /**
   * Extension: the archive directory name (see {@link archiveName}) when
   * `openspec/changes/archive/<name>` already exists, so the plan fails like the CLI.
   */
  existingArchive?: string;
  /**
   * Extension: the change's deltas as {@link mergeDeltas} merged them over the same main specs,
   * for a caller that needs the merges too, so that each delta is merged once.
   */
  merges?: readonly MergedDelta[];
}

/** One delta spec merged into its main spec, as archive merges it (nothing written). */
export interface MergedDelta {
  /** The capability. */
  id: string;
  /** The delta spec's text. */
  deltaText: string;
  /** The main spec before the merge (undefined when the capability is new). */
  target: string | undefined;
  merged: MergeSuccess | MergeFailure;
}

/** Merges every delta spec of `change` into its main spec on its own, in archive's order. */
export function mergeDeltas(
  change: ChangeFiles,
  mainSpec: MainSpecReader,
  context: ProjectContext = {},
): MergedDelta[] {
  const specsDir = context.specsDir ?? "openspec/specs";
  return inventorySpecs(change.specFiles).specs.map((delta) => {
    const target = mainSpec(delta.id);
    const merged = mergeSpec({
      capability: delta.id,
      deltaText: delta.text,
      targetText: target,
      changeName: change.name,
      targetPath: `${specsDir}/${delta.id}/spec.md`,
    });
    return { id: delta.id, deltaText: delta.text, target, merged };
  });
}

/**
 * The archive directory name: `YYYY-MM-DD-<name>` from the caller's local date, or the
 * name itself when it already starts with a date (no double prefix).
 */
export function archiveName(changeName: string, localDate: string): string {
  return /^\d{4}-\d{2}-\d{2}-/.test(changeName) ? changeName : `${localDate}-${changeName}`;
}

const DELTA_HEADER = /^##\s+(ADDED|MODIFIED|REMOVED|RENAMED)\s+Requirements/im;

/** Whether archive runs its delta validation gate at all (a quirk: zero-delta changes skip it). */
function gateApplies(change: ChangeFiles, context: ProjectContext): boolean {
  const inventory = inventorySpecs(change.specFiles);
  if (inventory.rootSpec || inventory.unread.length > 0) return true;
  const marker = readMarker(change.metadataText, "skip_specs", context);
  if (marker.invalidReason !== undefined) return true;
  if (marker.declared) return inventory.hasAnyFile;
  return inventory.specs.some((spec) => DELTA_HEADER.test(spec.text));
}

function emptyCounts(): OperationCounts {
  return { added: 0, modified: 0, removed: 0, renamed: 0 };
}

/**
 * Everything `openspec archive <name> --yes` does to `openspec/specs`, computed in
 * memory (nothing written); failures carry the CLI's JSON status code. The move of the
 * change directory itself is left to the caller (see {@link archiveName}; pass
 * `existingArchive` when the target already exists).
 * `context` is an extension: project facts the CLI reads from disk (`specsDir` appears
 * in the "delta Purpose ignored" warning).
 */
export function planArchive(
  change: ChangeFiles,
  mainSpec: MainSpecReader,
  options: ArchiveOptions = {},
  context: ProjectContext = {},
): ArchivePlanSuccess | ArchivePlanFailure {
  return withDeltaPlanCache(() => plan(change, mainSpec, options, context));
}

function plan(
  change: ChangeFiles,
  mainSpec: MainSpecReader,
  options: ArchiveOptions,
  context: ProjectContext,
): ArchivePlanSuccess | ArchivePlanFailure {
  if (gateApplies(change, context)) {
    // Non-strict, and without the main-spec cross checks or task checks.
    const issues = collectChangeIssues(change, { taskChecks: false, context });
    const errors = issues.filter((issue) => issue.level === "ERROR");
    if (errors.length > 0) {
      return {
        ok: false,
        code: "archive_validation_failed",
        message: `Validation failed for change '${change.name}'.`,
        details: errors.map((issue) => issue.message),
        fix:
          `Run openspec validate ${change.name} for details, fix the errors, or rerun with --no-validate.`,
      };
    }
  }
  // Checked after validation and before any spec is touched, as in the CLI.
  if (options.existingArchive !== undefined) {
    return {
      ok: false,
      code: "archive_target_exists",
      message: `Archive '${options.existingArchive}' already exists.`,
      details: [],
    };
  }
  if (options.skipSpecs) return { ok: true, specs: [], specsUpdated: false, warnings: [] };
  const deltas = options.merges ?? mergeDeltas(change, mainSpec, context);
  if (deltas.length === 0) return { ok: true, specs: [], specsUpdated: false, warnings: [] };
  const retire = readMarker(change.metadataText, "retire_capabilities", context);
  const prepared: PreparedSpec[] = [];
  const warnings: string[] = [];
  for (const { id, target, merged } of deltas) {
    if (!merged.ok) {
      return {
        ok: false,
        code: "archive_spec_update_failed",
        message: merged.message,
        details: [merged.message],
        fix: "Fix the change delta specs and rerun. No files were changed.",
      };
    }
    const spec = { id, target, merged };
    prepared.push({ ...spec, outcome: decideOutcome(spec, retire.declared) });
    warnings.push(...merged.warnings);
  }
  for (const spec of prepared) {
    if (spec.outcome !== "write") continue;
    const failure = rebuiltSpecFailure(spec, retire);
    if (failure) return failure;
  }
  const totals = emptyCounts();
  let specsUpdated = false;
  const specs: ArchiveSpecPlan[] = prepared.map(({ id, target, merged, outcome }) => {
    const { counts } = merged;
    const changed = counts.added + counts.modified + counts.removed + counts.renamed > 0;
    if (outcome === "skip" || (outcome === "write" && !changed)) {
      return { capability: id, action: "unchanged", counts };
    }
    specsUpdated = true;
    for (const key of ["added", "modified", "removed", "renamed"] as const) {
      totals[key] += counts[key];
    }
    if (outcome === "retire") return { capability: id, action: "delete", counts };
    const text = target === undefined ? merged.rebuilt : matchLineEnding(merged.rebuilt, target);
    return { capability: id, action: target === undefined ? "create" : "update", text, counts };
  });
  for (const spec of prepared) {
    if (spec.outcome === "retire") warnings.push(retirementNote(spec.id));
  }
  return { ok: true, specs, totals, specsUpdated, warnings };
}

/** The warning archive records when it deletes a main spec. */
function retirementNote(capability: string): string {
  const deleted = `openspec/specs/${capability}/spec.md`;
  const pathspec = `:(top)${deleted}`;
  // Only a path every shell reads the same inside double quotes is offered as a command.
  const quoted = /^[A-Za-z0-9._/-]+$/.test(pathspec)
    ? pathspec
    : /["\\$`\r\n%!]/.test(pathspec)
    ? undefined
    : `"${pathspec}"`;
  const recovery = quoted
    ? `If it was committed, restore it with: git checkout HEAD -- ${quoted}`
    : `It was deleted from ${deleted}; if it was committed, restore it from that checkout's history.`;
  return `${capability} - capability retired; deleted the main spec (all requirements removed, declared by retire_capabilities) at ${deleted}. Its section(s) went with it: Purpose. ${recovery}`;
}
