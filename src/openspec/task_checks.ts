/** Warnings `validate <change>` raises for tasks.md (no checkboxes, ambiguous numbering). @module */
import { matchTaskLine } from "./task_lines.ts";
import type { ValidationIssue } from "./types.ts";

const LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])\s+\S/;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)/;
const FRONT_MATTER = /^-{3}\s*$/;
const CODE_BLOCK_COLUMN = 4;
const NO_CHECKBOX_MESSAGE =
  "This change counts as 0 tasks: no line in its tracked task files is a checkbox, " +
  'so "openspec list" and "openspec status" report no work and "openspec archive" ' +
  'has nothing to flag as incomplete. Write each task as "- [ ] 1.1 Description".';

/** Leading whitespace in columns, a tab advancing to the next multiple of four. */
function indentColumns(line: string): number {
  let column = 0;
  for (const ch of line) {
    if (ch === " ") column += 1;
    else if (ch === "\t") column += CODE_BLOCK_COLUMN - (column % CODE_BLOCK_COLUMN);
    else break;
  }
  return column;
}

/** Index of the first line after YAML front matter (`---` ... `---`), or 0. */
function skipFrontMatter(lines: string[]): number {
  const first = (lines[0] ?? "").replace(/^\uFEFF/, "").trimEnd();
  if (lines.length === 0 || !FRONT_MATTER.test(first)) return 0;
  for (let i = 1; i < lines.length; i++) {
    if (FRONT_MATTER.test((lines[i] ?? "").trimEnd())) return i + 1;
  }
  // An unterminated opener is a thematic break, not front matter.
  return 0;
}

/** 1-based line of the first rendered list item (outside fences, comments, front matter, indented code). */
function firstListItemLine(content: string): number | undefined {
  const lines = content.split("\n");
  let fence: { marker: string; length: number } | undefined;
  let inComment = false;
  for (let i = skipFrontMatter(lines); i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (inComment) {
      if (line.includes("-->")) inComment = false;
      continue;
    }
    const match = FENCE.exec(line);
    if (match) {
      const run = match[1] ?? "";
      if (fence === undefined) fence = { marker: run.charAt(0), length: run.length };
      else if (
        run.charAt(0) === fence.marker && run.length >= fence.length &&
        (match[2] ?? "").trim() === ""
      ) {
        fence = undefined;
      }
      continue;
    }
    if (fence !== undefined) continue;
    // Only a comment opening the line hides it (and what follows, until `-->`).
    if (line.trimStart().startsWith("<!--")) {
      if (!line.includes("-->", line.indexOf("<!--") + 4)) inComment = true;
      continue;
    }
    if (LIST_ITEM.test(line) && indentColumns(line) < CODE_BLOCK_COLUMN) return i + 1;
  }
  return undefined;
}

/** WARNING when tasks.md has list items but no checkbox at all (front matter is skipped here). */
export function findMissingCheckboxIssues(path: string, content: string): ValidationIssue[] {
  if (content.split("\n").some((line) => matchTaskLine(line) !== undefined)) return [];
  const line = firstListItemLine(content);
  return line === undefined ? [] : [{ level: "WARNING", path, line, message: NO_CHECKBOX_MESSAGE }];
}

const LEVEL_TWO_HEADING = /^ {0,3}##(?!#)(?:[ \t]+|[ \t]*\r?$)/;
const NUMBERED_GROUP_HEADING = /^ {0,3}##[ \t]+(\d+)\.(?:[ \t]|\r?$)/;
const TASK_ID = /^(\d+(?:\.\d+)+(?:[A-Za-z]+)?)(?=\s|$)/;

/**
 * WARNINGs for tasks numbered into the wrong `## N.` group and duplicated task ids.
 * Only lines under numbered groups are read; files without such groups are ignored.
 */
export function findTaskNumberingIssues(path: string, content: string): ValidationIssue[] {
  const lines = content.split("\n");
  if (!lines.some((line) => NUMBERED_GROUP_HEADING.test(line))) return [];
  const issues: ValidationIssue[] = [];
  const firstLine = new Map<string, number>();
  let group: string | undefined;
  lines.forEach((line, index) => {
    if (LEVEL_TWO_HEADING.test(line)) group = NUMBERED_GROUP_HEADING.exec(line)?.[1];
    if (group === undefined) return;
    const task = matchTaskLine(line);
    const id = task ? TASK_ID.exec(task.description)?.[1] : undefined;
    if (!id) return;
    const lineNumber = index + 1;
    const taskGroup = id.split(".")[0] ?? "";
    if (taskGroup.replace(/^0+(?=\d)/, "") !== group.replace(/^0+(?=\d)/, "")) {
      issues.push({
        level: "WARNING",
        path,
        line: lineNumber,
        message:
          `Task "${id}" is under group ${group}, but its leading number points to group ${taskGroup}. Move it to group ${taskGroup} or renumber it.`,
      });
    }
    const first = firstLine.get(id);
    if (first !== undefined) {
      issues.push({
        level: "WARNING",
        path,
        line: lineNumber,
        message: `Task ID "${id}" is duplicated; it was first declared on line ${first}.`,
      });
    } else {
      firstLine.set(id, lineNumber);
    }
  });
  return issues;
}
