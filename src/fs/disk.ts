/**
 * The disk filesystem, on `node:fs`, which Bun and Deno both provide.
 *
 * Calls are synchronous underneath on purpose: on a local disk a `stat` or small read costs
 * a few microseconds synchronously and ten times more through the promise API's thread hop,
 * and the listing of thousands of changes is made of such calls. The interface stays
 * promise-based so that other adapters can be truly asynchronous.
 *
 * Writes act inside folders held open and checked after opening (see `confined_dir.ts`), never
 * on a path checked before: a link re-pointed between the check and the write cannot redirect
 * it out of the root. New files are created with `O_EXCL | O_NOFOLLOW`, a link at a target is
 * replaced rather than written through, and a write whose folder was moved or removed meanwhile
 * is undone (`NOT_FOUND`), so that it cannot land in or bring back a folder that went away. The
 * one step left between that last check and the final rename(2) is a single system call: a folder
 * moved exactly then takes the new file with it, as if the write had finished just before.
 *
 * Reads open the file and then check where what was opened lies. Listings and `stat` check the
 * parent folder's resolved path first and act on the path after; a swap in between can at worst
 * show a name or size from outside, never write there.
 *
 * @module
 */
import * as nodeFs from "node:fs";
import { createConfinement, type Held } from "./confined_dir.ts";
import type {
  DirEntry,
  EntryKind,
  FileInfo,
  FileSystem,
  TreeEntry,
  WritableWatch,
} from "./file_system.ts";
import { FsError } from "./file_system.ts";
import { segments } from "./paths.ts";

/** Options of {@link createDiskFileSystem}. */
export interface DiskFileSystemOptions {
  /** An absolute directory that must exist. Nothing outside it is ever read or written. */
  root: string;
}

const kindOf = (entry: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }) =>
  (entry.isFile()
    ? "file"
    : entry.isDirectory()
    ? "dir"
    : entry.isSymbolicLink()
    ? "symlink"
    : "other") as EntryKind;

const codeOf = (error: unknown): string | undefined =>
  error && typeof error === "object" && "code" in error ? String(error.code) : undefined;

/** Translates a runtime error into an {@link FsError} that names the root-relative path. */
function translate(error: unknown, path: string): FsError {
  if (error instanceof FsError) return error;
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case "ENOENT":
      return new FsError("NOT_FOUND", path, `No such file or directory: ${path}`);
    case "EEXIST":
      return new FsError("EXISTS", path, `Already exists: ${path}`);
    case "ENOTEMPTY":
      return new FsError("NOT_EMPTY", path, `Directory not empty: ${path}`);
    case "ENOTDIR":
      return new FsError("NOT_A_DIRECTORY", path, `Not a directory: ${path}`);
    case "EISDIR":
      return new FsError("EXISTS", path, `Is a directory: ${path}`);
    default:
      return new FsError("IO", path, `Cannot access ${path}: ${message}`);
  }
}

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_APPEND } = nodeFs.constants;
const CREATE_NEW = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;
const APPEND = O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW;

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

/**
 * Creates a filesystem confined to `options.root` on disk.
 *
 * @example
 * ```ts
 * const fs = createDiskFileSystem({ root: Deno.cwd() });
 * await fs.stat("openspec");
 * ```
 */
export function createDiskFileSystem(options: DiskFileSystemOptions): FileSystem {
  // Everything is addressed through the resolved root, so that reported paths match the
  // OpenSpec CLI's (which resolves links) and the containment checks compare like with like.
  const realRoot = nodeFs.realpathSync.native(options.root);
  const root = realRoot;
  const confine = createConfinement(realRoot);
  const { inside, hold } = confine;
  const abs = (parts: string[]) => (parts.length ? `${root}/${parts.join("/")}` : root);

  /**
   * Resolves a root-relative path, refusing it when its parent directory (through any link) or,
   * with `followLeaf`, the entry itself resolves outside the root.
   */
  const guard = (path: string, followLeaf: boolean): string => {
    const parts = segments(path);
    const dir = parts.slice(0, -1);
    for (;;) {
      try {
        if (!inside(nodeFs.realpathSync.native(abs(dir)))) {
          throw new FsError("OUTSIDE_ROOT", path, `Path resolves outside the root: ${path}`);
        }
        break;
      } catch (error) {
        if (codeOf(error) !== "ENOENT" || dir.length === 0) throw translate(error, path);
        dir.pop();
      }
    }
    const target = abs(parts);
    if (followLeaf && parts.length) {
      try {
        if (
          nodeFs.lstatSync(target).isSymbolicLink() &&
          !inside(nodeFs.realpathSync.native(target))
        ) {
          throw new FsError("OUTSIDE_ROOT", path, `Link points outside the root: ${path}`);
        }
      } catch (error) {
        if (codeOf(error) !== "ENOENT") throw translate(error, path);
      }
    }
    return target;
  };

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

  const run = <T>(path: string, fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(translate(error, path));
    }
  };

  return {
    root,
    absolute: (path) => abs(segments(path)),
    readText: (path) =>
      run(path, () => {
        const target = abs(segments(path));
        const fd = nodeFs.openSync(target, nodeFs.constants.O_RDONLY);
        try {
          // Checked once open: a link swapped after the check cannot change what is read.
          if (!inside(confine.locate(fd) ?? nodeFs.realpathSync.native(target))) {
            throw new FsError("OUTSIDE_ROOT", path, `Path resolves outside the root: ${path}`);
          }
          return nodeFs.readFileSync(fd, "utf8");
        } finally {
          nodeFs.closeSync(fd);
        }
      }),
    stat: (path) =>
      run(path, (): FileInfo | undefined => {
        let st: nodeFs.Stats;
        try {
          st = nodeFs.lstatSync(guard(path, false));
        } catch (error) {
          if (codeOf(error) === "ENOENT") return undefined;
          throw error;
        }
        const kind = kindOf(st);
        return { kind, size: kind === "dir" ? 0 : st.size, mtimeMs: st.mtimeMs };
      }),
    list: (path) =>
      run(
        path,
        (): DirEntry[] =>
          nodeFs.readdirSync(guard(path, true), { withFileTypes: true }).map((d) => ({
            name: d.name,
            kind: kindOf(d),
          })),
      ),
    tree: (path) =>
      run(path, (): TreeEntry[] => {
        const out: TreeEntry[] = [];
        // An entry removed between readdir and lstat (a temporary file, a link being swapped
        // by rename) is left out, as if the walk had come a moment later.
        const gone = (error: unknown) => {
          if (codeOf(error) !== "ENOENT") throw error;
          return undefined;
        };
        const walk = (dir: string, rel: string, top = false) => {
          const entries = top ? nodeFs.readdirSync(dir, { withFileTypes: true }) : (() => {
            try {
              return nodeFs.readdirSync(dir, { withFileTypes: true });
            } catch (error) {
              return gone(error) ?? [];
            }
          })();
          for (const d of entries) {
            const child = `${dir}/${d.name}`;
            const kind = kindOf(d);
            let st: nodeFs.Stats;
            try {
              st = nodeFs.lstatSync(child);
            } catch (error) {
              gone(error);
              continue;
            }
            out.push({
              path: rel + d.name,
              kind,
              size: kind === "dir" ? 0 : st.size,
              mtimeMs: st.mtimeMs,
            });
            if (kind === "dir") walk(child, `${rel}${d.name}/`);
          }
        };
        walk(guard(path, true), "", true);
        return out;
      }),
    unchanged: (path, mtimeMs, tree) =>
      run(path, () => {
        const base = guard(path, false);
        const same = (p: string, kind: EntryKind, size: number, mtime: number) => {
          let st: nodeFs.Stats;
          try {
            st = nodeFs.lstatSync(p);
          } catch {
            return false;
          }
          const k = kindOf(st);
          return k === kind && st.mtimeMs === mtime && (k === "dir" || st.size === size);
        };
        if (!same(base, "dir", 0, mtimeMs)) return false;
        // tree() lists a folder before what is inside it, so a folder that was swapped for a
        // link fails here before any path through it is looked at.
        for (const e of tree) {
          if (!same(`${base}/${e.path}`, e.kind, e.size, e.mtimeMs)) return false;
        }
        return true;
      }),
    watch(path) {
      let target: string;
      try {
        target = guard(path, true);
      } catch {
        return undefined;
      }
      let watcher: nodeFs.FSWatcher | undefined;
      const report = () => {
        watch.changes++;
        watch.lastChangeAt = performance.timeOrigin + performance.now();
      };
      // Setting up a recursive watch walks the folders synchronously: not while a caller waits.
      const timer = setTimeout(() => {
        try {
          watcher = nodeFs.watch(target, { recursive: true }, report);
        } catch {
          // No watcher (inotify limits, an unsupported filesystem): callers check by stat instead.
          watch.state = "failed";
          return;
        }
        watcher.on("error", () => watch.close());
        // Whatever happened before the watch began is unknown: count the start as a change.
        report();
        watch.state = "live";
      }, 0);
      const watch: WritableWatch = {
        changes: 0,
        lastChangeAt: -Infinity,
        state: "starting",
        close() {
          clearTimeout(timer);
          watcher?.close();
          watch.state = "failed";
        },
      };
      return watch;
    },
    mkdir: (path) =>
      run(path, () => {
        const parts = segments(path);
        hold(parts, path, 0).close();
      }),
    writeAtomic: (path, content, options) =>
      run(path, () => {
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
      }),
    append: (path, content, options) =>
      run(path, () => {
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
      }),
    rename: (from, to) =>
      run(from, () => {
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
      }),
    remove: (path) =>
      run(path, () => {
        const { parts, name } = split(path);
        let held: Held;
        try {
          held = hold(parts, path, parts.length);
        } catch (error) {
          if (codeOf(error) === "ENOENT" || codeOf(error) === "ENOTDIR") return;
          throw error;
        }
        try {
          // Below the held folder rm walks by path: a folder inside the one removed that is
          // swapped for a link mid-walk is a window this cannot close (only task-mcp's own
          // staging, lock and journal folders are ever removed recursively).
          nodeFs.rmSync(held.dir.at(name), { recursive: true, force: true });
        } finally {
          held.close();
        }
      }),
  };
}

/** Whether an absolute path is a directory (following links), for command-line checks. */
export function isDirectory(path: string): boolean {
  try {
    return nodeFs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}
