/** Requirement counts as `openspec list --specs` reports them. @module */
import { parseSpec } from "./markdown_sections.ts";

/**
 * The requirement count `openspec list --specs --json` shows for a main spec: every
 * child heading of its Requirements section (not only `### Requirement:` ones), or 0
 * when the spec has no Purpose/Requirements section.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals(requirementCount("## Purpose\nP\n## Requirements\n### Requirement: A\n### Other\n"), 2);
 * ```
 */
export function requirementCount(specText: string): number {
  const parsed = parseSpec(specText);
  return parsed.ok ? parsed.spec.requirements.length : 0;
}
