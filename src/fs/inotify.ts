/**
 * A recursive watch that can be read synchronously: Linux inotify, through Bun's FFI.
 *
 * A watcher of the runtime (`fs.watch`) reports a change as an event of the event loop, some
 * time after it happened, so whoever must see every change made before a request has to wait
 * for it. The kernel, though, queues an inotify event before the write that caused it returns.
 * Reading the queue without blocking therefore counts every change made before the read: one
 * system call, no wait.
 *
 * Available on Bun on Linux with glibc; elsewhere {@link openInotify} returns `undefined` and
 * callers use the runtime's watcher.
 *
 * @module
 */
import * as nodeFs from "node:fs";
import process from "node:process";

const IN_MODIFY = 0x2;
const IN_ATTRIB = 0x4;
const IN_CLOSE_WRITE = 0x8;
const IN_MOVED_FROM = 0x40;
const IN_MOVED_TO = 0x80;
const IN_CREATE = 0x100;
const IN_DELETE = 0x200;
const IN_DELETE_SELF = 0x400;
const IN_MOVE_SELF = 0x800;
const IN_Q_OVERFLOW = 0x4000;
const IN_IGNORED = 0x8000;
const IN_ONLYDIR = 0x1000000;
const IN_DONT_FOLLOW = 0x2000000;
const IN_ISDIR = 0x40000000;
const IN_NONBLOCK = 0o4000;
const IN_CLOEXEC = 0o2000000;
const MASK = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE |
  IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW;
/** `struct inotify_event` without its name: wd, mask, cookie, len. */
const HEADER = 16;

interface Libc {
  inotify_init1(flags: number): number;
  inotify_add_watch(fd: number, path: Uint8Array, mask: number): number;
  read(fd: number, buffer: unknown, size: number): number;
  close(fd: number): number;
}

interface BunFfi {
  dlopen(path: string, symbols: Record<string, { args: string[]; returns: string }>): {
    symbols: Libc;
  };
  ptr(view: Uint8Array): unknown;
}

let loaded: { libc: Libc; ptr: BunFfi["ptr"] } | null | undefined;

/** libc's inotify functions, or `null` where they cannot be had. */
function load(): { libc: Libc; ptr: BunFfi["ptr"] } | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (!("Bun" in globalThis) || process.platform !== "linux") return loaded;
  try {
    const ffi = (import.meta as unknown as { require(id: string): BunFfi }).require("bun:ffi");
    const { symbols } = ffi.dlopen("libc.so.6", {
      inotify_init1: { args: ["i32"], returns: "i32" },
      inotify_add_watch: { args: ["i32", "cstring", "u32"], returns: "i32" },
      // ssize_t, read as i32: a read is at most the buffer's 64 KiB, and -1 stays -1.
      read: { args: ["i32", "ptr", "u64"], returns: "i32" },
      close: { args: ["i32"], returns: "i32" },
    });
    loaded = { libc: symbols, ptr: ffi.ptr };
  } catch {
    // No libc.so.6 (a musl build) or no FFI: the runtime's watcher does.
  }
  return loaded;
}

/** A running inotify watch. */
export interface Inotify {
  /**
   * Reads what the kernel queued: calls `onChange` once if anything changed, or `onLost` when
   * events were lost (queue overflow) or the watched folder itself went away.
   */
  read(): void;
  close(): void;
}

/**
 * Watches `dir` and every folder below it (links are not followed), adding folders as they
 * appear; `undefined` where inotify cannot be used or `dir` cannot be watched. Walks the tree
 * synchronously.
 */
export function openInotify(
  dir: string,
  onChange: () => void,
  onLost: () => void,
): Inotify | undefined {
  const native = load();
  if (!native) return undefined;
  const { libc } = native;
  const fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return undefined;
  const paths = new Map<number, string>();
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  /** Set when a folder that exists could not be watched (the limit of watches is reached). */
  let missed = false;
  /** Watches `path` and the folders below it; its descriptor, negative when it cannot be. */
  const add = (path: string): number => {
    const wd = libc.inotify_add_watch(fd, encoder.encode(`${path}\0`), MASK);
    if (wd < 0) {
      // A folder removed meanwhile is fine: its removal is an event of its parent.
      if (isFolder(path)) missed = true;
      return wd;
    }
    // The same folder reached by a new path (moved within the tree) keeps its descriptor.
    paths.set(wd, path);
    let entries: nodeFs.Dirent[] = [];
    try {
      entries = nodeFs.readdirSync(path, { withFileTypes: true });
    } catch {
      // Gone already: its removal is an event of its parent.
    }
    for (const entry of entries) if (entry.isDirectory()) add(`${path}/${entry.name}`);
    return wd;
  };
  const root = add(dir);
  if (root < 0 || missed) {
    libc.close(fd);
    return undefined;
  }
  const buffer = new Uint8Array(64 * 1024);
  const view = new DataView(buffer.buffer);
  const pointer = native.ptr(buffer);
  let open = true;
  return {
    read() {
      if (!open) return;
      let changed = false;
      for (;;) {
        // -1: nothing queued (EAGAIN), the only failure a valid descriptor can give here.
        const size = libc.read(fd, pointer, buffer.byteLength);
        if (size <= 0) break;
        for (let at = 0; at + HEADER <= size;) {
          const wd = view.getInt32(at, true);
          const mask = view.getUint32(at + 4, true);
          const length = view.getUint32(at + 12, true);
          const nameBytes = buffer.subarray(at + HEADER, at + HEADER + length);
          at += HEADER + length;
          const rootGone = wd === root && mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED);
          if (mask & IN_Q_OVERFLOW || rootGone) {
            onLost();
            return;
          }
          changed = true;
          if (mask & IN_IGNORED) {
            paths.delete(wd);
          } else if (mask & IN_ISDIR && mask & (IN_CREATE | IN_MOVED_TO)) {
            const end = nameBytes.indexOf(0);
            const name = decoder.decode(end < 0 ? nameBytes : nameBytes.subarray(0, end));
            const parent = paths.get(wd);
            if (parent !== undefined) add(`${parent}/${name}`);
          }
        }
      }
      if (missed) onLost();
      else if (changed) onChange();
    },
    close() {
      if (!open) return;
      open = false;
      libc.close(fd);
    },
  };
}

function isFolder(path: string): boolean {
  try {
    return nodeFs.lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
