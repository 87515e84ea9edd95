/** The RENAMED → REMOVED → MODIFIED → ADDED passes of archive's merge over requirement blocks. @module */
import type { DeltaPlan } from "./delta_plan.ts";
import { FoldIndex } from "./fold_index.ts";
import { normalizeRequirementName } from "./requirement_names.ts";
import type { RequirementBlock } from "./requirements_section.ts";
import { describeScenarioBalance, diffScenarioNames, quoteNames } from "./scenario_diff.ts";
import { normalizeBlockRaw, recompose } from "./merge_recompose.ts";

/** Operations that actually changed the spec (no-ops are not counted). */
export interface OperationCounts {
  added: number;
  modified: number;
  removed: number;
  renamed: number;
}

type Applied = { ok: true; blocks: RequirementBlock[]; counts: OperationCounts } | {
  ok: false;
  message: string;
};

/**
 * Where each key sits in `slots` (the first slot when a name repeats), so a rename
 * finds its slot without scanning the list once per entry.
 */
function slotPositions(slots: string[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  slots.forEach((key, slot) => {
    const list = positions.get(key);
    if (list) list.push(slot);
    else positions.set(key, [slot]);
  });
  return positions;
}

/** Moves the first slot of `from` to `to`, as `slots[slots.indexOf(from)] = to` would. */
function moveSlot(slots: string[], positions: Map<string, number[]>, from: string, to: string) {
  const slot = positions.get(from)?.shift();
  if (slot === undefined) return;
  slots[slot] = to;
  const list = positions.get(to) ?? [];
  let at = list.length;
  while (at > 0 && (list[at - 1] ?? 0) > slot) at--;
  list.splice(at, 0, slot);
  positions.set(to, list);
}

/**
 * Applies the delta to the spec's blocks. Keys are the names normalised once more (as
 * the CLI does); a JS Map keeps each block's slot, and renamed blocks keep theirs.
 */
export function applyOperations(
  capability: string,
  plan: DeltaPlan,
  original: RequirementBlock[],
  isNewSpec: boolean,
  warnings: string[],
): Applied {
  const header = (name: string) => `"### Requirement: ${name}"`;
  const byName = new Map<string, RequirementBlock>();
  for (const block of original) byName.set(normalizeRequirementName(block.name), block);
  const folds = new FoldIndex(byName.keys());
  const nearMiss = (name: string, except?: string) => folds.first(name, except);
  const slots = original.map((block) => normalizeRequirementName(block.name));
  const positions = slotPositions(slots);
  const counts: OperationCounts = { added: 0, modified: 0, removed: 0, renamed: 0 };
  const label = (op: string, name: string) =>
    `${capability} ${op} failed for header ${header(name)}`;

  for (const rename of plan.renamed) {
    const from = normalizeRequirementName(rename.from);
    const to = normalizeRequirementName(rename.to);
    const source = byName.get(from);
    if (!source) {
      if (!byName.has(to)) {
        return { ok: false, message: `${label("RENAMED", rename.from)} - source not found` };
      }
      // Already renamed in the main spec: a no-op, unless the source exists in another spelling.
      const variant = nearMiss(from, to);
      if (variant !== undefined) {
        return {
          ok: false,
          message: `${label("RENAMED", rename.from)} - source not found, but ${
            header(byName.get(variant)?.name ?? "")
          } exists; fix the header to match it exactly`,
        };
      }
      continue;
    }
    if (byName.has(to)) {
      return { ok: false, message: `${label("RENAMED", rename.to)} - target already exists` };
    }
    const variant = nearMiss(to, from);
    if (variant !== undefined) {
      return {
        ok: false,
        message: `${label("RENAMED", rename.to)} - ${
          header(byName.get(variant)?.name ?? "")
        } already exists and differs only in case or spacing; choose a distinct name`,
      };
    }
    const lines = source.raw.split("\n");
    lines[0] = `### Requirement: ${to}`;
    byName.delete(from);
    folds.delete(from);
    byName.set(to, { headerLine: `### Requirement: ${to}`, name: to, raw: lines.join("\n") });
    folds.add(to);
    moveSlot(slots, positions, from, to);
    counts.renamed++;
  }

  for (const name of plan.removed) {
    const key = normalizeRequirementName(name);
    if (!byName.has(key)) {
      if (!isNewSpec) {
        const variant = nearMiss(key);
        if (variant !== undefined) {
          return {
            ok: false,
            message: `${label("REMOVED", name)} - not found, but ${
              header(byName.get(variant)?.name ?? "")
            } exists; fix the header to match it exactly`,
          };
        }
        warnings.push(
          `${capability} - REMOVED requirement "${name}" is not in the current spec; treating it as already removed.`,
        );
      }
      continue;
    }
    byName.delete(key);
    folds.delete(key);
    counts.removed++;
  }

  for (const block of plan.modified) {
    const key = normalizeRequirementName(block.name);
    const current = byName.get(key);
    if (!current) return { ok: false, message: `${label("MODIFIED", block.name)} - not found` };
    const own = /^###\s*Requirement:\s*(.+)\s*$/i.exec(block.raw.split("\n")[0] ?? "");
    if (!own || normalizeRequirementName(own[1] ?? "") !== key) {
      return {
        ok: false,
        message: `${label("MODIFIED", block.name)} - header mismatch in content`,
      };
    }
    const diff = diffScenarioNames(current.raw, block.raw);
    if (diff.missing.length > 0) {
      return {
        ok: false,
        message: `${
          label("MODIFIED", block.name)
        } - current spec contains scenario(s) not present in the modified block: ${
          quoteNames(diff.missing)
        }. ${
          describeScenarioBalance(diff)
        } Refresh the change spec before archiving to avoid dropping scenarios.`,
      };
    }
    if (normalizeBlockRaw(current.raw) !== normalizeBlockRaw(block.raw)) counts.modified++;
    byName.set(key, block);
  }

  for (const block of plan.added) {
    const key = normalizeRequirementName(block.name);
    const existing = byName.get(key);
    if (existing) {
      if (normalizeBlockRaw(existing.raw) === normalizeBlockRaw(block.raw)) continue;
      return { ok: false, message: `${label("ADDED", block.name)} - already exists` };
    }
    const variant = nearMiss(key);
    if (variant !== undefined) {
      return {
        ok: false,
        message: `${label("ADDED", block.name)} - ${
          header(byName.get(variant)?.name ?? "")
        } already exists and differs only in case or spacing; use MODIFIED with that exact header to change it, or choose a distinct name`,
      };
    }
    byName.set(key, block);
    folds.add(key);
    counts.added++;
  }

  return { ok: true, blocks: recompose(capability, original, slots, byName, warnings), counts };
}
