/**
 * A lock on the repository shared by every task-mcp process that serves it, so that two
 * servers never interleave the read-modify-write of an archive or a task tick.
 *
 * It is a lease, not a process id and not an OS file lock. A pid names nobody across PID
 * namespaces (two containers that are both pid 1) or machines; `node:fs` has no `flock`, Bun
 * has no file locks at all, and `flock` over NFS is unreliable. A lease only needs rename(2),
 * which is atomic on every filesystem we run on, shared ones included, and survives kill -9.
 *
 * `lock/` holds one file, `owner.<token>.<n>`, the token random per acquisition:
 * - taking: a prepared folder `locks/<token>/` holding `owner.<token>.0` is renamed onto
 *   `lock`; rename only replaces a missing or empty folder, so exactly one process wins;
 * - renewing (every third of the lease while held): renaming our file to `owner.<token>.<n+1>`,
 *   which fails when the file is no longer there — the holder learns it lost the lease;
 * - releasing: deleting our exact file (the empty folder stays for the next rename);
 * - breaking: a waiter that has seen the same names in `lock/` for a whole lease, on its own
 *   monotonic clock, renames exactly those files aside. A renewal or release in between makes
 *   that rename fail, so a live or newer lock is never broken, and no clocks of two machines
 *   are ever compared. A holder that stalled longer than the lease finds out at its next write
 *   (see {@link Lease.check}) and fails instead of writing.
 *
 * A waiter need not wait out the lease of a holder it knows for certain has exited: same boot,
 * same PID namespace, and that pid gone or started at another time (see `isGone`). Anything
 * less certain — another container, another machine — waits for the lease.
 *
 * @module
 */
import { FsError } from "../fs/file_system.ts";
import type { FileSystem } from "../fs/file_system.ts";
import { DomainError } from "../errors.ts";
import { holdLease, type Lease } from "./lease.ts";
import { STATE } from "./layout.ts";

export type { Lease };

/** The lock folder. */
export const LOCK = `${STATE}/lock`;
/** Where each process prepares its lock folder, named after its token. */
export const LOCKS = `${STATE}/locks`;
/** How long a lease lasts without renewal, unless configured otherwise. */
export const DEFAULT_LEASE_MS = 3_000;

/** Options of {@link withRepoLock}. */
export interface LockOptions {
  /** Random tokens: one per acquisition. */
  randomId(): string;
  /** Written into the lock for people (pid, host), never used to decide anything. */
  holder?: Record<string, unknown>;
  /** How long a lease lasts unless renewed. */
  leaseMs?: number;
  /** How long to wait for another process's lock before giving up. */
  timeoutMs?: number;
  /**
   * Whether the holder that wrote this record has certainly exited (same machine and PID
   * namespace, see `runtime/process_identity.ts`): its lease is broken without waiting it out.
   */
  isGone?(holder: Record<string, unknown>): boolean;
  /** Told when a stale lease (its holder killed or stalled) was broken to take the lock. */
  onBreak?(names: string[]): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isTaken = (e: unknown) =>
  e instanceof FsError && (e.code === "NOT_EMPTY" || e.code === "EXISTS");

/** Runs `fn` while holding the repository lock. */
export async function withRepoLock<T>(
  fs: FileSystem,
  options: LockOptions,
  fn: (lease: Lease) => Promise<T>,
): Promise<T> {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const token = options.randomId();
  const mine = `${LOCKS}/${token}`;
  const name = `owner.${token}.0`;
  const prepare = () =>
    fs.writeAtomic(`${mine}/${name}`, JSON.stringify({ ...options.holder, since: Date.now() }));
  await prepare();
  const deadline = performance.now() + (options.timeoutMs ?? 10_000);
  let seen: string | undefined;
  let seenAt = 0;
  let broke = false;
  for (let wait = 1;; wait = Math.min(wait * 2, 50)) {
    try {
      await fs.rename(mine, LOCK);
      break;
    } catch (error) {
      // Our prepared folder was swept as debris by another process's recovery: prepare again.
      if (error instanceof FsError && error.code === "NOT_FOUND") {
        await prepare();
        continue;
      }
      if (!isTaken(error)) {
        await fs.remove(mine);
        throw error;
      }
    }
    const names = (await fs.list(LOCK).catch(() => [])).map((e) => e.name).sort();
    const key = names.join("/");
    const now = performance.now();
    let gone = false;
    if (key !== seen) {
      [seen, seenAt] = [key, now];
      const holder = options.isGone && names.length ? await readHolder(fs, names) : undefined;
      gone = !!holder && typeof holder === "object" &&
        options.isGone!(holder as Record<string, unknown>);
    }
    if (names.length && (gone || now - seenAt >= leaseMs)) {
      // Its holder has exited, or has not renewed for a whole lease (killed on another machine
      // or in another container, or stalled). Move exactly what we saw aside; if any of it is
      // gone, the holder (renewing, releasing) or another waiter was first.
      const moved = await breakLease(fs, names, token);
      broke ||= moved;
      if (moved) options.onBreak?.(names);
      seen = undefined;
      continue;
    }
    if (now > deadline) {
      await fs.remove(mine);
      const holder = await readHolder(fs, names);
      throw new DomainError(
        "STORAGE_ERROR",
        "The repository is busy: another task-mcp process holds its lock",
        { lock: fs.absolute(LOCK), ...(holder ? { holder } : {}) },
        "Retry in a moment",
      );
    }
    await sleep(wait);
  }

  const held = holdLease(fs, { file: `${LOCK}/${name}`, leaseMs, broke });
  try {
    return await fn(held.lease);
  } finally {
    await held.release();
  }
}

/** Renames the observed lock files aside and deletes them; false when any was gone already. */
async function breakLease(fs: FileSystem, names: string[], token: string): Promise<boolean> {
  let all = true;
  for (const entry of names) {
    const aside = `${LOCKS}/${token}.stale.${entry}`;
    try {
      await fs.rename(`${LOCK}/${entry}`, aside);
      await fs.remove(aside);
    } catch {
      all = false;
    }
  }
  return all;
}

/** What the holder wrote about itself, for the busy error. */
async function readHolder(fs: FileSystem, names: string[]): Promise<unknown> {
  try {
    return JSON.parse(await fs.readText(`${LOCK}/${names[0]}`));
  } catch {
    return undefined;
  }
}
