/**
 * The disk filesystem, on `node:fs`, which Bun and Deno both provide.
 *
 * Calls are synchronous underneath on purpose: on a local disk a `stat` or small read costs
 * a few microseconds synchronously and ten times more through the promise API's thread hop,
 * and the listing of thousands of changes is made of such calls. The interface stays
 * promise-based so that other adapters can be truly asynchronous.
 *
 * Writes act inside folders held open and checked after opening, never on a path checked before
 * (see `disk_writes.ts`): a link re-pointed after the check cannot redirect them out of the root.
 *
 * Reads and listings, likewise, open the file or folder first and then check where what was
 * opened lies. `stat`, `unchanged` and the sub-folders of a walk act on paths below a checked
 * folder: one swapped for a link at that moment could at worst show a name, size or time from
 * outside, never take a write there.
 *
 * @module
 */
import * as nodeFs from "node:fs";
import { createConfinement } from "./confined_dir.ts";
import { createDiskWrites } from "./disk_writes.ts";
import { openInotify } from "./inotify.ts";
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
  /**
   * Address held folders by their resolved paths even where `/proc/self/fd` works: the portable
   * way, taken where it does not (see `confined_dir.ts`). For tests of that way.
   */
  byPath?: boolean;
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
  const confine = createConfinement(realRoot, { byPath: options.byPath });
  const { inside } = confine;
  const writes = createDiskWrites(confine);
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

  /** Runs `fn` on the folder `path`, held open and checked (see `confined_dir.ts`). */
  const inHeld = <T>(path: string, fn: (dir: string, real: string) => T): T => {
    const dir = confine.openDir(abs(segments(path)), path);
    try {
      return fn(dir.at("."), dir.real);
    } finally {
      dir.close();
    }
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
        // O_NONBLOCK: opening a named pipe would otherwise wait for a writer, and this read is
        // synchronous, so one pipe where a document should be would freeze the whole process.
        const fd = nodeFs.openSync(target, nodeFs.constants.O_RDONLY | nodeFs.constants.O_NONBLOCK);
        try {
          // Checked once open: a link swapped after the check cannot change what is read.
          if (!inside(confine.locate(fd) ?? nodeFs.realpathSync.native(target))) {
            throw new FsError("OUTSIDE_ROOT", path, `Path resolves outside the root: ${path}`);
          }
          const st = nodeFs.fstatSync(fd);
          if (st.isDirectory()) throw new FsError("EXISTS", path, `Is a directory: ${path}`);
          if (!st.isFile()) throw new FsError("IO", path, `Not a regular file: ${path}`);
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
          inHeld(path, (dir) => nodeFs.readdirSync(dir, { withFileTypes: true })).map((d) => ({
            name: d.name,
            kind: kindOf(d),
          })),
      ),
    tree: (path) =>
      run(path, (): TreeEntry[] => {
        const out: TreeEntry[] = [];
        // An entry removed between readdir and lstat (a temporary file, a link being swapped
        // by rename) is left out, as if the walk had come a moment later; the folder walked
        // was found by opening it.
        const gone = (error: unknown) => {
          if (codeOf(error) !== "ENOENT") throw error;
        };
        const walk = (dir: string, rel: string) => {
          let entries: nodeFs.Dirent[] = [];
          try {
            entries = nodeFs.readdirSync(dir, { withFileTypes: true });
          } catch (error) {
            gone(error);
          }
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
        // The walk goes by the resolved path of the folder checked: through `/proc/self/fd` each
        // lstat of a large tree would cost a fifth more.
        return inHeld(path, (_, real) => {
          walk(real, "");
          return out;
        });
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
      let watcher: { close(): void } | undefined;
      const report = () => {
        watch.changes++;
        watch.lastChangeAt = performance.timeOrigin + performance.now();
      };
      // Setting up a recursive watch walks the folders synchronously: not while a caller waits.
      const timer = setTimeout(() => {
        // Read synchronously where it can be (see inotify.ts), else reported by the runtime.
        const inotify = openInotify(target, report, () => watch.close());
        if (inotify) {
          watcher = inotify;
          watch.poll = () => inotify.read();
        } else {
          try {
            const runtime = nodeFs.watch(target, { recursive: true }, report);
            runtime.on("error", () => watch.close());
            watcher = runtime;
          } catch {
            // No watcher (inotify limits, an unsupported filesystem): callers check by stat.
            watch.state = "failed";
            return;
          }
        }
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
          delete watch.poll;
        },
      };
      return watch;
    },
    mkdir: (path) => run(path, () => writes.mkdir(path)),
    writeAtomic: (path, content, options) =>
      run(path, () => writes.writeAtomic(path, content, options)),
    append: (path, content, options) => run(path, () => writes.append(path, content, options)),
    rename: (from, to) => run(from, () => writes.rename(from, to)),
    remove: (path) => run(path, () => writes.remove(path)),
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
