/**
 * Which paths `change_write` may write: the documents every change has (`proposal.md`,
 * `design.md`, `tasks.md`, `specs/<capability>/spec.md`) and, for a change of another workflow
 * schema, the outputs its artifacts generate (`research.md`, `plan/todo.md`, …).
 *
 * @module
 */
import { DomainError } from "../errors.ts";
import type { RepoContext } from "../repository/context.ts";
import { CAPABILITY_PATTERN, CHANGE_DOCUMENTS } from "../repository/layout.ts";
import { loadChangeWorkflow } from "./change_workflow.ts";
import { matchOutputs } from "./output_glob.ts";

/**
 * A relative path of plain segments — letters, digits, `_`, `-` and inner dots — so no `..`, no
 * dot files, no separators of other systems, no percent-encoding.
 */
const PLAIN = /^(?:[\p{L}\p{N}_-][\p{L}\p{N}._-]*\/)*[\p{L}\p{N}_-][\p{L}\p{N}._-]*$/u;

/**
 * Checks that `path` names a document a change may hold — `proposal.md`, `design.md`,
 * `tasks.md` or `specs/<capability>/spec.md` — and returns it; anything else, traversal
 * included, is refused before storage is touched.
 */
export function checkDocumentPath(path: string): string {
  if ((CHANGE_DOCUMENTS as readonly string[]).includes(path)) return path;
  const match = /^specs\/(.+)\/spec\.md$/.exec(path);
  if (match && CAPABILITY_PATTERN.test(match[1] ?? "")) return path;
  throw new DomainError(
    "PATH_NOT_ALLOWED",
    `Path "${path}" is not a change document: use proposal.md, design.md, tasks.md or specs/<capability>/spec.md`,
    { field: "path", value: path },
  );
}

/**
 * Returns `path` when the change `slug` may hold it; throws `PATH_NOT_ALLOWED` naming what it may
 * hold. Traversal never reaches the schema lookup.
 */
export async function writablePath(ctx: RepoContext, slug: string, path: string): Promise<string> {
  try {
    return checkDocumentPath(path);
  } catch (error) {
    // Delta specs keep their one shape (specs/<capability>/spec.md) whatever the schema says.
    if (!(error instanceof DomainError) || !PLAIN.test(path) || path.startsWith("specs/")) {
      throw error;
    }
    let generates: string[];
    try {
      generates = (await loadChangeWorkflow(ctx, slug)).loaded.schema.artifacts.map((a) =>
        a.generates
      );
    } catch {
      throw error;
    }
    if (generates.some((g) => matchOutputs([path], g).length)) return path;
    throw new DomainError(
      "PATH_NOT_ALLOWED",
      `${error.message}, or an output of the change's schema (${generates.join(", ")})`,
      { field: "path", value: path, outputs: generates },
    );
  }
}
