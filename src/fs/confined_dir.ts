/**
 * Folders held open while the disk adapter writes inside them, so that a link re-pointed after
 * the containment check cannot redirect a write out of the root.
 *
 * `node:fs`, all that Bun and Deno share, has no `openat(2)`. On Linux `/proc/self/fd/<fd>` is
 * one: the kernel resolves it to the very folder the descriptor holds (not by reading a path
 * again), so `/proc/self/fd/<fd>/<name>` names an entry of that folder whatever links are swapped
 * meanwhile, and `readlink` of it is the kernel's own path of that folder. So a folder is opened
 * first and checked after: what is checked is what is written into. A write can then only land
 * outside the root if the held folder itself is moved out of it (a rename, not a link swap, by
 * someone who may write outside the root anyway).
 *
 * `/proc` is used only when a probe at start shows it names the root as `realpath` does (it may
 * not in a chroot or another mount namespace). Without it (macOS, Windows, a sandbox) the folder
 * is addressed by its resolved path: links are resolved once and checked, and swapping them later
 * changes nothing; what remains is a window of a few system calls in which a real folder on that
 * path could be replaced by a link, and a file created through it would land where the link points
 * (it would then fail the `inPlace` check and be removed again — by a path that may no longer lead
 * to it).
 *
 * @module
 */
import * as nodeFs from "node:fs";
import { FsError } from "./file_system.ts";

/** A folder inside the root, held while something is written or listed in it. */
export interface ConfinedDir {
  /** Where the folder was when it was opened, links resolved. */
  readonly real: string;
  /** A path naming the entry `name` (one segment) of the held folder. */
  at(name: string): string;
  /** Whether the folder is still where it was opened: not moved or removed since. */
  inPlace(): boolean;
  close(): void;
}

/** A folder held by {@link Confinement.hold}, with the folders made to reach it. */
export interface Held {
  dir: ConfinedDir;
  /** Removes the folders that were made to reach it (those still empty), deepest first. */
  undo(): void;
  close(): void;
}

/** Opening and locating what the disk adapter works on, confined to one root. */
export interface Confinement {
  /**
   * Holds the folder of root-relative segments `dirParts`. When it is missing, the folders below
   * the first `keep` segments are made one by one, each inside the folder held before it, so
   * none can be made outside the root; the first `keep` must exist (else `ENOENT`).
   */
  hold(dirParts: string[], path: string, keep: number): Held;
  /** Whether `real` (a resolved absolute path) is the root or below it. */
  inside(real: string): boolean;
  /**
   * Opens the folder at `absolute` (following links) and checks where it is; throws `OUTSIDE_ROOT`
   * (naming `path`) when that is not inside the root.
   */
  openDir(absolute: string, path: string): ConfinedDir;
  /** Where an open file is, links resolved; `undefined` when the system cannot tell. */
  locate(fd: number): string | undefined;
}

const PROC = "/proc/self/fd/";

/** Whether `/proc/self/fd` names held folders here (Linux with procfs mounted). */
function procWorks(realRoot: string): boolean {
  try {
    const fd = nodeFs.openSync(realRoot, nodeFs.constants.O_RDONLY | nodeFs.constants.O_DIRECTORY);
    try {
      return nodeFs.readlinkSync(PROC + fd) === realRoot &&
        nodeFs.statSync(PROC + fd).ino === nodeFs.statSync(realRoot).ino;
    } finally {
      nodeFs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Creates the {@link Confinement} of a root, which must be a resolved path. */
export function createConfinement(
  realRoot: string,
  options: { byPath?: boolean } = {},
): Confinement {
  const prefix = realRoot === "/" ? "/" : realRoot + "/";
  const inside = (real: string) => real === realRoot || real.startsWith(prefix);
  const abs = (parts: string[]) => (parts.length ? `${prefix}${parts.join("/")}` : realRoot);
  const proc = !options.byPath && procWorks(realRoot);
  const openDir = (absolute: string, path: string): ConfinedDir => {
    const dir = proc ? openByFd(absolute) : openByPath(absolute);
    if (!inside(dir.real)) {
      dir.close();
      throw new FsError("OUTSIDE_ROOT", path, `Path resolves outside the root: ${path}`);
    }
    return dir;
  };

  const hold = (dirParts: string[], path: string, keep: number): Held => {
    try {
      const dir = openDir(abs(dirParts), path);
      return { dir, undo() {}, close: () => dir.close() };
    } catch (error) {
      if (keep >= dirParts.length || (error as { code?: string }).code !== "ENOENT") throw error;
    }
    const held = [openDir(abs(dirParts.slice(0, keep)), path)];
    const made: [ConfinedDir, string][] = [];
    const close = () => held.forEach((d) => d.close());
    const undo = () => {
      for (const [parent, name] of made.reverse()) {
        try {
          nodeFs.rmdirSync(parent.at(name));
        } catch {
          // Not empty any more, or gone: someone else's now.
        }
      }
    };
    try {
      for (const name of dirParts.slice(keep)) {
        const parent = held[held.length - 1]!;
        try {
          nodeFs.mkdirSync(parent.at(name));
          made.push([parent, name]);
        } catch (error) {
          if ((error as { code?: string }).code !== "EEXIST") throw error;
        }
        held.push(openDir(parent.at(name), path));
      }
    } catch (error) {
      undo();
      close();
      throw error;
    }
    return { dir: held[held.length - 1]!, undo, close };
  };

  return {
    inside,
    openDir,
    hold,
    locate: (fd) => (proc ? nodeFs.readlinkSync(PROC + fd) : undefined),
  };
}

/** Holds a folder by descriptor, addressed through `/proc/self/fd`. */
function openByFd(absolute: string): ConfinedDir {
  const fd = nodeFs.openSync(absolute, nodeFs.constants.O_RDONLY | nodeFs.constants.O_DIRECTORY);
  let real: string;
  try {
    real = nodeFs.readlinkSync(PROC + fd);
  } catch (error) {
    nodeFs.closeSync(fd);
    throw error;
  }
  return {
    real,
    at: (name) => `${PROC}${fd}/${name}`,
    inPlace() {
      try {
        // A removed folder reads as "<path> (deleted)", a moved one as its new path.
        return nodeFs.readlinkSync(PROC + fd) === real;
      } catch {
        return false;
      }
    },
    close: () => nodeFs.closeSync(fd),
  };
}

/** Holds a folder by its resolved path, and its identity (device and inode) as found. */
function openByPath(absolute: string): ConfinedDir {
  const real = nodeFs.realpathSync.native(absolute);
  const st = nodeFs.statSync(real);
  if (!st.isDirectory()) {
    throw Object.assign(new Error(`Not a directory: ${absolute}`), { code: "ENOTDIR" });
  }
  return {
    real,
    at: (name) => `${real}/${name}`,
    inPlace() {
      try {
        const now = nodeFs.lstatSync(real);
        return now.isDirectory() && now.ino === st.ino && now.dev === st.dev;
      } catch {
        return false;
      }
    },
    close() {},
  };
}
