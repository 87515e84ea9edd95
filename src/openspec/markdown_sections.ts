/** The CLI's heading-tree Markdown reader (main specs, proposals, show output). @module */
import { buildCodeFenceMask } from "./code_fence.ts";
import { extractRequirementText } from "./requirement_text.ts";
import { normalizeNewlines, stripBom } from "./text.ts";

/** A heading with its content (up to the next heading of the same or higher level) and children. */
export interface Section {
  level: number;
  title: string;
  content: string;
  children: Section[];
}

/** A requirement as `show --json` prints it. */
export interface ParsedRequirement {
  text: string;
  scenarios: { rawText: string }[];
}

const SECTION_HEADER = /^(#{1,6})\s+(.+)$/;
// A content boundary needs no title, so `## ` alone ends a section without starting one.
const BOUNDARY = /^(#{1,6})\s+/;

/** Splits text the way the CLI's parser does: BOM stripped, CRLF/CR normalised. */
export function markdownLines(content: string): string[] {
  return normalizeNewlines(stripBom(content)).split("\n");
}

/**
 * Builds the heading tree of `lines`, ignoring fenced lines. Section content is
 * found with one monotonic-stack pass instead of a rescan per heading.
 */
export function parseSections(lines: readonly string[]): Section[] {
  const mask = buildCodeFenceMask(lines);
  const headers: { index: number; level: number; title: string; end: number }[] = [];
  const open: typeof headers = [];
  lines.forEach((line, i) => {
    if (mask[i]) return;
    const boundary = BOUNDARY.exec(line);
    if (!boundary) return;
    const level = (boundary[1] ?? "").length;
    while (open.length > 0 && (open[open.length - 1]?.level ?? 0) >= level) {
      const closed = open.pop();
      if (closed) closed.end = i;
    }
    const header = SECTION_HEADER.exec(line);
    if (!header) return;
    const entry = { index: i, level, title: (header[2] ?? "").trim(), end: lines.length };
    headers.push(entry);
    open.push(entry);
  });
  const roots: Section[] = [];
  const stack: Section[] = [];
  for (const header of headers) {
    const section: Section = {
      level: header.level,
      title: header.title,
      content: lines.slice(header.index + 1, header.end).join("\n").trim(),
      children: [],
    };
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= section.level) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(section);
    else roots.push(section);
    stack.push(section);
  }
  return roots;
}

/** Depth-first search for the first heading titled `title` (case-insensitive). */
export function findSection(sections: readonly Section[], title: string): Section | undefined {
  const wanted = title.toLowerCase();
  for (const section of sections) {
    if (section.title.toLowerCase() === wanted) return section;
    const child = findSection(section.children, title);
    if (child) return child;
  }
  return undefined;
}

/** Each child heading of `section` as a requirement; its non-empty child headings are scenarios. */
export function parseRequirements(section: Section): ParsedRequirement[] {
  return section.children.map((child) => ({
    text: extractRequirementText(child.title, child.content.split("\n")),
    scenarios: child.children
      .filter((scenario) => scenario.content.trim().length > 0)
      .map((scenario) => ({ rawText: scenario.content })),
  }));
}

/** A main spec as the validator sees it. */
export interface ParsedSpec {
  overview: string;
  requirements: ParsedRequirement[];
}

/**
 * Reads a main spec: `Purpose` and `Requirements` at any heading level.
 * Returns the CLI's error message when either is missing or Purpose is empty.
 */
export function parseSpec(
  content: string,
): { ok: true; spec: ParsedSpec } | { ok: false; error: string } {
  const sections = parseSections(markdownLines(content));
  const purpose = findSection(sections, "Purpose")?.content ?? "";
  const requirements = findSection(sections, "Requirements");
  if (!purpose) return { ok: false, error: "Spec must have a Purpose section" };
  if (!requirements) return { ok: false, error: "Spec must have a Requirements section" };
  return {
    ok: true,
    spec: { overview: purpose.trim(), requirements: parseRequirements(requirements) },
  };
}
