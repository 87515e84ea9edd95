/** Requirement body, scenario and SHALL/MUST readers shared by validate, show and archive. @module */
import { buildCodeFenceMask } from "./code_fence.ts";

/** `**ID**: ...` style metadata lines, dropped from a body unless they are all it has. */
const METADATA_LINE = /^\*\*[^*]+\*\*:/;
/** Any Markdown header: where a requirement body ends. */
const HEADER_LINE = /^#{1,6}\s/;
/** Any level-4 header counts as a scenario header (not only `#### Scenario:`). */
export const SCENARIO_HEADER = /^####\s+/;
/** A header of level 1-4 ends a scenario body. */
const SCENARIO_BODY_END = /^#{1,4}\s/;

/** Normative-keyword test: uppercase `SHALL` or `MUST` as a whole word. */
export function containsShallOrMust(text: string): boolean {
  return /\b(SHALL|MUST)\b/.test(text);
}

/**
 * The requirement body: the lines after the header up to the first unfenced header,
 * blank and fenced lines skipped, each trimmed, joined with LF. `**Key**:` lines are
 * dropped unless they are the only body lines. Empty string when there is no body.
 */
export function extractRequirementBody(bodyLines: readonly string[]): string {
  const mask = buildCodeFenceMask(bodyLines);
  const captured: string[] = [];
  const metadata: string[] = [];
  for (let i = 0; i < bodyLines.length; i++) {
    if (mask[i]) continue;
    const line = bodyLines[i] ?? "";
    if (HEADER_LINE.test(line)) break;
    const trimmed = line.trim();
    if (trimmed.length === 0) continue;
    if (METADATA_LINE.test(trimmed)) metadata.push(trimmed);
    else captured.push(trimmed);
  }
  return captured.length > 0 ? captured.join("\n") : metadata.join("\n");
}

/** Display text of a requirement: its body, or the header title when the body is empty. */
export function extractRequirementText(headerTitle: string, bodyLines: readonly string[]): string {
  return extractRequirementBody(bodyLines) || headerTitle.trim();
}

/** The body of each unfenced `#### ` header, running to the next unfenced header of level 1-4. */
function readScenarioBodies(bodyLines: readonly string[]): string[] {
  const mask = buildCodeFenceMask(bodyLines);
  const bodies: string[] = [];
  let i = 0;
  while (i < bodyLines.length) {
    if (mask[i] || !SCENARIO_HEADER.test(bodyLines[i] ?? "")) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < bodyLines.length && (mask[end] || !SCENARIO_BODY_END.test(bodyLines[end] ?? ""))) {
      end++;
    }
    bodies.push(bodyLines.slice(i + 1, end).join("\n"));
    // Scenario bodies end at the next level 1-4 header, so scanning resumes there.
    i = end;
  }
  return bodies;
}

/** Scenarios that count: `#### ` headers whose body is not blank. */
export function countScenarios(bodyLines: readonly string[]): number {
  return readScenarioBodies(bodyLines).filter((body) => body.trim().length > 0).length;
}

/** `#### ` headers with an empty body (they do not count as scenarios). */
export function countEmptyScenarios(bodyLines: readonly string[]): number {
  return readScenarioBodies(bodyLines).filter((body) => body.trim().length === 0).length;
}
