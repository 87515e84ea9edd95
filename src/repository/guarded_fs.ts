/**
 * A filesystem whose every write first asks the repository lock whether it is still ours.
 *
 * A server that stalls (paused, swapped out, a long garbage collection) for longer than its
 * lease may find that another server broke the lease and is writing. Checking before each write
 * — journal, spec, task list, audit line — turns what would be two writers into a failed request
 * of the stalled one. The check costs nothing while the lease is fresh (see `repo_lock.ts`).
 *
 * @module
 */
import type { FileSystem } from "../fs/file_system.ts";

/** Wraps `fs` so that writes await `check()` first; reads pass straight through. */
export function guardWrites(fs: FileSystem, check: () => Promise<void> | void): FileSystem {
  return {
    ...fs,
    root: fs.root,
    async mkdir(path) {
      await check();
      return fs.mkdir(path);
    },
    async writeAtomic(path, content, options) {
      await check();
      return fs.writeAtomic(path, content, options);
    },
    async append(path, content, options) {
      await check();
      return fs.append(path, content, options);
    },
    async rename(from, to) {
      await check();
      return fs.rename(from, to);
    },
    async remove(path) {
      await check();
      return fs.remove(path);
    },
  };
}
