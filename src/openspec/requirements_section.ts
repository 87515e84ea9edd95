/** Splits a main spec around its `## Requirements` section, as the archive merge does. @module */
import { buildCodeFenceMask } from "./code_fence.ts";
import { normalizeRequirementName, REQUIREMENT_HEADER } from "./requirement_names.ts";
import { normalizeNewlines, stripBom } from "./text.ts";

/** One `### Requirement:` block: its header line, normalised name and raw text (trailing whitespace trimmed). */
export interface RequirementBlock {
  headerLine: string;
  name: string;
  raw: string;
}

/** A main spec cut into the pieces the merge rebuilds it from. */
export interface RequirementsSectionParts {
  /** Everything above the `## Requirements` line (ends with one LF when non-blank). */
  before: string;
  headerLine: string;
  /** Lines between the header and the first requirement, trailing whitespace trimmed. */
  preamble: string;
  bodyBlocks: RequirementBlock[];
  /** From the next `## ` header on (starts with LF). */
  after: string;
}

const REQUIREMENTS_HEADER = /^##\s+Requirements\s*$/i;
const TOP_LEVEL_HEADER = /^##\s+/;

/**
 * Reads the first unfenced `## Requirements` section (case-insensitive) and its
 * requirement blocks. Any line that is not a `### Requirement:` or `## ` header is
 * absorbed into the preceding block. Without such a section the whole file becomes
 * `before` and an empty section is implied at the end.
 */
export function extractRequirementsSection(content: string): RequirementsSectionParts {
  const lines = normalizeNewlines(stripBom(content)).split("\n");
  const mask = buildCodeFenceMask(lines);
  const headerIndex = lines.findIndex((line, i) => !mask[i] && REQUIREMENTS_HEADER.test(line));
  if (headerIndex === -1) {
    // The CLI uses the raw (unnormalised) content here, BOM and CRs included.
    const before = content.trimEnd();
    return {
      before: before ? `${before}\n\n` : "",
      headerLine: "## Requirements",
      preamble: "",
      bodyBlocks: [],
      after: "\n",
    };
  }
  let endIndex = lines.length;
  for (let i = headerIndex + 1; i < lines.length; i++) {
    if (!mask[i] && TOP_LEVEL_HEADER.test(lines[i] ?? "")) {
      endIndex = i;
      break;
    }
  }
  const isRequirementHeader = (i: number) => !mask[i] && REQUIREMENT_HEADER.test(lines[i] ?? "");
  let cursor = headerIndex + 1;
  const preambleLines: string[] = [];
  while (cursor < endIndex && !isRequirementHeader(cursor)) {
    preambleLines.push(lines[cursor] ?? "");
    cursor++;
  }
  const bodyBlocks: RequirementBlock[] = [];
  while (cursor < endIndex) {
    const headerLine = lines[cursor] ?? "";
    const name = normalizeRequirementName(REQUIREMENT_HEADER.exec(headerLine)?.[1] ?? "");
    const blockLines = [headerLine];
    cursor++;
    // The section already ends at the next `## `, so only requirement headers split blocks.
    while (cursor < endIndex && !isRequirementHeader(cursor)) {
      blockLines.push(lines[cursor] ?? "");
      cursor++;
    }
    bodyBlocks.push({ headerLine, name, raw: blockLines.join("\n").trimEnd() });
  }
  const before = lines.slice(0, headerIndex).join("\n");
  const after = lines.slice(endIndex).join("\n");
  return {
    before: before.trimEnd() ? `${before}\n` : before,
    headerLine: lines[headerIndex] ?? "",
    preamble: preambleLines.join("\n").trimEnd(),
    bodyBlocks,
    after: after.startsWith("\n") ? after : `\n${after}`,
  };
}
