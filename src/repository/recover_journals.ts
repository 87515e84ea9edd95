/**
 * Finishing or undoing the archives that a killed or stalled process left journaled.
 *
 * Run by whoever holds the repository lock: holding it is what makes it safe, whatever process
 * wrote the journal. A journal is completed when every target still holds its before or after
 * content and the change folder is where it was or where it was going; a journal marked for
 * rollback (its archive failed in process, and undoing it failed too) is undone. Anything else —
 * a target someone has since changed, a change folder gone or doubled, an unreadable or
 * old-format journal — is set aside in `journal/failed/` untouched, and reported: never replayed
 * over newer content, and never a reason not to start.
 *
 * @module
 */
import type { FileSystem } from "../fs/file_system.ts";
import { JOURNAL } from "./layout.ts";
import {
  applyJournal,
  type ArchiveJournal,
  currentHash,
  JournalConflict,
  rollBackJournal,
} from "./journal.ts";

/** Where journals that could be neither completed nor undone are kept. */
export const FAILED_JOURNALS = `${JOURNAL}/failed`;

/** The suffix of a journal whose archive failed and must be undone, not completed. */
export const ROLLBACK = ".rollback.json";

/** What {@link recoverJournals} did. */
export interface JournalRecovery {
  completed: number;
  rolledBack: number;
  /** Journals moved to `journal/failed/`, with why. */
  setAside: { journal: string; reason: string }[];
}

/** Completes, undoes or sets aside every journal in `journal/`. */
export async function recoverJournals(fs: FileSystem): Promise<JournalRecovery> {
  const result: JournalRecovery = { completed: 0, rolledBack: 0, setAside: [] };
  for (const entry of await fs.list(JOURNAL).catch(() => [])) {
    const path = `${JOURNAL}/${entry.name}`;
    if (entry.kind !== "file") continue;
    // The temporary file of a journal whose atomic write a kill interrupted: that journal was
    // never acted on, since the writes come after it.
    if (!entry.name.endsWith(".json")) {
      if (entry.name.endsWith(".tmp")) await fs.remove(path);
      continue;
    }
    const outcome = await settle(fs, path, entry.name.endsWith(ROLLBACK));
    if (outcome === "completed") result.completed++;
    else if (outcome === "rolled back") result.rolledBack++;
    else {
      await fs.mkdir(FAILED_JOURNALS);
      await fs.rename(path, `${FAILED_JOURNALS}/${entry.name}`);
      result.setAside.push({ journal: `${FAILED_JOURNALS}/${entry.name}`, reason: outcome });
    }
  }
  return result;
}

/** Completes or undoes one journal; returns what happened, or why it was left alone. */
async function settle(fs: FileSystem, path: string, rollback: boolean): Promise<string> {
  let journal: ArchiveJournal;
  try {
    journal = JSON.parse(await fs.readText(path));
  } catch {
    return "the journal is not readable JSON";
  }
  if (journal?.version !== 2 || !Array.isArray(journal.writes)) {
    return "the journal records no before-state (written by an older version)";
  }
  const at = { from: !!(await fs.stat(journal.from)), to: !!(await fs.stat(journal.to)) };
  if (at.from === at.to) {
    return `the change folder is ${
      at.from ? "both" : "neither"
    } at "${journal.from}" and "${journal.to}"`;
  }
  for (const write of journal.writes) {
    const now = await currentHash(fs, write.path);
    if (now !== write.before && now !== write.after) {
      return `"${write.path}" was changed by someone else since`;
    }
  }
  if (rollback && at.from) {
    await rollBackJournal(fs, journal);
    await fs.remove(path);
    return "rolled back";
  }
  try {
    await applyJournal(fs, journal);
  } catch (error) {
    if (error instanceof JournalConflict) {
      return `"${error.path}" was changed by someone else since`;
    }
    throw error;
  }
  await fs.remove(path);
  return "completed";
}
