/**
 * A filesystem that remembers which project paths a mutation wrote, renamed or removed, so that
 * its commit holds exactly those paths and never a person's unrelated edit.
 *
 * Each path is also appended to a pending list in the state folder *before* the write: a server
 * killed between the write and the commit leaves the list behind, and the next start commits
 * those paths (see `git_startup.ts`). The state folder itself (journals, staging, audit log) is
 * never recorded: it is ignored by git.
 *
 * @module
 */
import type { FileSystem } from "../fs/file_system.ts";
import { STATE } from "../repository/layout.ts";

/** Where the paths of a mutation not yet committed are listed, one per line. */
export const PENDING = `${STATE}/git-pending`;

/** A recording filesystem and the paths recorded since the last {@link Recorder.take}. */
export interface Recorder {
  fs: FileSystem;
  /** The recorded paths, sorted; forgets them (the pending list stays until `clear`). */
  take(): string[];
  /** Takes over paths a killed server listed as pending (they are in the list already). */
  adopt(paths: string[]): void;
  /** Removes the pending list, once its paths are committed. */
  clear(): Promise<void>;
}

const inState = (path: string) => path === STATE || path.startsWith(`${STATE}/`);

/** Wraps `fs`. */
export function recordWrites(fs: FileSystem): Recorder {
  let paths = new Set<string>();
  let pendingWritten = false;
  const note = async (...touched: string[]) => {
    const fresh = touched.filter((p) => !inState(p) && !paths.has(p));
    if (fresh.length === 0) return;
    for (const p of fresh) paths.add(p);
    await fs.append(PENDING, fresh.map((p) => `${p}\n`).join(""));
    pendingWritten = true;
  };
  return {
    fs: {
      ...fs,
      root: fs.root,
      async writeAtomic(path, content, options) {
        await note(path);
        return fs.writeAtomic(path, content, options);
      },
      async append(path, content, options) {
        await note(path);
        return fs.append(path, content, options);
      },
      async rename(from, to) {
        await note(from, to);
        return fs.rename(from, to);
      },
      async remove(path) {
        await note(path);
        return fs.remove(path);
      },
    },
    adopt(adopted) {
      for (const p of adopted) if (!inState(p)) paths.add(p);
      pendingWritten = true;
    },
    take() {
      const taken = [...paths].sort();
      paths = new Set();
      return taken;
    },
    async clear() {
      if (!pendingWritten) return;
      pendingWritten = false;
      await fs.remove(PENDING).catch(() => {});
    },
  };
}
