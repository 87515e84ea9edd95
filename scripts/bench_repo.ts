/**
 * The repositories the benchmarks list: `n` changes shaped like the OpenSpec CLI's and ours.
 *
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import process from "node:process";

const made: string[] = [];
// The repositories go when the benchmark ends, however it ends (`process.exit` included).
process.on("exit", () => {
  for (const root of made) rmSync(root, { recursive: true, force: true });
});

/**
 * Makes a repository of `n` changes in a new temporary folder and returns its path; it is
 * removed when the process exits.
 */
export function makeBenchRepo(n: number, prefix = "task-mcp-bench-"): string {
  const root = mkdtempSync(`${tmpdir()}/${prefix}`);
  made.push(root);
  for (let i = 0; i < n; i++) {
    const slug = `change-${String(i).padStart(5, "0")}`;
    const dir = `${root}/openspec/changes/${slug}`;
    mkdirSync(`${dir}/specs/cap-${i}`, { recursive: true });
    writeFileSync(
      `${dir}/.openspec.yaml`,
      `schema: spec-driven\ncreated: 2026-11-21\ntitle: Change ${i}\n`,
    );
    writeFileSync(
      `${dir}/proposal.md`,
      `# Change ${i}\n\n## Why\n\nBecause.\n\n## What Changes\n\n- Things.\n`,
    );
    writeFileSync(`${dir}/tasks.md`, `# Tasks\n\n## 1. Work\n\n- [x] 1.1 One\n- [ ] 1.2 Two\n`);
    writeFileSync(
      `${dir}/specs/cap-${i}/spec.md`,
      "## ADDED Requirements\n\n### Requirement: R\nThe system SHALL r.\n\n#### Scenario: s\n- **WHEN** a\n- **THEN** b\n",
    );
  }
  mkdirSync(`${root}/openspec/changes/archive`, { recursive: true });
  mkdirSync(`${root}/openspec/specs`, { recursive: true });
  return root;
}
