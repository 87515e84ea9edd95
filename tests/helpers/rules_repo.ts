/**
 * A repository of N ready-to-archive changes that all add one requirement to the capability
 * `rules`, for crash and concurrency tests: after any interleaving, the main spec must hold
 * exactly the requirements of the changes that were archived.
 *
 * @module
 */

/** The delta spec of change `rule-<i>`: one requirement named `Rule <i>`. */
export const ruleDelta = (i: number): string =>
  `## ADDED Requirements

### Requirement: Rule ${i}
The system SHALL apply rule ${i}.

#### Scenario: Rule ${i} applies
- **WHEN** rule ${i} is triggered
- **THEN** the system applies it
`;

/** Writes the main spec `rules` (holding `Rule -1`) and changes `rule-0` … `rule-<n-1>`. */
export async function seedRules(root: string, n: number): Promise<void> {
  await Deno.mkdir(`${root}/openspec/specs/rules`, { recursive: true });
  await Deno.mkdir(`${root}/openspec/changes/archive`, { recursive: true });
  await Deno.writeTextFile(
    `${root}/openspec/specs/rules/spec.md`,
    `# rules Specification\n\n## Purpose\nRules the system applies to every request it handles.\n\n## Requirements\n\n${
      ruleDelta(-1).replace("## ADDED Requirements\n\n", "")
    }`,
  );
  for (let i = 0; i < n; i++) {
    const dir = `${root}/openspec/changes/rule-${i}`;
    await Deno.mkdir(`${dir}/specs/rules`, { recursive: true });
    await Deno.writeTextFile(`${dir}/.openspec.yaml`, "schema: spec-driven\ncreated: 2026-01-01\n");
    await Deno.writeTextFile(`${dir}/specs/rules/spec.md`, ruleDelta(i));
  }
}
