/** Content of a main spec that retiring the capability would delete without naming it. @module */
import { buildCodeFenceMask } from "./code_fence.ts";
import type { RequirementsSectionParts } from "./requirements_section.ts";
import { normalizeNewlines } from "./text.ts";

/**
 * The suffix of a requirement block starting at its first unfenced `#`-`###` heading
 * after the header line (content the block absorbed), or undefined.
 */
export function firstForeignTail(raw: string): { heading: string; raw: string } | undefined {
  const lines = normalizeNewlines(raw).split("\n");
  const mask = buildCodeFenceMask(lines);
  for (let i = 1; i < lines.length; i++) {
    if (mask[i]) continue;
    if (/^ {0,3}#{1,3}(?:[ \t]|$)/.test(lines[i] ?? "")) {
      return { heading: (lines[i] ?? "").trim(), raw: lines.slice(i).join("\n").trimEnd() };
    }
  }
  return undefined;
}

/** Column at which content after `prefix` starts (tabs to the next multiple of four). */
function contentColumn(prefix: string): number {
  let column = 0;
  for (const ch of prefix) column += ch === "\t" ? 4 - (column % 4) : 1;
  return column;
}

const INTERRUPTS_PARAGRAPH =
  /^ {0,3}(?:>|(?:[-*_][ \t]*){3,}$|(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|[<|])/;
const LIST_ITEM = /^(\s*(?:[-*+]|\d{1,9}[.)])\s+)/;

/** Drops up to `columns` columns of leading whitespace (a straddling tab is consumed whole). */
function dropIndent(line: string, columns: number): string {
  let column = 0;
  let index = 0;
  while (index < line.length && column < columns) {
    const ch = line.charAt(index);
    if (ch === " ") column += 1;
    else if (ch === "\t") column += 4 - (column % 4);
    else break;
    index++;
  }
  return line.slice(index);
}

function isHeadingLine(line: string): boolean {
  return /^ {0,3}#{1,6}(?:[ \t]|$)/.test(line) || /^\s*<h[1-6]\b/i.test(line);
}

/** Lines above `## Requirements` other than the title and the Purpose section. */
function leftoversBefore(before: string, out: string[]): void {
  const lines = normalizeNewlines(before.replace(/^\uFEFF/, "")).split("\n");
  const mask = buildCodeFenceMask(lines);
  let inPurpose = false;
  let titleSeen = false;
  let previous = "";
  lines.forEach((line, i) => {
    if (!line.trim()) {
      previous = "";
      return;
    }
    if (!mask[i]) {
      // `^ {0,3}##\s+(.+?)\s*$` without its backtracking: the trimmed rest is the title.
      const section = /^ {0,3}##\s./.exec(line);
      if (section) {
        inPurpose = /^purpose$/i.test(line.slice(line.indexOf("##") + 2).trim());
        if (!inPurpose) out.push(line.trim());
        previous = line;
        return;
      }
      const setext = inPurpose && previous.trim() && /^ {0,3}(=+|-+)\s*$/.test(line);
      const htmlHeading = /^ {0,3}<h[1-6]\b/i.test(line);
      if (setext || htmlHeading) {
        out.push((setext ? previous : line).trim());
        inPurpose = false;
        previous = line;
        return;
      }
      if (/^ {0,3}#\s+.+$/.test(line)) {
        if (!titleSeen && !inPurpose) titleSeen = true;
        else {
          out.push(line.trim());
          inPurpose = false;
        }
        previous = line;
        return;
      }
    }
    previous = line;
    if (!inPurpose) out.push(line.trim());
  });
}

/** Lines inside a requirement block other than its header, statement and scenario bullets. */
function leftoversInBlock(raw: string, out: string[]): void {
  const tail = firstForeignTail(raw);
  if (tail) out.push(tail.heading);
  const lines = normalizeNewlines(raw).split("\n");
  const mask = buildCodeFenceMask(lines);
  let seenScenario = false;
  let inScenarioBullets = false;
  let bulletsSeen = false;
  let listIndent: number | null = null;
  let paragraphOpen = false;
  lines.forEach((line, index) => {
    if (!line.trim()) {
      if (bulletsSeen) inScenarioBullets = false;
      listIndent = null;
      paragraphOpen = false;
      return;
    }
    if (index === 0) return;
    const indent = contentColumn(/^[ \t]*/.exec(line)?.[0] ?? "");
    const insideItem = listIndent !== null && indent >= listIndent;
    const withinItem = insideItem && listIndent !== null ? dropIndent(line, listIndent) : line;
    const lazy = paragraphOpen && inScenarioBullets && !INTERRUPTS_PARAGRAPH.test(withinItem);
    const continuesItem = (insideItem || lazy) && !isHeadingLine(withinItem);
    if (mask[index]) {
      if (!insideItem) listIndent = null;
      paragraphOpen = false;
      return;
    }
    if (index > 1 && /^ {0,3}(?:=+|-+)\s*$/.test(withinItem) && (lines[index - 1] ?? "").trim()) {
      out.push((lines[index - 1] ?? "").trim());
      listIndent = null;
      paragraphOpen = false;
      return;
    }
    if (continuesItem) {
      paragraphOpen = !INTERRUPTS_PARAGRAPH.test(withinItem);
      return;
    }
    const bullet = LIST_ITEM.exec(line);
    listIndent = bullet ? contentColumn(bullet[1] ?? "") : null;
    paragraphOpen = bullet !== null;
    if (/^ {0,3}####\s+Scenario:/i.test(line)) {
      seenScenario = true;
      inScenarioBullets = true;
      bulletsSeen = false;
      return;
    }
    if (bullet) {
      if (inScenarioBullets) {
        bulletsSeen = true;
        return;
      }
      if (!seenScenario) return;
      out.push(line.trim());
      return;
    }
    if (!seenScenario && !/^\s*[|<]/.test(line)) return;
    out.push(line.trim());
  });
}

/**
 * Every non-blank line of a spec that a retirement could not account for (deduplicated,
 * in order). Retirement is refused while this is non-empty.
 */
export function unaccountedContent(parts: RequirementsSectionParts): string[] {
  const out: string[] = [];
  leftoversBefore(parts.before, out);
  for (const slice of [parts.preamble, parts.after]) {
    for (const line of slice.split("\n")) if (line.trim()) out.push(line.trim());
  }
  for (const block of parts.bodyBlocks) leftoversInBlock(block.raw, out);
  return [...new Set(out)];
}
