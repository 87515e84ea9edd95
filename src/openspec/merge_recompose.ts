/** Reassembles the requirement blocks after the merge, warning about absorbed notes that are dropped. @module */
import type { RequirementBlock } from "./requirements_section.ts";
import { firstForeignTail } from "./unaccounted_content.ts";

/** Block text compared for "identical content": line endings normalised, trimmed. */
export function normalizeBlockRaw(raw: string): string {
  return raw.replace(/\r\n?/g, "\n").trim();
}

/** Non-overlapping copies, so one retained duplicate cannot mask another copy's loss. */
function countOccurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  let count = 0;
  let at = haystack.indexOf(needle);
  while (at !== -1) {
    count++;
    at = haystack.indexOf(needle, at + needle.length);
  }
  return count;
}

/** Original slots first (renamed/modified in place), then new blocks in insertion order. */
export function recompose(
  capability: string,
  original: RequirementBlock[],
  slots: string[],
  byName: Map<string, RequirementBlock>,
  warnings: string[],
): RequirementBlock[] {
  const kept: RequirementBlock[] = [];
  const seen = new Set<string>();
  original.forEach((block, index) => {
    const key = slots[index] ?? "";
    const replacement = byName.get(key);
    if (replacement) {
      kept.push(replacement);
      seen.add(key);
    }
    if (replacement === block) return;
    // Content under an unrecognised heading rides inside a block; warn when it is dropped.
    const foreign = firstForeignTail(block.raw);
    if (!foreign) return;
    const needle = normalizeBlockRaw(foreign.raw);
    const keeps = replacement !== undefined &&
      countOccurrences(normalizeBlockRaw(replacement.raw), needle) >=
        countOccurrences(normalizeBlockRaw(block.raw), needle);
    if (!keeps) {
      warnings.push(
        `${capability} - "${foreign.heading}" sits inside requirement "${block.name}" and goes with it. ` +
          "Move it under its own requirement, or above `## Requirements`, to keep it.",
      );
    }
  });
  for (const [key, block] of byName) if (!seen.has(key)) kept.push(block);
  return kept;
}
