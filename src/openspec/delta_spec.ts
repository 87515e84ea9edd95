/** Display-oriented view of a delta spec's operations. @module */
import { parseDeltaPlan } from "./delta_plan.ts";

/** One operation of a delta spec. */
export interface DeltaOperation {
  operation: "ADDED" | "MODIFIED" | "REMOVED" | "RENAMED";
  /** The requirement name (for RENAMED, the new name). */
  name: string;
  /** RENAMED only: the old name. */
  from?: string;
  /** The raw block (header line included) for ADDED, MODIFIED and header-form REMOVED. */
  raw?: string;
}

/**
 * The parsed operations of a delta spec file, in the order `show` lists them:
 * ADDED, MODIFIED, REMOVED (document order), RENAMED.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * const ops = parseDeltaSpec("## REMOVED Requirements\n- `### Requirement: Old`\n").operations;
 * assertEquals(ops, [{ operation: "REMOVED", name: "Old" }]);
 * ```
 */
export function parseDeltaSpec(text: string): { operations: DeltaOperation[] } {
  const plan = parseDeltaPlan(text);
  const operations: DeltaOperation[] = [];
  for (const block of plan.added) {
    operations.push({ operation: "ADDED", name: block.name, raw: block.raw });
  }
  for (const block of plan.modified) {
    operations.push({ operation: "MODIFIED", name: block.name, raw: block.raw });
  }
  const headerForms = [...plan.removedBlocks];
  for (const name of plan.removed) {
    const index = headerForms.findIndex((block) => block.name === name);
    const block = index === -1 ? undefined : headerForms.splice(index, 1)[0];
    operations.push(
      block ? { operation: "REMOVED", name, raw: block.raw } : { operation: "REMOVED", name },
    );
  }
  for (const { from, to } of plan.renamed) {
    operations.push({ operation: "RENAMED", name: to, from });
  }
  return { operations };
}
