/** The `## Purpose` carried from a delta into a newly created main spec. @module */
import { buildCodeFenceMask } from "./code_fence.ts";
import { parseSpec } from "./markdown_sections.ts";
import { PURPOSE_PLACEHOLDER_PREFIX, PURPOSE_PLACEHOLDER_SUFFIX } from "./purpose_placeholder.ts";
import { findMainSpecStructureIssues } from "./spec_structure.ts";
import { normalizeNewlines } from "./text.ts";

/** Blanks `<!-- ... -->` spans (also `--!>`-closed and unterminated ones), keeping line count. */
function maskHtmlComments(content: string): string {
  const blank = (text: string) => text.replace(/[^\n]/g, " ");
  let out = "";
  let index = 0;
  for (;;) {
    const open = content.indexOf("<!--", index);
    if (open === -1) return out + content.slice(index);
    out += content.slice(index, open);
    let close = -1;
    for (let i = open + 4; i < content.length; i++) {
      if (content.startsWith("-->", i)) {
        close = i + 3;
        break;
      }
      if (content.startsWith("--!>", i)) {
        close = i + 4;
        break;
      }
    }
    if (close === -1) return out + blank(content.slice(open));
    out += blank(content.slice(open, close));
    index = close;
  }
}

/**
 * The trimmed body of a `## Purpose` section (no BOM strip, so a BOM-prefixed first
 * line hides it), or undefined when absent or only fences/comments.
 */
export function extractPurposeSection(content: string): string | undefined {
  const normalized = normalizeNewlines(content);
  const lines = normalized.split("\n");
  const masked = maskHtmlComments(normalized).split("\n");
  const fence = buildCodeFenceMask(masked);
  const start = masked.findIndex((line, i) => !fence[i] && /^##\s+Purpose\s*$/i.test(line));
  if (start === -1) return undefined;
  let end = masked.length;
  for (let i = start + 1; i < masked.length; i++) {
    if (!fence[i] && /^##\s+/.test(masked[i] ?? "")) {
      end = i;
      break;
    }
  }
  const prose = masked.slice(start + 1, end).filter((_, k) => !fence[start + 1 + k]).join("\n")
    .trim();
  if (!prose) return undefined;
  return lines.slice(start + 1, end).join("\n").trim() || undefined;
}

/** The skeleton archive writes for a new capability (Purpose placeholder when none is given). */
export function buildSpecSkeleton(
  capability: string,
  changeName: string,
  purpose?: string,
): string {
  const body = purpose?.trim() ||
    `${PURPOSE_PLACEHOLDER_PREFIX}${changeName}${PURPOSE_PLACEHOLDER_SUFFIX}`;
  return `# ${capability} Specification\n\n## Purpose\n${body}\n\n## Requirements\n`;
}

/**
 * The overview a carried Purpose would produce, or undefined when it would leave the
 * new spec unreadable (an HTML comment, a structure problem, or a parse failure).
 */
export function readableOverview(skeleton: string): string | undefined {
  if (skeleton.includes("<!--")) return undefined;
  if (findMainSpecStructureIssues(skeleton).length > 0) return undefined;
  const parsed = parseSpec(skeleton);
  return parsed.ok ? parsed.spec.overview.trim() || undefined : undefined;
}
