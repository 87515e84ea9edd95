/** Detects a placeholder Purpose (archive's TBD sentence, or a leading TBD/TODO marker). @module */
import { buildCodeFenceMask } from "./code_fence.ts";
import { normalizeNewlines } from "./text.ts";

/** First half of the Purpose archive writes for a new capability. */
export const PURPOSE_PLACEHOLDER_PREFIX = "TBD - created by archiving change ";
/** Second half of that Purpose. */
export const PURPOSE_PLACEHOLDER_SUFFIX = ". Update Purpose after archive.";

// A marker must not run on into a longer word in any script ("TBDs", "TODO" + digit).
const WORD_END = "(?![\\p{L}\\p{N}\\p{M}_])";
// Lower/mixed case counts only before punctuation or a line end ("Todo el..." is Spanish prose).
const MARKER_PUNCTUATION = "(?=[ \\t]*(?:$|\\n|[:\\-\u2013\u2014.,;()\\[\\]{}]))";
// Built on first use: compiling case-insensitive Unicode property classes costs tens of
// milliseconds in JavaScriptCore, which would be paid by every start of the binary.
let markers: { shouted: RegExp; punctuated: RegExp } | undefined;
const lazyMarkers = () =>
  markers ??= {
    shouted: new RegExp(`^(?:TBD|TODO)${WORD_END}`, "u"),
    punctuated: new RegExp(`^(?:TBD|TODO)${WORD_END}${MARKER_PUNCTUATION}`, "iu"),
  };
const PURPOSE_HEADER = /^ {0,3}##(?!#)[ \t]+Purpose[ \t]*$/i;
const TOP_LEVEL_HEADER = /^ {0,3}#{1,2}(?!#)[ \t]+/;

function unfencedLines(text: string): string[] {
  const lines = normalizeNewlines(text).split("\n");
  const mask = buildCodeFenceMask(lines);
  return lines.filter((_, i) => !mask[i]);
}

/** Index of the prefix closest before a suffix occurrence, if the generated sentence is present. */
function generatedPlaceholderIndex(text: string): number | undefined {
  let suffixAt = text.indexOf(PURPOSE_PLACEHOLDER_SUFFIX);
  while (suffixAt !== -1) {
    const prefixAt = text.lastIndexOf(PURPOSE_PLACEHOLDER_PREFIX, suffixAt);
    if (prefixAt !== -1) return prefixAt;
    suffixAt = text.indexOf(PURPOSE_PLACEHOLDER_SUFFIX, suffixAt + 1);
  }
  return undefined;
}

/** The 1-based line of the placeholder inside the `## Purpose` section, when it can be located. */
function placeholderLine(content: string, leading: boolean): number | undefined {
  const lines = normalizeNewlines(content).split("\n");
  const mask = buildCodeFenceMask(lines);
  const header = lines.findIndex((line, i) => !mask[i] && PURPOSE_HEADER.test(line));
  if (header === -1) return undefined;
  const purposeLines: { line: number; text: string }[] = [];
  for (let i = header + 1; i < lines.length; i++) {
    if (mask[i]) continue;
    const text = lines[i] ?? "";
    if (TOP_LEVEL_HEADER.test(text)) break;
    if (leading && text.trim()) return i + 1;
    purposeLines.push({ line: i + 1, text });
  }
  if (leading) return undefined;
  const purpose = purposeLines.map(({ text }) => text).join("\n");
  const prefixAt = generatedPlaceholderIndex(purpose);
  if (prefixAt === undefined) return undefined;
  const offset = purpose.slice(0, prefixAt).split("\n").length - 1;
  return purposeLines[offset]?.line;
}

/**
 * Whether a main spec's Purpose (`overview`) is a placeholder; `line` locates it in
 * `content` when possible. Undefined when the Purpose reads as authored text.
 */
export function findPurposePlaceholder(
  overview: string,
  content: string,
): { line: number | undefined } | undefined {
  const prose = unfencedLines(overview).join("\n").trim();
  const leading = lazyMarkers().shouted.test(prose) || lazyMarkers().punctuated.test(prose);
  if (!leading && generatedPlaceholderIndex(prose) === undefined) return undefined;
  return { line: placeholderLine(content, leading) };
}
