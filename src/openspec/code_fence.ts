/** Fenced-code-block masking shared by every OpenSpec Markdown reader. @module */

interface Fence {
  marker: string;
  length: number;
}

/** The fence a line opens: 3+ backticks or tildes after optional leading whitespace. */
function openingFence(line: string): Fence | undefined {
  const match = /^\s*(`{3,}|~{3,})/.exec(line);
  const run = match?.[1];
  return run === undefined ? undefined : { marker: run.charAt(0), length: run.length };
}

/** A line holding only the fence character repeated at least as often as the opener. */
function closesFence(line: string, fence: Fence): boolean {
  const run = /^\s*(`{3,}|~{3,})\s*$/.exec(line)?.[1];
  return run !== undefined && run.charAt(0) === fence.marker && run.length >= fence.length;
}

/**
 * A per-line mask where `true` marks a fence line or a line inside a fence.
 * The CLI ignores all such lines for structure (headers, requirements, sections).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals(buildCodeFenceMask(["a", "~~~", "## x", "~~~", "b"]), [false, true, true, true, false]);
 * ```
 */
export function buildCodeFenceMask(lines: readonly string[]): boolean[] {
  const mask = new Array<boolean>(lines.length).fill(false);
  let active: Fence | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (active === undefined) {
      active = openingFence(line);
      if (active !== undefined) mask[i] = true;
      continue;
    }
    mask[i] = true;
    if (closesFence(line, active)) active = undefined;
  }
  return mask;
}
