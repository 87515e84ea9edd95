/**
 * Which paths `change_write` may write: the documents every change has (`proposal.md`,
 * `design.md`, `tasks.md`, `specs/<capability>/spec.md`) and, for a change of another workflow
 * schema, the outputs its artifacts generate (`research.md`, `plan/todo.md`, …).
 *
 * @module
 */
import { DomainError } from "../errors.ts";
import type { RepoContext } from "../repository/context.ts";
import { checkDocumentPath } from "../repository/write_document.ts";
import { loadChangeWorkflow } from "./change_workflow.ts";
import { matchOutputs } from "./output_glob.ts";

/** A relative path of plain segments: no `..`, no dot files, no separators of other systems. */
// deno-lint-ignore no-control-regex
const PLAIN = /^(?:[^/\\.\x00-\x1f][^/\\\x00-\x1f]*\/)*[^/\\.\x00-\x1f][^/\\\x00-\x1f]*$/;

/**
 * Returns `path` when the change `slug` may hold it; throws `PATH_NOT_ALLOWED` naming what it may
 * hold. Traversal never reaches the schema lookup.
 */
export async function writablePath(ctx: RepoContext, slug: string, path: string): Promise<string> {
  try {
    return checkDocumentPath(path);
  } catch (error) {
    if (!(error instanceof DomainError) || !PLAIN.test(path) || /(^|\/)\.\.?(\/|$)/.test(path)) {
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
