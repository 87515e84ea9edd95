/** Main-spec validation: `openspec validate <capability>` and archive's rebuilt-spec check. @module */
import { parseSpec } from "./markdown_sections.ts";
import {
  MAX_REQUIREMENT_TEXT_LENGTH,
  MESSAGES,
  MIN_PURPOSE_LENGTH,
  missingShallOrMustMessage,
} from "./messages.ts";
import { findPurposePlaceholder } from "./purpose_placeholder.ts";
import { extractRequirementsSection } from "./requirements_section.ts";
import { containsShallOrMust, extractRequirementBody } from "./requirement_text.ts";
import { findMainSpecStructureIssues } from "./spec_structure.ts";
import type { ValidationIssue } from "./types.ts";

/**
 * The issues `openspec validate <capability> --json` reports for a main spec, in the
 * CLI's order: schema errors, structure errors, Purpose warnings, per-requirement
 * findings, then body SHALL/MUST findings. The capability id is accepted for symmetry
 * with the CLI, whose messages never include it.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * const issues = validateSpec("x", "# x\n");
 * assertEquals(issues[0]?.message.startsWith("Spec must have a Purpose section. "), true);
 * ```
 */
export function validateSpec(_capability: string, text: string): ValidationIssue[] {
  const parsed = parseSpec(text);
  if (!parsed.ok) {
    return [{
      level: "ERROR",
      path: "file",
      message: `${parsed.error}. ${MESSAGES.GUIDE_MISSING_SPEC_SECTIONS}`,
    }];
  }
  const { spec } = parsed;
  const issues: ValidationIssue[] = [];
  // Schema-level errors (the CLI's zod schema), in field order.
  if (spec.requirements.length === 0) {
    issues.push({ level: "ERROR", path: "requirements", message: MESSAGES.SPEC_NO_REQUIREMENTS });
  }
  spec.requirements.forEach((requirement, i) => {
    if (requirement.text.length === 0) {
      issues.push({
        level: "ERROR",
        path: `requirements.${i}.text`,
        message: MESSAGES.REQUIREMENT_EMPTY,
      });
    }
    if (requirement.scenarios.length === 0) {
      issues.push({
        level: "ERROR",
        path: `requirements.${i}.scenarios`,
        message: MESSAGES.REQUIREMENT_NO_SCENARIOS,
      });
    }
  });
  for (const structural of findMainSpecStructureIssues(text)) {
    issues.push({
      level: "ERROR",
      path: "file",
      line: structural.line,
      message: structural.message,
    });
  }
  const placeholder = findPurposePlaceholder(spec.overview, text);
  if (placeholder) {
    const issue: ValidationIssue = {
      level: "WARNING",
      path: "overview",
      message: MESSAGES.PURPOSE_IS_PLACEHOLDER,
    };
    if (placeholder.line !== undefined) issue.line = placeholder.line;
    issues.push(issue);
  } else if (spec.overview.length < MIN_PURPOSE_LENGTH) {
    issues.push({ level: "WARNING", path: "overview", message: MESSAGES.PURPOSE_TOO_BRIEF });
  }
  spec.requirements.forEach((requirement, i) => {
    if (requirement.text.length > MAX_REQUIREMENT_TEXT_LENGTH) {
      issues.push({
        level: "INFO",
        path: `requirements[${i}]`,
        message: MESSAGES.REQUIREMENT_TOO_LONG,
      });
    }
    if (requirement.scenarios.length === 0) {
      issues.push({
        level: "WARNING",
        path: `requirements[${i}].scenarios`,
        message: `${MESSAGES.REQUIREMENT_NO_SCENARIOS}. ${MESSAGES.GUIDE_SCENARIO_FORMAT}`,
      });
    }
  });
  // Body keyword checks read the canonical blocks (header + body), not the heading tree.
  extractRequirementsSection(text).bodyBlocks.forEach((block, i) => {
    const body = extractRequirementBody(block.raw.split("\n").slice(1));
    const prefix = `Requirement "${block.name}"`;
    if (!body) {
      issues.push({
        level: "ERROR",
        path: `requirements[${i}]`,
        message: missingShallOrMustMessage(prefix, block.name, false),
      });
    } else if (!containsShallOrMust(body)) {
      issues.push({
        level: "WARNING",
        path: `requirements[${i}]`,
        message: missingShallOrMustMessage(prefix, block.name, true),
      });
    }
  });
  return issues;
}
