/**
 * The archive journal: an archive is written down completely before any file changes, then
 * carried out, then crossed off.
 *
 * The journal records what every target file is **before** the archive and what it becomes
 * after, as SHA-256 hashes (with both texts, to finish or undo the work). Each step first checks
 * that its target is still in one of those two states, so a journal is only ever completed
 * (rolled forward) or undone (rolled back), never replayed over content someone else wrote
 * since. Steps: main specs, the summary, then the move of the change folder, which is the point
 * where the archive has happened.
 *
 * @module
 */
import type { FileSystem } from "../fs/file_system.ts";
import { JOURNAL, SUMMARIES } from "./layout.ts";
import { removeTempFiles } from "./temp_files.ts";

/** One main spec file the archive writes (`text`) or deletes (`text: null`), root-relative. */
export interface JournalWrite {
  path: string;
  /** SHA-256 (hex) of the content before, `null` when there was no file. */
  before: string | null;
  beforeText: string | null;
  /** SHA-256 (hex) of `text`, `null` for a deletion. */
  after: string | null;
  text: string | null;
}

/** Everything one archive does, in the order it is done. */
export interface ArchiveJournal {
  version: 2;
  id: string;
  writes: JournalWrite[];
  /** The change folder and where it goes. */
  from: string;
  to: string;
  /** The summary served as `changes://archived/{slug}`, stored under `.task-mcp/archived/`. */
  summaryPath: string;
  summary: unknown;
}

/** Raised when a target is in neither state the journal knows: someone else changed it. */
export class JournalConflict extends Error {
  constructor(readonly path: string) {
    super(`Main spec changed by someone else during the archive: ${path}`);
    this.name = "JournalConflict";
  }
}

/** The hex SHA-256 of a text, `null` for no file. */
export async function hashText(text: string | null): Promise<string | null> {
  if (text === null) return null;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The hash of what is at `path` now (`null` when nothing is). */
export async function currentHash(fs: FileSystem, path: string): Promise<string | null> {
  return (await fs.stat(path)) ? await hashText(await fs.readText(path)) : null;
}

/** Where a journal is kept while it is pending. */
export const journalPath = (journal: { id: string }): string => `${JOURNAL}/${journal.id}.json`;

/** Records the journal; nothing in the repository has changed yet. */
export async function beginJournal(fs: FileSystem, journal: ArchiveJournal): Promise<string> {
  const path = journalPath(journal);
  await fs.writeAtomic(path, JSON.stringify(journal));
  return path;
}

/**
 * Carries out a journal from wherever it stopped. Throws {@link JournalConflict}, before writing
 * that target, when a target holds neither its before nor its after content. `tempFiles` are
 * the temporary files in the change folder, when the caller has just listed it; otherwise the
 * folder is walked for them.
 */
export async function applyJournal(
  fs: FileSystem,
  journal: ArchiveJournal,
  tempFiles?: string[],
): Promise<void> {
  for (const write of journal.writes) {
    const now = await currentHash(fs, write.path);
    if (now === write.after) continue;
    if (now !== write.before) throw new JournalConflict(write.path);
    if (write.text === null) {
      await fs.remove(write.path);
      await pruneEmptyParents(fs, write.path);
    } else {
      await fs.writeAtomic(write.path, write.text);
    }
  }
  await fs.writeAtomic(journal.summaryPath, JSON.stringify(journal.summary, null, 2) + "\n");
  if (await fs.stat(journal.from)) {
    // Temporary files a killed write left must not travel into the archive.
    if (!tempFiles) await removeTempFiles(fs, journal.from, 0);
    for (const path of tempFiles ?? []) await fs.remove(`${journal.from}/${path}`);
    // A repository made by hand may have no changes/archive/ yet.
    await fs.mkdir(journal.to.slice(0, journal.to.lastIndexOf("/")));
    await fs.rename(journal.from, journal.to);
  }
}

/**
 * Undoes a journal that did not reach the move of the change folder: every target still holding
 * what the archive wrote gets its before content back; anything else is left alone. Returns the
 * paths left alone because someone else changed them.
 */
export async function rollBackJournal(fs: FileSystem, journal: ArchiveJournal): Promise<string[]> {
  const untouched: string[] = [];
  for (const write of [...journal.writes].reverse()) {
    const now = await currentHash(fs, write.path);
    if (now === write.before) {
      // A spec whose creation failed may have left the folder made for it.
      if (now === null) await pruneEmptyParents(fs, write.path);
      continue;
    }
    if (now !== write.after) {
      untouched.push(write.path);
    } else if (write.beforeText === null) {
      await fs.remove(write.path);
      await pruneEmptyParents(fs, write.path);
    } else {
      await fs.writeAtomic(write.path, write.beforeText);
    }
  }
  await fs.remove(journal.summaryPath);
  return untouched;
}

/** Removes the directories above a deleted spec that are left empty, up to `openspec/specs`. */
async function pruneEmptyParents(fs: FileSystem, path: string): Promise<void> {
  const parts = path.split("/");
  for (let n = parts.length - 1; n > 2; n--) {
    const dir = parts.slice(0, n).join("/");
    const entries = await fs.list(dir).catch(() => undefined);
    if (!entries || entries.length > 0) return;
    await fs.remove(dir);
  }
}

/** Where the summary of an archived change is kept. */
export const summaryPath = (archivedAs: string): string => `${SUMMARIES}/${archivedAs}.json`;
