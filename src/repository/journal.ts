/**
 * The archive journal: an archive is written down completely before any file changes, then
 * carried out, then crossed off. A process killed half-way leaves the journal behind, and the
 * next start finishes the work from it, so the repository never stays half-archived.
 *
 * @module
 */
import type { FileSystem } from "../fs/file_system.ts";
import { JOURNAL, SUMMARIES } from "./layout.ts";

/** Everything one archive does, in the order it is done. */
export interface ArchiveJournal {
  id: string;
  /** The process that wrote it: a live one other than ours is still working on it. */
  pid: number;
  /** Main spec files to write (`text`) or delete (`text: null`), root-relative. */
  writes: { path: string; text: string | null }[];
  /** The change folder and where it goes. */
  from: string;
  to: string;
  /** The summary served as `changes://archived/{slug}`, stored under `.task-mcp/archived/`. */
  summaryPath: string;
  summary: unknown;
}

/** Records the journal; nothing in the repository has changed yet. */
export async function beginJournal(fs: FileSystem, journal: ArchiveJournal): Promise<string> {
  const path = `${JOURNAL}/${journal.id}.json`;
  await fs.writeAtomic(path, JSON.stringify(journal));
  return path;
}

/** Carries out a journal; safe to repeat, since every step leaves the same end state. */
export async function applyJournal(fs: FileSystem, journal: ArchiveJournal): Promise<void> {
  for (const write of journal.writes) {
    if (write.text === null) {
      await fs.remove(write.path);
      await pruneEmptyParents(fs, write.path);
    } else {
      await fs.writeAtomic(write.path, write.text);
    }
  }
  if (await fs.stat(journal.from)) {
    // A repository made by hand may have no changes/archive/ yet.
    await fs.mkdir(journal.to.slice(0, journal.to.lastIndexOf("/")));
    await fs.rename(journal.from, journal.to);
  }
  await fs.writeAtomic(journal.summaryPath, JSON.stringify(journal.summary, null, 2) + "\n");
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

/**
 * Finishes every archive a dead process left half-done; returns how many. Journals of live
 * processes (another server on the same repository, mid-archive) are left to them.
 */
export async function recoverJournals(
  fs: FileSystem,
  isAlive: (pid: number) => boolean,
): Promise<number> {
  const entries = await fs.list(JOURNAL).catch(() => []);
  let recovered = 0;
  for (const entry of entries) {
    const path = `${JOURNAL}/${entry.name}`;
    // The temporary file of a journal whose atomic write a kill interrupted: that journal was
    // never acted on. (Recovery holds the repository lock, so no live writer owns it.)
    if (entry.kind === "file" && entry.name.endsWith(".tmp")) {
      await fs.remove(path);
      continue;
    }
    if (entry.kind !== "file" || !entry.name.endsWith(".json")) continue;
    let journal: ArchiveJournal;
    try {
      journal = JSON.parse(await fs.readText(path));
    } catch {
      // A journal that is not whole was never acted on: the writes come after it.
      await fs.remove(path);
      continue;
    }
    if (journal.pid && isAlive(journal.pid)) continue;
    if ((await fs.stat(journal.from)) || (await fs.stat(journal.to))) {
      await applyJournal(fs, journal);
      recovered++;
    }
    await fs.remove(path);
  }
  return recovered;
}

/** Where the summary of an archived change is kept. */
export const summaryPath = (archivedAs: string): string => `${SUMMARIES}/${archivedAs}.json`;
