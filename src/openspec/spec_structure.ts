/** Structural problems of a main spec that make archive refuse to update it. @module */
import { buildCodeFenceMask } from "./code_fence.ts";
import { normalizeRequirementName } from "./requirement_names.ts";
import { normalizeNewlines } from "./text.ts";

/** One structural problem, with its 1-based line. */
export interface StructureIssue {
  kind: "delta-header" | "requirement-outside-requirements" | "duplicate-requirement";
  line: number;
  message: string;
}

const REQUIREMENTS_HEADER = /^##\s+Requirements\s*$/i;
const TOP_LEVEL_HEADER = /^##\s+/;
const DELTA_HEADER = /^##\s+(ADDED|MODIFIED|REMOVED|RENAMED)\s+Requirements\s*$/i;
// Unlike the delta reader, this check wants whitespace after `###`.
const REQUIREMENT_HEADER = /^###\s+Requirement:\s*(.+)\s*$/i;

/**
 * Delta headers in a main spec, requirement headers outside its `## Requirements`
 * section, and duplicate requirement names. Fenced lines are ignored; no BOM strip.
 */
export function findMainSpecStructureIssues(content: string): StructureIssue[] {
  const raw = normalizeNewlines(content).split("\n");
  const mask = buildCodeFenceMask(raw);
  const lines = raw.map((line, i) => (mask[i] ? "" : line));
  const issues: StructureIssue[] = [];
  const seen = new Map<string, number>();
  const headerIndex = lines.findIndex((line) => REQUIREMENTS_HEADER.test(line));
  let endIndex = lines.length;
  if (headerIndex !== -1) {
    const next = lines.findIndex((line, i) => i > headerIndex && TOP_LEVEL_HEADER.test(line));
    if (next !== -1) endIndex = next;
  }
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    if (DELTA_HEADER.test(line)) {
      issues.push({
        kind: "delta-header",
        line: i + 1,
        message: `Main spec contains delta header "${trimmed}". ` +
          "Delta headers are only valid inside openspec/changes/<name>/specs/<capability-path>/spec.md " +
          "and truncate the parsed ## Requirements section.",
      });
      return;
    }
    const match = REQUIREMENT_HEADER.exec(line);
    if (!match) return;
    if (headerIndex === -1 || i <= headerIndex || i >= endIndex) {
      issues.push({
        kind: "requirement-outside-requirements",
        line: i + 1,
        message:
          `Requirement header "${trimmed}" appears outside the main ## Requirements section. ` +
          "Main specs only parse requirements inside that section, so this requirement is currently invisible to validate, list, and archive.",
      });
      return;
    }
    const name = normalizeRequirementName(match[1] ?? "");
    const previous = seen.get(name);
    if (previous !== undefined) {
      issues.push({
        kind: "duplicate-requirement",
        line: i + 1,
        message:
          `Requirement header "${trimmed}" duplicates the requirement declared on line ${previous}. ` +
          "Requirement names must be unique so spec updates cannot discard one block while updating another.",
      });
    } else {
      seen.set(name, i + 1);
    }
  });
  return issues;
}
