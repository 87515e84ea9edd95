/**
 * Finding an active change by slug, with the errors a caller can act on when it is not there,
 * and writing into it only while it is there.
 *
 * @module
 */
import { DomainError } from "../errors.ts";
import { FsError } from "../fs/file_system.ts";
import type { RepoContext } from "./context.ts";
import { ARCHIVE, changeDir } from "./layout.ts";
import { loadChange, type LoadedChange } from "./load_change.ts";

/** The archive folders of a slug, newest first (`2026-11-21-add-auth`, …). */
export async function archivedNames(ctx: RepoContext, slug: string): Promise<string[]> {
  const entries = await ctx.fs.list(ARCHIVE).catch(() => []);
  return entries
    .filter((e) =>
      e.kind === "dir" &&
      (e.name === slug ||
        (/^\d{4}-\d{2}-\d{2}-/.test(e.name) && e.name.slice(11) === slug))
    )
    .map((e) => e.name)
    .sort()
    .reverse();
}

/**
 * Loads an active change, or throws `CHANGE_ALREADY_ARCHIVED` when only an archived change of
 * that slug exists, and `CHANGE_NOT_FOUND` otherwise.
 */
export async function requireChange(ctx: RepoContext, slug: string): Promise<LoadedChange> {
  let change: LoadedChange | undefined;
  try {
    change = await loadChange(ctx, slug);
  } catch (error) {
    // Moved away while it was being read: the same answer as when it was never there.
    if (!(error instanceof FsError && error.code === "NOT_FOUND")) throw error;
    if ((await ctx.fs.stat(changeDir(slug)))?.kind === "dir") throw error;
  }
  if (change) return change;
  throw await missingChange(ctx, slug);
}

/**
 * Writes `content` to `path` inside the folder of a change found earlier, without ever creating
 * that folder: when it was moved away meanwhile (archived by the OpenSpec CLI, deleted by hand),
 * nothing is written and the caller gets the error {@link requireChange} would give now.
 */
export async function writeInChange(
  ctx: RepoContext,
  change: LoadedChange,
  path: string,
  content: string,
): Promise<void> {
  try {
    await ctx.fs.writeAtomic(`${change.dir}/${path}`, content, { base: change.dir });
  } catch (error) {
    if (!(error instanceof FsError && error.code === "NOT_FOUND")) throw error;
    if ((await ctx.fs.stat(change.dir))?.kind === "dir") throw error;
    throw await missingChange(ctx, change.slug);
  }
}

/** `CHANGE_ALREADY_ARCHIVED` when an archived change of that slug exists, else `CHANGE_NOT_FOUND`. */
async function missingChange(ctx: RepoContext, slug: string): Promise<DomainError> {
  const archived = await archivedNames(ctx, slug);
  if (archived.length) {
    return new DomainError(
      "CHANGE_ALREADY_ARCHIVED",
      `Change '${slug}' was archived as '${archived[0]}'`,
      { slug, archivedAs: archived[0] },
    );
  }
  return new DomainError("CHANGE_NOT_FOUND", `Change '${slug}' not found`, { slug });
}
