/**
 * The disk filesystem, on `node:fs`, which Bun and Deno both provide.
 *
 * Calls are synchronous underneath on purpose: on a local disk a `stat` or small read costs
 * a few microseconds synchronously and ten times more through the promise API's thread hop,
 * and the listing of thousands of changes is made of such calls. The interface stays
 * promise-based so that other adapters can be truly asynchronous.
 *
 * @module
 */
import * as nodeFs from "node:fs";
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
  const prefix = realRoot === "/" ? "/" : realRoot + "/";
  const inside = (real: string) => real === realRoot || real.startsWith(prefix);
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
    readText: (path) => run(path, () => nodeFs.readFileSync(guard(path, true), "utf8")),
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
        const walk = (dir: string, rel: string) => {
          for (const d of nodeFs.readdirSync(dir, { withFileTypes: true })) {
            const child = `${dir}/${d.name}`;
            const kind = kindOf(d);
            const st = nodeFs.lstatSync(child);
            out.push({
              path: rel + d.name,
              kind,
              size: kind === "dir" ? 0 : st.size,
              mtimeMs: st.mtimeMs,
            });
            if (kind === "dir") walk(child, `${rel}${d.name}/`);
          }
        };
        walk(guard(path, true), "");
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
        nodeFs.mkdirSync(guard(path, true), { recursive: true });
      }),
    writeAtomic: (path, content) =>
      run(path, () => {
        const target = guard(path, true);
        const dir = target.slice(0, target.lastIndexOf("/"));
        nodeFs.mkdirSync(dir, { recursive: true });
        // The temporary file sits beside the target so that rename(2) stays on one filesystem
        // and is atomic; its dot-name keeps it out of OpenSpec's discovery if a crash leaves it.
        const tmp = `${dir}/.${target.slice(dir.length + 1)}.${tmpTag}.${++tmpCounter}.tmp`;
        try {
          nodeFs.writeFileSync(tmp, content);
          nodeFs.renameSync(tmp, target);
        } catch (error) {
          nodeFs.rmSync(tmp, { force: true });
          throw error;
        }
      }),
    append: (path, content) =>
      run(path, () => {
        const target = guard(path, true);
        nodeFs.mkdirSync(target.slice(0, target.lastIndexOf("/")), { recursive: true });
        nodeFs.appendFileSync(target, content);
      }),
    rename: (from, to) => run(from, () => nodeFs.renameSync(guard(from, false), guard(to, false))),
    remove: (path) =>
      run(path, () => nodeFs.rmSync(guard(path, false), { recursive: true, force: true })),
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
