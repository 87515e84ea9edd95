/**
 * A repository of N ready-to-archive changes that all add one requirement to the capability
 * `rules`, for crash and concurrency tests: after any interleaving, the main spec must hold
 * exactly the requirements of the changes that were archived.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";

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

/**
 * Checks that an interrupted run of archives left the repository whole: each change is either
 * still active or archived (never both, never neither), the main spec holds exactly the archived
 * changes' requirements, and no archive journal is left. Returns the archived change numbers.
 */
export async function assertRulesConsistent(
  root: string,
  n: number,
  label: string,
): Promise<Set<number>> {
  const numbers = async (dir: string, pattern: RegExp) => {
    const found = new Set<number>();
    for await (const e of Deno.readDir(dir)) {
      const m = pattern.exec(e.name);
      if (m) found.add(Number(m[1]));
    }
    return found;
  };
  const active = await numbers(`${root}/openspec/changes`, /^rule-(\d+)$/);
  const archived = await numbers(
    `${root}/openspec/changes/archive`,
    /^\d{4}-\d{2}-\d{2}-rule-(\d+)$/,
  );
  for (let i = 0; i < n; i++) {
    assert(active.has(i) !== archived.has(i), `rule-${i} must be active xor archived (${label})`);
  }
  const spec = await Deno.readTextFile(`${root}/openspec/specs/rules/spec.md`);
  // `Rule -1` is the seeded requirement; the pattern leaves it out.
  const merged = new Set(
    [...spec.matchAll(/### Requirement: Rule (\d+)/g)].map((m) => Number(m[1])),
  );
  assertEquals([...merged].sort(), [...archived].sort(), label);
  const journal = await Array.fromAsync(Deno.readDir(`${root}/openspec/.task-mcp/journal`))
    .catch(() => []);
  assertEquals(journal.length, 0, `no journal left (${label})`);
  return archived;
}
