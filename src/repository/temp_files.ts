/**
 * Temporary files that a killed write left behind.
 *
 * `writeAtomic` writes `.<name>.<tag>.<n>.tmp` beside its target and renames it into place; a
 * kill between the two leaves it. Such files are removed under the repository lock — where no
 * other task-mcp write can be in flight — at recovery, and from a change folder before it moves
 * into the archive. Nothing but that exact name pattern is ever touched.
 *
 * @module
 */
import type { FileSystem } from "../fs/file_system.ts";

/** The names `writeAtomic` gives its temporary files (see `fs/disk.ts`). */
export const TEMP_FILE = /^\..+\.[0-9a-f]{8}\.\d+\.tmp$/;

/** Whether the last segment of `path` is named like a temporary file of `writeAtomic`. */
export const isTempFile = (path: string): boolean =>
  TEMP_FILE.test(path.slice(path.lastIndexOf("/") + 1));

/**
 * Removes every temporary file below `dir` older than `minAgeMs` (by modification time);
 * returns their root-relative paths. A missing `dir` has none.
 */
export async function removeTempFiles(
  fs: FileSystem,
  dir: string,
  minAgeMs: number,
): Promise<string[]> {
  const tree = await fs.tree(dir).catch(() => []);
  const cutoff = Date.now() - minAgeMs;
  const removed: string[] = [];
  for (const entry of tree) {
    if (entry.kind !== "file" || !isTempFile(entry.path) || entry.mtimeMs > cutoff) continue;
    await fs.remove(`${dir}/${entry.path}`);
    removed.push(`${dir}/${entry.path}`);
  }
  return removed;
}
