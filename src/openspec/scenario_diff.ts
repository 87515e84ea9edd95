/** Scenario-loss comparison of a current requirement block and its MODIFIED replacement. @module */
import { buildCodeFenceMask } from "./code_fence.ts";
import { stripClosingHashes } from "./requirement_names.ts";
import { SCENARIO_HEADER } from "./requirement_text.ts";
import { normalizeNewlines } from "./text.ts";

/** Both directions of a scenario-name comparison, with multiplicity. */
export interface ScenarioDiff {
  missing: string[];
  added: string[];
  currentCount: number;
  incomingCount: number;
}

/** Scenario label: header text without `####`, a closing `#` run and a leading `Scenario:`. */
function scenarioName(line: string): string {
  return stripClosingHashes(line.replace(SCENARIO_HEADER, ""))
    .replace(/^Scenario:\s*/i, "")
    .trim();
}

/** Names of every unfenced `#### ` header of a raw block, in order. */
function scenarioNames(raw: string): string[] {
  const lines = normalizeNewlines(raw).split("\n");
  const mask = buildCodeFenceMask(lines);
  const names: string[] = [];
  lines.forEach((line, i) => {
    if (!mask[i] && SCENARIO_HEADER.test(line)) names.push(scenarioName(line));
  });
  return names;
}

/** Names of `names` left unmatched by `against`, counting duplicates. */
function unmatched(names: string[], against: string[]): string[] {
  const remaining = new Map<string, number>();
  for (const name of against) remaining.set(name, (remaining.get(name) ?? 0) + 1);
  const out: string[] = [];
  for (const name of names) {
    const left = remaining.get(name) ?? 0;
    if (left > 0) remaining.set(name, left - 1);
    else out.push(name);
  }
  return out;
}

/** Compares the scenario names of the current block with the incoming (MODIFIED) block. */
export function diffScenarioNames(currentRaw: string, incomingRaw: string): ScenarioDiff {
  const current = scenarioNames(currentRaw);
  const incoming = scenarioNames(incomingRaw);
  return {
    missing: unmatched(current, incoming),
    added: unmatched(incoming, current),
    currentCount: current.length,
    incomingCount: incoming.length,
  };
}

/** The sentence validate and archive append when scenarios would be lost. */
export function describeScenarioBalance(diff: ScenarioDiff): string {
  const count = (n: number) => `${n} ${n === 1 ? "scenario" : "scenarios"}`;
  const scale = `The modified block has ${count(diff.incomingCount)}; the current spec has ${
    count(diff.currentCount)
  }.`;
  if (diff.added.length === 0) return `${scale} It adds none.`;
  const listed = diff.added.slice(0, 3).map((name) => `"${name}"`).join(", ");
  const rest = diff.added.length - 3;
  const names = rest > 0 ? `${listed} and ${rest} more` : listed;
  return `${scale} It adds ${count(diff.added.length)} not in the current spec: ${names}.`;
}

/** The quoted, comma-separated list of missing scenario names used in both messages. */
export function quoteNames(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(", ");
}
