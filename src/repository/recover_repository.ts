/**
 * Recovery after a process was killed or stalled while holding the repository lock: its
 * journaled archives are completed or undone, and what its writes left lying around — staging
 * folders, prepared lock folders, temporary files — is cleared.
 *
 * Runs under the lock only. Every task-mcp write to changes and specs happens under it, so
 * nothing found there can belong to a write in flight (a holder that stalled past its lease
 * fails its next write, see `guarded_fs.ts`); the exceptions are `task-mcp init` and the health
 * probe, which write without the lock.
 *
 * @module
 */
import type { FileSystem } from "../fs/file_system.ts";
import { CHANGES, SPECS, STAGING, STATE } from "./layout.ts";
import { type JournalRecovery, recoverJournals } from "./recover_journals.ts";
import { LOCKS } from "./repo_lock.ts";
import { removeTempFiles } from "./temp_files.ts";

/** What {@link recoverRepository} did. */
export interface RepositoryRecovery extends JournalRecovery {
  /** Root-relative paths of the debris removed. */
  removed: string[];
}

/**
 * Settles every journal; with `sweep`, also clears debris: every staging folder, prepared lock
 * folders (a waiter whose folder goes prepares it again) and temporary files below
 * `openspec/changes/` and `openspec/specs/`, and those older than a minute in
 * `openspec/.task-mcp/`.
 */
export async function recoverRepository(
  fs: FileSystem,
  options: { sweep: boolean },
): Promise<RepositoryRecovery> {
  const journals = await recoverJournals(fs);
  const removed: string[] = [];
  if (options.sweep) {
    for (const dir of [STAGING, LOCKS]) {
      for (const entry of await fs.list(dir).catch(() => [])) {
        await fs.remove(`${dir}/${entry.name}`);
        removed.push(`${dir}/${entry.name}`);
      }
    }
    // Below changes/ and specs/ every write of ours runs under the lock. In .task-mcp/ the
    // health probe writes without it: there, only files older than a minute are debris.
    for (const dir of [CHANGES, SPECS]) removed.push(...await removeTempFiles(fs, dir, 0));
    removed.push(...await removeTempFiles(fs, STATE, 60_000));
  }
  return { ...journals, removed };
}
