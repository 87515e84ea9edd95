/**
 * Holding the repository lock's lease: renewing it while held, checking it before each write,
 * and letting go of exactly our own lock file (see `repo_lock.ts` for the protocol).
 *
 * @module
 */
import { FsError } from "../fs/file_system.ts";
import type { FileSystem } from "../fs/file_system.ts";
import { DomainError } from "../errors.ts";

/** The lock as its holder sees it. */
export interface Lease {
  /** Whether taking it meant breaking a stale lease: its holder may have left work half done. */
  readonly broke: boolean;
  /** Renews the lease when due; throws `STORAGE_ERROR` when another process has taken it. */
  check(): Promise<void>;
}

/**
 * Starts holding the lease whose lock file is `file` (`…/lock/owner.<token>.<n>`): renewed
 * every third of `leaseMs` by renaming it to the next `n`. `release()` deletes it — unless it
 * was lost, when whatever is in the lock folder now is someone else's.
 */
export function holdLease(
  fs: FileSystem,
  options: { file: string; leaseMs: number; broke: boolean },
): { lease: Lease; release(): Promise<void> } {
  const { leaseMs } = options;
  const dir = options.file.slice(0, options.file.lastIndexOf("/"));
  let file = options.file;
  let renewedAt = performance.now();
  let lost: DomainError | undefined;
  let renewing: Promise<void> | undefined;
  const renew = () =>
    renewing ??= (async () => {
      const next = file.replace(/\d+$/, (n) => String(Number(n) + 1));
      try {
        // Renaming fails when the file is gone: the lease was broken while we stalled.
        await fs.rename(file, next);
        [file, renewedAt] = [next, performance.now()];
      } catch (error) {
        if (!(error instanceof FsError && error.code === "NOT_FOUND")) throw error;
        lost = new DomainError(
          "STORAGE_ERROR",
          "The repository lock was lost: this process stalled and another task-mcp process took it over",
          { lock: fs.absolute(dir) },
          "Check the change and retry: nothing was written after the stall, and an archive journaled before it is finished by the process that took over",
        );
      }
    })().finally(() => renewing = undefined);
  const timer = setInterval(() => renew().catch(() => {}), leaseMs / 3);
  return {
    lease: {
      broke: options.broke,
      async check() {
        // Nobody breaks a lease within a whole lease of its renewal: within half of it, the
        // write that follows is safe without looking.
        if (!lost && performance.now() - renewedAt > leaseMs / 2) await renew();
        if (lost) throw lost;
      },
    },
    async release() {
      clearInterval(timer);
      await renewing?.catch(() => {});
      if (!lost) await fs.remove(file);
    },
  };
}
