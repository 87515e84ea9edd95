/**
 * The archive's side of the journal: recording each target's before-state, and undoing an
 * archive that failed half-way in this process.
 *
 * @module
 */
import { DomainError } from "../errors.ts";
import type { FileSystem } from "../fs/file_system.ts";
import type { RepoContext } from "./context.ts";
import { type ArchiveJournal, hashText, type JournalWrite, rollBackJournal } from "./journal.ts";
import { ROLLBACK } from "./recover_journals.ts";

/**
 * The journal entries of the main spec writes an archive plans: what each target holds now and
 * what it will hold. A target that is a link or a folder is refused before anything is written
 * (writing through a link could reach outside the project, and replacing it would lose what it
 * pointed at).
 */
export async function journalWrites(
  ctx: RepoContext,
  targets: { path: string; text: string | null }[],
): Promise<JournalWrite[]> {
  const writes: JournalWrite[] = [];
  for (const { path, text } of targets) {
    const info = await ctx.fs.stat(path);
    if (info && info.kind !== "file") {
      throw new DomainError(
        "PATH_NOT_ALLOWED",
        `Cannot archive into "${path}": it is a ${
          info.kind === "symlink" ? "symbolic link" : info.kind
        }, not a file`,
        { path: ctx.fs.absolute(path) },
        "Replace it with a regular file inside the project; no files were changed",
      );
    }
    const beforeText = info ? await ctx.fs.readText(path) : null;
    writes.push({
      path,
      before: await hashText(beforeText),
      beforeText,
      after: await hashText(text),
      text,
    });
  }
  return writes;
}

/**
 * Undoes an archive whose journal was begun but not carried out to the end (the disk filled up,
 * a write was refused): the main specs get their before content back, the journal goes. The
 * journal is first marked for rollback, so that if undoing fails too, recovery undoes it later
 * rather than completing an archive that was reported as failed.
 */
export async function abandonArchive(
  fs: FileSystem,
  journal: ArchiveJournal,
  path: string,
): Promise<void> {
  const marked = path.replace(/\.json$/, ROLLBACK);
  try {
    await fs.rename(path, marked);
    await rollBackJournal(fs, journal);
    await fs.remove(marked);
  } catch {
    // Left for recovery, which undoes a marked journal once it can write again.
  }
}
