/** validate's early warning for MODIFIED blocks that would drop scenarios at archive. @module */
import type { RenamePair } from "./delta_plan.ts";
import { normalizeRequirementName } from "./requirement_names.ts";
import { extractRequirementsSection, type RequirementBlock } from "./requirements_section.ts";
import { describeScenarioBalance, diffScenarioNames, quoteNames } from "./scenario_diff.ts";
import type { ValidationIssue } from "./types.ts";

/**
 * ERRORs for MODIFIED blocks that omit a scenario the current main spec still has.
 * A MODIFIED naming a rename's new header is compared with the block under its old
 * name (following rename chains); one naming a renamed-away header is skipped.
 */
export function findScenarioLossIssues(
  path: string,
  modified: RequirementBlock[],
  renamed: RenamePair[],
  mainSpecText: string,
): ValidationIssue[] {
  const current = new Map<string, RequirementBlock>();
  for (const block of extractRequirementsSection(mainSpecText).bodyBlocks) {
    current.set(normalizeRequirementName(block.name), block);
  }
  const previousName = new Map(
    renamed.map(({ from, to }) => [normalizeRequirementName(to), normalizeRequirementName(from)]),
  );
  const renamedAway = new Set(renamed.map(({ from }) => normalizeRequirementName(from)));
  const blockFor = (name: string): RequirementBlock | undefined => {
    const visited = new Set<string>();
    let key: string | undefined = name;
    while (key !== undefined && !visited.has(key)) {
      const block = current.get(key);
      if (block) return block;
      visited.add(key);
      key = previousName.get(key);
    }
    return undefined;
  };
  const issues: ValidationIssue[] = [];
  for (const block of modified) {
    const key = normalizeRequirementName(block.name);
    if (renamedAway.has(key)) continue;
    const base = blockFor(key);
    if (!base) continue;
    const diff = diffScenarioNames(base.raw, block.raw);
    if (diff.missing.length === 0) continue;
    issues.push({
      level: "ERROR",
      path,
      message:
        `MODIFIED "${block.name}" omits scenario(s) the current spec still has: ${
          quoteNames(diff.missing)
        }. ` +
        `${describeScenarioBalance(diff)} ` +
        "Copy the omitted scenarios into the MODIFIED block (a MODIFIED requirement replaces the whole block, so archive refuses to drop them).",
    });
  }
  return issues;
}
