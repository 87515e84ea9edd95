/**
 * What archiving a change would do to each requirement of the main specs: for every ADDED,
 * MODIFIED, REMOVED and RENAMED entry of every delta spec, the requirement block as the main
 * spec has it today and as archive would write it.
 *
 * The after-text comes from the merge engine `change_archive` runs ({@link mergeDeltas}, whose
 * merges {@link planArchive} then takes), never from a second implementation or a second merge:
 * the whole rebuilt spec is the exact text archive writes, and each after-block is a block of it.
 *
 * @module
 */
import { mergeDeltas, planArchive } from "../openspec/archive_plan.ts";
import { parseDeltaPlan } from "../openspec/delta_plan.ts";
import { withDeltaPlanCache } from "../openspec/delta_plan.ts";
import { normalizeRequirementName } from "../openspec/requirement_names.ts";
import { extractRequirementsSection } from "../openspec/requirements_section.ts";
import type { ChangeFiles, MainSpecReader, ProjectContext } from "../openspec/types.ts";

/** The operations of a delta spec, in the order archive applies them. */
export type RequirementOp = "RENAMED" | "REMOVED" | "MODIFIED" | "ADDED";

/** One requirement a delta touches. */
export interface RequirementChange {
  op: RequirementOp;
  /** The requirement's name after archive (the removed name for REMOVED). */
  name: string;
  /** RENAMED: the name the main spec has today. */
  from?: string;
  /** RENAMED: the delta also replaces the block's content (a MODIFIED under the new name). */
  modified?: boolean;
  /** The block in today's main spec; absent for a new requirement. */
  before?: string;
  /** The block archive writes; absent for REMOVED. */
  after?: string;
  /** Scenario names of the after-block (else of the before-block), for anchoring comments. */
  scenarios: string[];
}

/** What archive would do to one main spec. */
export interface CapabilityDiff {
  capability: string;
  /** `create` for a new main spec, `update` for an existing one. */
  action: "create" | "update";
  requirements: RequirementChange[];
  /** The whole main spec as archive would write it (line endings kept); absent on failure. */
  merged?: string;
  /** Today's main spec, if any. */
  current?: string;
  /** Why archive would refuse this delta (the merge engine's message). */
  error?: string;
  warnings: string[];
}

/** The requirement-level diff of a change. */
export interface ChangeDiff {
  capabilities: CapabilityDiff[];
  /** Whether archive's merge (validation gate included) would go through. */
  mergeable: boolean;
  /** The refusal of archive's plan, when it would refuse. */
  refusal?: string;
}

const SCENARIO = /^####\s+Scenario:\s*(.+?)\s*#*\s*$/gm;

/** The scenario names of a requirement block. */
export function scenarioNames(block: string | undefined): string[] {
  if (!block) return [];
  return [...block.matchAll(SCENARIO)].map((m) => (m[1] ?? "").trim());
}

function blocksByName(text: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (text === undefined) return map;
  for (const block of extractRequirementsSection(text).bodyBlocks) {
    const key = normalizeRequirementName(block.name);
    if (!map.has(key)) map.set(key, block.raw.trimEnd());
  }
  return map;
}

/**
 * Computes the diff of a change against the main specs that `mainSpec` reads.
 *
 * @example
 * ```ts
 * import { diffChange } from "./requirement_diff.ts";
 * const diff = diffChange({
 *   name: "add-greeting",
 *   specFiles: [{
 *     path: "greeting/spec.md",
 *     text: "## ADDED Requirements\n\n### Requirement: Greet\nThe system SHALL greet.\n\n#### Scenario: Hi\n- **WHEN** a user comes\n- **THEN** it greets\n",
 *   }],
 * }, () => undefined);
 * diff.capabilities[0]?.requirements[0]?.op; // "ADDED"
 * ```
 */
export function diffChange(
  change: ChangeFiles,
  mainSpec: MainSpecReader,
  context: ProjectContext = {},
): ChangeDiff {
  return withDeltaPlanCache(() => {
    const merges = mergeDeltas(change, mainSpec, context);
    const plan = planArchive(change, mainSpec, { merges }, context);
    const exact = new Map<string, string | undefined>();
    if (plan.ok) { for (const spec of plan.specs) exact.set(spec.capability, spec.text); }
    const capabilities = merges.map(
      ({ id, deltaText, target: current, merged }): CapabilityDiff => {
        const ops = parseDeltaPlan(deltaText);
        const before = blocksByName(current);
        const after = merged.ok ? blocksByName(merged.rebuilt) : new Map<string, string>();
        // Where the merge fails, the delta's own blocks are what the change proposes.
        const proposed = (name: string, raw: string) => merged.ok ? after.get(name) : raw.trimEnd();
        const requirements: RequirementChange[] = [];
        const renamedTo = new Set<string>();
        for (const { from, to } of ops.renamed) {
          const key = normalizeRequirementName(to);
          renamedTo.add(key);
          const old = before.get(normalizeRequirementName(from));
          const modifiedBlock = ops.modified.find((b) => normalizeRequirementName(b.name) === key);
          const afterText = merged.ok
            ? after.get(key)
            : modifiedBlock?.raw.trimEnd() ?? old?.replace(/^.*/, `### Requirement: ${key}`);
          requirements.push({
            op: "RENAMED",
            name: key,
            from: normalizeRequirementName(from),
            ...(modifiedBlock ? { modified: true } : {}),
            ...(old !== undefined ? { before: old } : {}),
            ...(afterText !== undefined ? { after: afterText } : {}),
            scenarios: scenarioNames(afterText ?? old),
          });
        }
        for (const name of ops.removed) {
          const key = normalizeRequirementName(name);
          const old = before.get(key);
          requirements.push({
            op: "REMOVED",
            name: key,
            ...(old !== undefined ? { before: old } : {}),
            scenarios: scenarioNames(old),
          });
        }
        for (const [op, blocks] of [["MODIFIED", ops.modified], ["ADDED", ops.added]] as const) {
          for (const block of blocks) {
            const key = normalizeRequirementName(block.name);
            if (op === "MODIFIED" && renamedTo.has(key)) continue;
            const old = before.get(key);
            const afterText = proposed(key, block.raw);
            requirements.push({
              op,
              name: key,
              ...(old !== undefined ? { before: old } : {}),
              ...(afterText !== undefined ? { after: afterText } : {}),
              scenarios: scenarioNames(afterText ?? old),
            });
          }
        }
        const text = exact.get(id) ?? (merged.ok && plan.ok ? current : undefined);
        return {
          capability: id,
          action: current === undefined ? "create" : "update",
          requirements,
          ...(merged.ok && text !== undefined ? { merged: text } : {}),
          ...(current !== undefined ? { current } : {}),
          ...(!merged.ok ? { error: merged.message } : {}),
          warnings: merged.ok ? merged.warnings : [],
        };
      },
    );
    return {
      capabilities,
      mergeable: plan.ok,
      ...(!plan.ok ? { refusal: [plan.message, ...plan.details].join(": ") } : {}),
    };
  });
}
