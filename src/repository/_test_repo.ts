/**
 * A repository over the in-memory filesystem, for unit tests.
 *
 * @module
 */
import { createMemoryFileSystem } from "../fs/memory.ts";
import type { ChangeEvent } from "../backend_types.ts";
import { ChangeIndex } from "./change_index.ts";
import { createRepoContext, type RepoContext } from "./context.ts";
import { openChange } from "../workflow/open_change.ts";
import { writeDocument } from "../workflow/write_document.ts";

/**
 * The operations that make changes, for tests here that need one to exist. They live a layer up
 * (they follow the change's workflow schema); a test helper may reach them.
 */
export { openChange, writeDocument };

/** A context with a fixed clock and the events it emitted. */
export function testRepo(files: Record<string, string> = {}, now = new Date(2026, 10, 21, 12)) {
  let t = now.getTime();
  const fs = createMemoryFileSystem({ files, now: () => t });
  let id = 0;
  const repo: RepoContext & { onChange(l: (e: ChangeEvent) => void): () => void } =
    createRepoContext({ fs, now: () => new Date(t), randomId: () => `id${++id}`, pid: 1 });
  const events: ChangeEvent[] = [];
  repo.onChange((e) => events.push(e));
  return {
    repo,
    fs,
    events,
    index: new ChangeIndex(repo),
    /** Moves the clock forward, so that later writes get later modification times. */
    tick(ms = 1000) {
      t += ms;
    },
  };
}

/** A filled-in, valid delta spec. */
export const VALID_DELTA = `## ADDED Requirements

### Requirement: Greeting
The system SHALL greet the user by name.

#### Scenario: Known user
- **WHEN** a known user opens the app
- **THEN** the app greets them by name
`;

/** Opens the feature change "greet" and fills its delta spec with {@link VALID_DELTA}. */
export async function openGreetChange(repo: RepoContext): Promise<void> {
  await openChange(repo, { title: "Greet", slug: "greet", template: "feature" }, "t");
  await writeDocument(
    repo,
    { slug: "greet", path: "specs/greet/spec.md", content: VALID_DELTA },
    "t",
  );
}
