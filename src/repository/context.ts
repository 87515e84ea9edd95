/**
 * What every repository operation needs: storage, a clock, and the hooks that report changes.
 *
 * @module
 */
import type { ChangeEvent, Receipt } from "../backend_types.ts";
import type { FileSystem } from "../fs/file_system.ts";

/** The dependencies of repository operations, built once at start-up. */
export interface RepoContext {
  fs: FileSystem;
  now(): Date;
  /** Tells subscribers (resource notifications, caches) that something changed. */
  emit(event: ChangeEvent): void;
  /** Random identifiers for receipts and staging folders. */
  randomId(): string;
  /** This process's id, written into journals and staging folder names. */
  pid: number;
  /** Told of each receipt the audit log records (git mode names the commit after it). */
  onReceipt?: (receipt: Receipt, caller: string) => void;
}

/** Options of {@link createRepoContext}. */
export interface RepoContextOptions {
  fs: FileSystem;
  now?: () => Date;
  randomId?: () => string;
  pid?: number;
}

/** Builds a context whose events go to the listeners added with `onChange`. */
export function createRepoContext(options: RepoContextOptions): RepoContext & {
  onChange(listener: (event: ChangeEvent) => void): () => void;
} {
  const listeners = new Set<(event: ChangeEvent) => void>();
  return {
    fs: options.fs,
    now: options.now ?? (() => new Date()),
    randomId: options.randomId ?? (() => crypto.randomUUID()),
    pid: options.pid ?? 0,
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
