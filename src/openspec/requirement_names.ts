/** Requirement-name normalisation and the `### Requirement:` header readers. @module */

/**
 * The canonical requirement name: a CommonMark closing `#` run (preceded by a space
 * or tab) removed, then trimmed. Not idempotent for `Foo # #`, and the CLI applies it
 * twice in places; callers mirror exactly where it does.
 */
export function normalizeRequirementName(name: string): string {
  return stripClosingHashes(name).trim();
}

/**
 * Removes a trailing `[ \t]+#+[ \t]*` run (a CommonMark closing sequence; `C#` keeps
 * its `#`). Scans backwards instead of using the regex, which backtracks quadratically
 * on long whitespace runs.
 */
export function stripClosingHashes(text: string): string {
  const isBlank = (i: number) => text.charAt(i) === " " || text.charAt(i) === "\t";
  let i = text.length;
  while (i > 0 && isBlank(i - 1)) i--;
  const hashesEnd = i;
  while (i > 0 && text.charAt(i - 1) === "#") i--;
  if (i === hashesEnd) return text;
  const hashesStart = i;
  while (i > 0 && isBlank(i - 1)) i--;
  return i === hashesStart ? text : text.slice(0, i);
}

/** Case- and whitespace-insensitive fold, used only to detect near-miss typos. */
export function foldRequirementName(name: string): string {
  return normalizeRequirementName(name).toLowerCase().replace(/\s+/g, " ");
}

/** The delta/merge reader's header: `###`, optional space, `Requirement:` (any case), a name. */
export const REQUIREMENT_HEADER = /^###\s*Requirement:\s*(.+)\s*$/i;

/** The raw name captured by {@link REQUIREMENT_HEADER}, or undefined when the line is no header. */
export function requirementHeaderName(line: string): string | undefined {
  return REQUIREMENT_HEADER.exec(line)?.[1];
}

function isSpace(ch: string): boolean {
  return /\s/.test(ch);
}

/** A JS `.` does not match these, so a regex capture can never contain them. */
function hasLineTerminator(text: string): boolean {
  return /[\n\r\u2028\u2029]/.test(text);
}

/**
 * Matches `` \s*`?###\s*Requirement:\s*(.+?)`?\s*$ `` (case-sensitive) from `start`
 * and returns the raw capture. Hand-written because the lazy capture followed by
 * optional suffixes backtracks quadratically on long whitespace runs.
 */
export function readRequirementReference(line: string, start: number): string | undefined {
  let i = start;
  while (i < line.length && isSpace(line.charAt(i))) i++;
  if (line.charAt(i) === "`") i++;
  if (!line.startsWith("###", i)) return undefined;
  i += 3;
  while (i < line.length && isSpace(line.charAt(i))) i++;
  if (!line.startsWith("Requirement:", i)) return undefined;
  i += "Requirement:".length;
  const afterLabel = i;
  while (i < line.length && isSpace(line.charAt(i))) i++;
  if (i === line.length) {
    // All whitespace: the regex backtracks to capture the final whitespace character.
    return i > afterLabel ? line.charAt(i - 1) : undefined;
  }
  let end = line.length;
  while (end > i && isSpace(line.charAt(end - 1))) end--;
  // The optional closing backtick belongs to the suffix, unless it is the only character.
  if (line.charAt(end - 1) === "`" && end - 1 > i) end--;
  const capture = line.slice(i, end);
  return hasLineTerminator(capture) ? undefined : capture;
}

/** Skips leading whitespace, as `^\s*` does. */
export function skipSpaces(line: string, start = 0): number {
  let i = start;
  while (i < line.length && isSpace(line.charAt(i))) i++;
  return i;
}
