/**
 * Finding an active change by slug, with the errors a caller can act on when it is not there.
 *
 * @module
 */
import { DomainError } from "../errors.ts";
import type { RepoContext } from "./context.ts";
import { ARCHIVE } from "./layout.ts";
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
  const change = await loadChange(ctx, slug);
  if (change) return change;
  const archived = await archivedNames(ctx, slug);
  if (archived.length) {
    throw new DomainError(
      "CHANGE_ALREADY_ARCHIVED",
      `Change '${slug}' was archived as '${archived[0]}'`,
      { slug, archivedAs: archived[0] },
    );
  }
  throw new DomainError("CHANGE_NOT_FOUND", `Change '${slug}' not found`, { slug });
}
