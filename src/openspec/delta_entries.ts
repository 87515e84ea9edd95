/** Readers of the entries inside one delta section: requirement blocks, REMOVED names, RENAMED pairs. @module */
import type { RequirementBlock } from "./requirements_section.ts";
import {
  normalizeRequirementName,
  readRequirementReference,
  REQUIREMENT_HEADER,
  skipSpaces,
} from "./requirement_names.ts";

const TOP_LEVEL_HEADER = /^##\s+/;

/** A RENAMED pair (names normalised once). */
export interface RenamePair {
  from: string;
  to: string;
}

/** A FROM:/TO: line that never formed a pair. */
export interface UnpairedRename {
  side: "FROM" | "TO";
  name: string;
  line: number;
}

/** A non-requirement `### ` header inside ADDED/MODIFIED. */
export interface SkippedHeader {
  header: string;
  section: string;
  line: number;
}

/** The lines of one `## ` section, with their fence mask. */
export interface SectionBody {
  lines: string[];
  mask: boolean[];
  /** 1-based line number of the first body line. */
  startLine: number;
}

/** `^###\s+(.+?)\s*$`: the trimmed text of a level-3 header, or undefined. */
function levelThreeTitle(line: string): string | undefined {
  if (!line.startsWith("###") || line.length < 5 || !/\s/.test(line.charAt(3))) return undefined;
  return line.slice(3).trim();
}

/** Requirement blocks of a section; non-requirement `### ` headers are reported to `skipped`. */
export function readBlocks(
  body: SectionBody,
  skipped?: { section: string; sink: SkippedHeader[] },
): RequirementBlock[] {
  const { lines, mask } = body;
  const isRequirement = (i: number) => !mask[i] && REQUIREMENT_HEADER.test(lines[i] ?? "");
  const noteSkipped = (i: number) => {
    if (!skipped || mask[i]) return;
    const line = lines[i] ?? "";
    const header = levelThreeTitle(line);
    if (header !== undefined && !REQUIREMENT_HEADER.test(line)) {
      skipped.sink.push({ header, section: skipped.section, line: body.startLine + i });
    }
  };
  const blocks: RequirementBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    while (i < lines.length && !isRequirement(i)) {
      noteSkipped(i);
      i++;
    }
    if (i >= lines.length) break;
    const headerLine = lines[i] ?? "";
    const name = normalizeRequirementName(REQUIREMENT_HEADER.exec(headerLine)?.[1] ?? "");
    const buf = [headerLine];
    i++;
    while (
      i < lines.length && !isRequirement(i) && !(!mask[i] && TOP_LEVEL_HEADER.test(lines[i] ?? ""))
    ) {
      noteSkipped(i);
      buf.push(lines[i] ?? "");
      i++;
    }
    blocks.push({ headerLine, name, raw: buf.join("\n").trimEnd() });
  }
  return blocks;
}

/** REMOVED names: `### Requirement:` headers and bullets (`-`, `*`, `+`) carrying one. */
export function readRemovedNames(body: SectionBody): string[] {
  const names: string[] = [];
  body.lines.forEach((line, i) => {
    if (body.mask[i]) return;
    const header = REQUIREMENT_HEADER.exec(line);
    if (header) {
      names.push(normalizeRequirementName(header[1] ?? ""));
      return;
    }
    const marker = skipSpaces(line);
    if (!"-*+".includes(line.charAt(marker)) || marker >= line.length) return;
    const name = readRequirementReference(line, marker + 1);
    if (name !== undefined) names.push(normalizeRequirementName(name));
  });
  return names;
}

/** Reads `FROM:`/`TO:` lines (bullet optional); the rest after the label as in the REMOVED bullet. */
function renameLine(line: string, label: "FROM:" | "TO:"): string | undefined {
  let i = skipSpaces(line);
  if (i < line.length && "-*+".includes(line.charAt(i))) i = skipSpaces(line, i + 1);
  if (!line.startsWith(label, i)) return undefined;
  return readRequirementReference(line, i + label.length);
}

/** FROM/TO pairs of a section; lines that never pair are pushed to `unpaired`. */
export function readRenamePairs(body: SectionBody, unpaired: UnpairedRename[]): RenamePair[] {
  const pairs: RenamePair[] = [];
  let pending: { name: string; line: number } | undefined;
  body.lines.forEach((line, i) => {
    if (body.mask[i]) return;
    const from = renameLine(line, "FROM:");
    if (from !== undefined) {
      if (pending) unpaired.push({ side: "FROM", ...pending });
      pending = { name: normalizeRequirementName(from), line: body.startLine + i };
      return;
    }
    const toRaw = renameLine(line, "TO:");
    if (toRaw === undefined) return;
    const to = normalizeRequirementName(toRaw);
    if (!pending) {
      unpaired.push({ side: "TO", name: to, line: body.startLine + i });
      return;
    }
    pairs.push({ from: pending.name, to });
    pending = undefined;
  });
  // Pairs never span two copies of the section: a FROM left open here is unpaired.
  if (pending) unpaired.push({ side: "FROM", ...pending });
  return pairs;
}
