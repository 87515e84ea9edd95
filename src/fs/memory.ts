/**
 * The in-memory filesystem: the default for unit tests and the reference for the contract suite.
 *
 * @module
 */
import type { DirEntry, FileInfo, FileSystem, TreeEntry, WritableWatch } from "./file_system.ts";
import { FsError } from "./file_system.ts";
import { segments } from "./paths.ts";

type Node = FileNode | DirNode;
interface FileNode {
  kind: "file";
  content: string;
  mtimeMs: number;
}
interface DirNode {
  kind: "dir";
  entries: Map<string, Node>;
  mtimeMs: number;
}

const encoder = new TextEncoder();

/** Options of {@link createMemoryFileSystem}. */
export interface MemoryFileSystemOptions {
  /** Initial files, by root-relative path. */
  files?: Record<string, string>;
  /** The clock used for modification times. */
  now?: () => number;
}

/**
 * Creates an empty (or pre-filled) filesystem that lives in memory.
 *
 * @example
 * ```ts
 * const fs = createMemoryFileSystem({ files: { "openspec/config.yaml": "schema: spec-driven\n" } });
 * await fs.readText("openspec/config.yaml");
 * ```
 */
export function createMemoryFileSystem(options: MemoryFileSystemOptions = {}): FileSystem {
  const now = options.now ?? Date.now;
  const root: DirNode = { kind: "dir", entries: new Map(), mtimeMs: now() };
  const watchers = new Map<WritableWatch, string>();

  const notify = (path: string) => {
    for (const [w, prefix] of watchers) {
      if (prefix === "" || path === prefix || path.startsWith(prefix + "/")) {
        w.changes++;
        w.lastChangeAt = performance.timeOrigin + performance.now();
      }
    }
  };

  const lookup = (parts: string[]): Node | undefined => {
    let node: Node = root;
    for (const part of parts) {
      if (node.kind !== "dir") return undefined;
      const next: Node | undefined = node.entries.get(part);
      if (!next) return undefined;
      node = next;
    }
    return node;
  };

  const dirOf = (parts: string[], path: string, create: boolean): DirNode => {
    let node: DirNode = root;
    for (const part of parts) {
      let next = node.entries.get(part);
      if (!next) {
        if (!create) throw new FsError("NOT_FOUND", path, `No such directory: ${path}`);
        next = { kind: "dir", entries: new Map(), mtimeMs: now() };
        node.entries.set(part, next);
        node.mtimeMs = now();
      }
      if (next.kind !== "dir") {
        throw new FsError("NOT_A_DIRECTORY", path, `Not a directory: ${path}`);
      }
      node = next;
    }
    return node;
  };

  const split = (path: string) => {
    const parts = segments(path);
    const name = parts.pop();
    if (name === undefined) throw new FsError("EXISTS", path, "The root cannot be replaced");
    return { parts, name };
  };

  /** Refuses a write whose `base` folder (see `WriteOptions`) is not there, before anything is made. */
  const requireBase = (path: string, base: string | undefined) => {
    if (base === undefined) return;
    const kept = segments(base);
    const parts = split(path).parts;
    if (kept.length > parts.length || kept.some((part, i) => part !== parts[i])) {
      throw new FsError("IO", path, `Path is not below "${base}": ${path}`);
    }
    if (lookup(kept)?.kind !== "dir") {
      throw new FsError("NOT_FOUND", path, `No such directory: ${base}`);
    }
  };

  const putFile = (path: string, content: string) => {
    const { parts, name } = split(path);
    const dir = dirOf(parts, path, true);
    const existing = dir.entries.get(name);
    if (existing?.kind === "dir") throw new FsError("EXISTS", path, `Is a directory: ${path}`);
    dir.entries.set(name, { kind: "file", content, mtimeMs: now() });
    dir.mtimeMs = now();
    notify(segments(path).join("/"));
  };

  const run = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  const fs: FileSystem = {
    root: "memory:",
    absolute: (path) => "memory:/" + segments(path).join("/"),
    readText: (path) =>
      run(() => {
        const node = lookup(segments(path));
        if (!node) throw new FsError("NOT_FOUND", path, `No such file: ${path}`);
        if (node.kind !== "file") throw new FsError("EXISTS", path, `Is a directory: ${path}`);
        return node.content;
      }),
    stat: (path) =>
      run((): FileInfo | undefined => {
        const node = lookup(segments(path));
        if (!node) return undefined;
        return node.kind === "file"
          ? { kind: "file", size: encoder.encode(node.content).length, mtimeMs: node.mtimeMs }
          : { kind: "dir", size: 0, mtimeMs: node.mtimeMs };
      }),
    list: (path) =>
      run((): DirEntry[] => {
        const node = lookup(segments(path));
        if (!node) throw new FsError("NOT_FOUND", path, `No such directory: ${path}`);
        if (node.kind !== "dir") {
          throw new FsError("NOT_A_DIRECTORY", path, `Not a directory: ${path}`);
        }
        return [...node.entries].map(([name, n]) => ({ name, kind: n.kind }));
      }),
    tree: (path) =>
      run(() => {
        const node = lookup(segments(path));
        if (node?.kind !== "dir") {
          throw new FsError("NOT_FOUND", path, `No such directory: ${path}`);
        }
        const out: TreeEntry[] = [];
        const walk = (dir: DirNode, prefix: string) => {
          for (const [name, child] of dir.entries) {
            const rel = prefix + name;
            if (child.kind === "file") {
              out.push({
                path: rel,
                kind: "file",
                size: encoder.encode(child.content).length,
                mtimeMs: child.mtimeMs,
              });
            } else {
              out.push({ path: rel, kind: "dir", size: 0, mtimeMs: child.mtimeMs });
              walk(child, rel + "/");
            }
          }
        };
        walk(node, "");
        return out;
      }),
    unchanged: async (path, mtimeMs, tree) => {
      const st = await fs.stat(path);
      if (st?.kind !== "dir" || st.mtimeMs !== mtimeMs) return false;
      const now = await fs.tree(path);
      const key = (e: TreeEntry) => `${e.path}:${e.kind}:${e.size}:${e.mtimeMs}`;
      return now.length === tree.length &&
        now.map(key).sort().join() === tree.map(key).sort().join();
    },
    mkdir: (path) => run(() => void dirOf(segments(path), path, true)),
    writeAtomic: (path, content, options) =>
      run(() => {
        requireBase(path, options?.base);
        putFile(path, content);
      }),
    append: (path, content, options) =>
      run(() => {
        requireBase(path, options?.base);
        const node = lookup(segments(path));
        putFile(path, (node?.kind === "file" ? node.content : "") + content);
      }),
    rename: (from, to) =>
      run(() => {
        const src = split(from);
        const dst = split(to);
        const fromParts = [...src.parts, src.name];
        const toParts = [...dst.parts, dst.name];
        const srcDir = dirOf(src.parts, from, false);
        const node = srcDir.entries.get(src.name);
        if (!node) throw new FsError("NOT_FOUND", from, `No such file or directory: ${from}`);
        if (toParts.join("/").startsWith(fromParts.join("/") + "/")) {
          throw new FsError("IO", to, `Cannot move a directory into itself: ${to}`);
        }
        const dstDir = dirOf(dst.parts, to, false);
        const existing = dstDir.entries.get(dst.name);
        if (existing?.kind === "dir") {
          if (node.kind !== "dir") throw new FsError("EXISTS", to, `Is a directory: ${to}`);
          if (existing.entries.size > 0) {
            throw new FsError("NOT_EMPTY", to, `Directory not empty: ${to}`);
          }
        } else if (existing && node.kind === "dir") {
          throw new FsError("NOT_A_DIRECTORY", to, `Not a directory: ${to}`);
        }
        srcDir.entries.delete(src.name);
        dstDir.entries.set(dst.name, node);
        srcDir.mtimeMs = dstDir.mtimeMs = now();
        notify(fromParts.join("/"));
        notify(toParts.join("/"));
      }),
    remove: (path) =>
      run(() => {
        const { parts, name } = split(path);
        const parent = lookup(parts);
        if (parent?.kind === "dir" && parent.entries.delete(name)) {
          parent.mtimeMs = now();
          notify([...parts, name].join("/"));
        }
      }),
    watch(path) {
      const watch: WritableWatch = {
        changes: 0,
        lastChangeAt: -Infinity,
        state: "live",
        close() {
          watchers.delete(watch);
          watch.state = "failed";
        },
      };
      watchers.set(watch, segments(path).join("/"));
      return watch;
    },
  };
  for (const [path, content] of Object.entries(options.files ?? {})) putFile(path, content);
  return fs;
}
