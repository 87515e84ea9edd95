/**
 * The portable filesystem adapter: everything the domain knows about storage.
 *
 * Paths are POSIX, relative to the adapter's root (`openspec/changes/x/proposal.md`). Every
 * implementation rejects paths that could leave the root — `..` segments, absolute paths,
 * backslashes, NUL bytes — before touching storage, and the disk implementation also refuses
 * to follow symbolic links that point outside the root.
 *
 * @module
 */

/** What kind of entry a path names. Links are reported as links, never followed. */
export type EntryKind = "file" | "dir" | "symlink" | "other";

/** The result of {@link FileSystem.stat}. */
export interface FileInfo {
  kind: EntryKind;
  size: number;
  mtimeMs: number;
}

/** One entry of {@link FileSystem.list}. */
export interface DirEntry {
  name: string;
  kind: EntryKind;
}

/** One entry of {@link FileSystem.tree}: a path relative to the directory that was walked. */
export interface TreeEntry {
  path: string;
  kind: EntryKind;
  size: number;
  mtimeMs: number;
}

/** Why a filesystem operation failed, independent of the runtime. */
export type FsErrorCode =
  | "NOT_FOUND"
  | "EXISTS"
  | "NOT_EMPTY"
  | "NOT_A_DIRECTORY"
  | "OUTSIDE_ROOT"
  | "IO";

/** The one error type of every adapter. */
export class FsError extends Error {
  constructor(readonly code: FsErrorCode, readonly path: string, message: string) {
    super(message);
    this.name = "FsError";
  }
}

/**
 * A running watch of a directory (see {@link FileSystem.watch}): what it has reported so far,
 * read at any time. Reports arrive as events of the event loop.
 */
export interface Watch {
  /**
   * Grows with every change it reports below the directory (several writes close together may
   * be reported once). Compare two readings to know whether anything was reported in between.
   */
  readonly changes: number;
  /** When the last change was reported (milliseconds since the epoch), `-Infinity` before any. */
  readonly lastChangeAt: number;
  /**
   * `live` while changes are reported; `starting` before, and `failed` for good once the watch
   * has stopped (changes may have been missed) or was closed.
   */
  readonly state: "starting" | "live" | "failed";
  /**
   * Present on a watch that can report synchronously: once it returns, every change made
   * before the call is counted. Without it, a change is reported some time after it happened.
   */
  poll?(): void;
  /** Stops watching. */
  close(): void;
}

/** A {@link Watch} as its adapter holds it: the same object, its fields updated in place. */
export type WritableWatch = { -readonly [K in keyof Watch]: Watch[K] };

/** Options of {@link FileSystem.writeAtomic} and {@link FileSystem.append}. */
export interface WriteOptions {
  /**
   * A folder that must exist already, the file's parent or one above it: folders missing between
   * it and the file are created, but never it nor anything above it — the write fails with
   * `NOT_FOUND` instead, and also when the folder is moved or removed while the write runs. For
   * writes into a folder someone else may move away (a change being archived): the write must not
   * bring it back. Without it, every missing parent is created.
   */
  base?: string;
}

/** Storage for one project root. */
export interface FileSystem {
  /** A human-readable location: an absolute directory, or `memory:` for the in-memory adapter. */
  readonly root: string;
  /** The location of a relative path, for messages and `paths` in results. */
  absolute(path: string): string;
  /** Reads a UTF-8 file. Throws `NOT_FOUND` when it does not exist. */
  readText(path: string): Promise<string>;
  /** Like `lstat`: never follows a link. Resolves to `undefined` when nothing is there. */
  stat(path: string): Promise<FileInfo | undefined>;
  /** The entries of a directory, in no particular order. Throws `NOT_FOUND`. */
  list(path: string): Promise<DirEntry[]>;
  /**
   * Every entry below a directory, depth first, with sizes and modification times. Links are
   * reported and never descended into, so one call sees exactly what lies inside `path`.
   * Throws `NOT_FOUND` when `path` is not a directory.
   */
  tree(path: string): Promise<TreeEntry[]>;
  /**
   * Whether the directory `path` still holds exactly what an earlier {@link FileSystem.tree}
   * returned: the directory's own modification time is `mtimeMs`, and every entry has the same
   * kind, size and time (a folder's time moves when entries are added, removed or renamed in it).
   * Much cheaper than a new walk; stops at the first difference and never follows a link.
   */
  unchanged(path: string, mtimeMs: number, tree: TreeEntry[]): Promise<boolean>;
  /** Creates a directory and its parents; succeeds when it exists already. */
  mkdir(path: string): Promise<void>;
  /**
   * Replaces a file's content atomically: readers see the old or the new content, never a mix,
   * and a crash leaves one of the two. Creates parent directories (see {@link WriteOptions}).
   * A link at `path` is replaced, never written through.
   */
  writeAtomic(path: string, content: string, options?: WriteOptions): Promise<void>;
  /**
   * Appends to a file (creating it and its parents, see {@link WriteOptions}), as one write.
   * Refuses (`OUTSIDE_ROOT`) to write through a link at `path`.
   */
  append(path: string, content: string, options?: WriteOptions): Promise<void>;
  /**
   * Moves a file or directory in one step. Replaces a file or an empty directory at `to`;
   * throws `NOT_EMPTY` when `to` is a directory with entries, and `NOT_FOUND` when `from` is missing.
   */
  rename(from: string, to: string): Promise<void>;
  /** Deletes a file, or a directory with everything in it. Succeeds when nothing is there. */
  remove(path: string): Promise<void>;
  /**
   * Watches everything below the directory `path` (recursively) until closed, when the storage
   * can tell; returns `undefined` when it cannot, and callers then re-check by `stat`.
   */
  watch?(path: string): Watch | undefined;
}
