/**
 * Large main specs and deltas for the scale tests and `scripts/bench_validate.ts`: all
 * within the default size limits, shaped so that a per-entry scan of every name shows.
 *
 * @module
 */
import type { ChangeFiles } from "./types.ts";

/** A main spec of `n` requirements named `Main 0` … `Main <n-1>`, one scenario each. */
export function bigMainSpec(n: number): string {
  const lines = ["# cap Specification", "", "## Purpose", "Things the system does.", ""];
  lines.push("## Requirements", "");
  for (let i = 0; i < n; i++) {
    lines.push(`### Requirement: Main ${i}`, `The system SHALL do ${i}.`, "");
    lines.push(`#### Scenario: Case ${i}`, "- **WHEN** asked", "- **THEN** done", "");
  }
  return lines.join("\n");
}

/** The delta shapes: entries that miss the main spec are the ones a near-miss search scans for. */
export type BigDeltaShape = "removed" | "renamed" | "added" | "renamed+removed";

/** A delta of `n` entries (per section) of the given shape against {@link bigMainSpec}. */
export function bigDelta(shape: BigDeltaShape, n: number): string {
  const lines: string[] = [];
  if (shape === "renamed" || shape === "renamed+removed") {
    lines.push("## RENAMED Requirements", "");
    for (let i = 0; i < n; i++) {
      lines.push(`- FROM: \`### Requirement: Main ${i}\``, `- TO: \`### Requirement: New ${i}\``);
    }
    lines.push("");
  }
  if (shape === "removed" || shape === "renamed+removed") {
    lines.push("## REMOVED Requirements", "");
    for (let i = 0; i < n; i++) {
      lines.push(`### Requirement: Gone ${i}`, "**Reason**: Obsolete", "**Migration**: None", "");
    }
  }
  if (shape === "added") {
    lines.push("## ADDED Requirements", "");
    for (let i = 0; i < n; i++) {
      lines.push(`### Requirement: Added ${i}`, `The system SHALL add ${i}.`, "");
      lines.push(`#### Scenario: Add ${i}`, "- **WHEN** asked", "- **THEN** added", "");
    }
  }
  return lines.join("\n");
}

/** A change named `big` whose only delta is `deltaText` for capability `cap`. */
export function bigChange(deltaText: string): ChangeFiles {
  return {
    name: "big",
    metadataText: "schema: spec-driven\ncreated: 2026-11-21\n",
    tasksText: "## 1. Work\n\n- [x] 1.1 Done\n",
    specFiles: [{ path: "cap/spec.md", text: deltaText }],
  };
}
