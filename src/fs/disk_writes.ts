/**
 * The writing half of the disk filesystem: every write acts inside a folder held open and
 * checked after opening (see `confined_dir.ts`), never on a path checked before.
 *
 * A link re-pointed between the check and the write therefore cannot redirect it out of the root.
 * New files are created with `O_EXCL | O_NOFOLLOW`, a link at a target is replaced by rename(2)
 * rather than written through, and a write whose folder was moved or removed meanwhile is undone
 * (`NOT_FOUND`) — the temporary file and any folder made for it are removed — so that it cannot
 * land in, or bring back, a folder that went away. Between that last check and the rename(2) lies
 * one system call: a folder moved exactly then takes the new file with it, as if the write had
 * finished just before the move.
 *
 * Functions here throw the runtime's errors; `disk.ts` translates them.
 *
 * @module
 */
import * as nodeFs from "node:fs";
import type { Confinement, Held } from "./confined_dir.ts";
import { FsError, type WriteOptions } from "./file_system.ts";
import { segments } from "./paths.ts";

/** The writes of the disk adapter, synchronous. */
export interface DiskWrites {
  mkdir(path: string): void;
  writeAtomic(path: string, content: string, options?: WriteOptions): void;
  append(path: string, content: string, options?: WriteOptions): void;
  rename(from: string, to: string): void;
  remove(path: string): void;
}

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_APPEND } = nodeFs.constants;
const CREATE_NEW = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;
const APPEND = O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW;

const codeOf = (error: unknown): string | undefined =>
  error && typeof error === "object" && "code" in error ? String(error.code) : undefined;

/** A path and its parent's segments; the root itself cannot be written. */
function split(path: string): { parts: string[]; name: string } {
  const parts = segments(path);
  const name = parts.pop();
  if (name === undefined) throw new FsError("EXISTS", path, "The root cannot be replaced");
  return { parts, name };
}

/** How many leading segments of a write's parent must exist already (`WriteOptions.base`). */
function keepOf(base: string | undefined, dirParts: string[], path: string): number {
  if (base === undefined) return 0;
  const kept = segments(base);
  if (kept.length > dirParts.length || kept.some((part, i) => part !== dirParts[i])) {
    throw new FsError("IO", path, `Path is not below "${base}": ${path}`);
  }
  return kept.length;
}

const moved = (path: string) =>
  new FsError("NOT_FOUND", path, `Folder moved or removed during the write: ${path}`);

let tmpCounter = 0;
const tmpTag = crypto.randomUUID().slice(0, 8);

/** Creates the writes of a disk filesystem confined by `confine`. */
export function createDiskWrites(confine: Confinement): DiskWrites {
  const { hold, inside } = confine;

  /** Refuses a write at `at` (an entry of a held folder) when a link there leads out of the root. */
  const refuseOutsideLink = (at: string, path: string) => {
    try {
      if (!nodeFs.lstatSync(at).isSymbolicLink() || inside(nodeFs.realpathSync.native(at))) return;
    } catch (error) {
      if (codeOf(error) === "ENOENT") return;
      throw error;
    }
    throw new FsError("OUTSIDE_ROOT", path, `Link points outside the root: ${path}`);
  };

  return {
    mkdir(path) {
      hold(segments(path), path, 0).close();
    },
    writeAtomic(path, content, options) {
      const { parts, name } = split(path);
      const held = hold(parts, path, keepOf(options?.base, parts, path));
      // The temporary file sits beside the target so that rename(2) stays on one filesystem
      // and is atomic; its dot-name keeps it out of OpenSpec's discovery if a crash leaves it.
      const tmp = held.dir.at(`.${name}.${tmpTag}.${++tmpCounter}.tmp`);
      let fd: number | undefined;
      try {
        refuseOutsideLink(held.dir.at(name), path);
        fd = nodeFs.openSync(tmp, CREATE_NEW, 0o666);
        nodeFs.writeFileSync(fd, content);
        nodeFs.closeSync(fd);
        fd = undefined;
        if (!held.dir.inPlace()) throw moved(path);
        nodeFs.renameSync(tmp, held.dir.at(name));
      } catch (error) {
        if (fd !== undefined) nodeFs.closeSync(fd);
        nodeFs.rmSync(tmp, { force: true });
        held.undo();
        throw error;
      } finally {
        held.close();
      }
    },
    append(path, content, options) {
      const { parts, name } = split(path);
      const held = hold(parts, path, keepOf(options?.base, parts, path));
      try {
        if (!held.dir.inPlace()) throw moved(path);
        const fd = nodeFs.openSync(held.dir.at(name), APPEND, 0o666);
        try {
          nodeFs.writeFileSync(fd, content);
        } finally {
          nodeFs.closeSync(fd);
        }
      } catch (error) {
        held.undo();
        if (codeOf(error) === "ELOOP") {
          throw new FsError("OUTSIDE_ROOT", path, `Not written through a link: ${path}`);
        }
        throw error;
      } finally {
        held.close();
      }
    },
    rename(from, to) {
      const src = split(from);
      const dst = split(to);
      const a = hold(src.parts, from, src.parts.length);
      try {
        const b = hold(dst.parts, to, dst.parts.length);
        try {
          nodeFs.renameSync(a.dir.at(src.name), b.dir.at(dst.name));
        } finally {
          b.close();
        }
      } finally {
        a.close();
      }
    },
    remove(path) {
      const { parts, name } = split(path);
      let held: Held;
      try {
        held = hold(parts, path, parts.length);
      } catch (error) {
        if (codeOf(error) === "ENOENT" || codeOf(error) === "ENOTDIR") return;
        throw error;
      }
      try {
        // Below the held folder rm walks by path: a folder inside the one removed that is swapped
        // for a link mid-walk is a window this cannot close (only task-mcp's own staging, lock
        // and journal folders are ever removed recursively).
        nodeFs.rmSync(held.dir.at(name), { recursive: true, force: true });
      } finally {
        held.close();
      }
    },
  };
}
