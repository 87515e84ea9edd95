/**
 * A lock on the repository shared by every task-mcp process that serves it, so that two
 * servers never interleave the read-modify-write of an archive or a task tick.
 *
 * The lock is a folder holding an `owner` file, moved into place with one rename: rename
 * refuses to replace a folder that has entries, so exactly one process gets it. A lock whose
 * owner process is gone (killed mid-operation) is taken over.
 *
 * @module
 */
import { FsError } from "../fs/file_system.ts";
import { DomainError } from "../errors.ts";
import type { RepoContext } from "./context.ts";
import { STATE } from "./layout.ts";

const LOCK = `${STATE}/lock`;
/** Where each process prepares its lock folder, named `<pid>-<id>`. */
export const LOCKS = `${STATE}/locks`;

/** Options of {@link withRepoLock}. */
export interface LockOptions {
  /** Whether a process holding a lock is still running; must be false for our own pid. */
  isAlive(pid: number): boolean;
  /** How long to wait for another process's lock before giving up. */
  timeoutMs?: number;
}

async function ownerOf(ctx: RepoContext): Promise<number | undefined> {
  try {
    return Number(JSON.parse(await ctx.fs.readText(`${LOCK}/owner`)).pid) || undefined;
  } catch {
    return undefined;
  }
}

/** Runs `fn` while holding the repository lock. */
export async function withRepoLock<T>(
  ctx: RepoContext,
  options: LockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const { fs } = ctx;
  const mine = `${LOCKS}/${ctx.pid}-${ctx.randomId()}`;
  await fs.writeAtomic(`${mine}/owner`, JSON.stringify({ pid: ctx.pid, at: ctx.now() }));
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (let wait = 1;; wait = Math.min(wait * 2, 50)) {
    try {
      await fs.rename(mine, LOCK);
      break;
    } catch (error) {
      if (!(error instanceof FsError) || (error.code !== "NOT_EMPTY" && error.code !== "EXISTS")) {
        await fs.remove(mine);
        throw error;
      }
    }
    const owner = await ownerOf(ctx);
    if (owner !== undefined && !options.isAlive(owner)) {
      // Its owner died holding it (our own pid counts as dead here: this process's mutations
      // run one at a time, so a lock naming us is left from a previous life, e.g. a container
      // restarted as pid 1). Look once more right before taking it over.
      if ((await ownerOf(ctx)) === owner) await fs.remove(LOCK);
      continue;
    }
    if (Date.now() > deadline) {
      await fs.remove(mine);
      throw new DomainError(
        "STORAGE_ERROR",
        `The repository is busy: another task-mcp process (pid ${owner}) holds its lock`,
        { lock: fs.absolute(LOCK), owner },
        "Retry in a moment",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  try {
    return await fn();
  } finally {
    await fs.remove(LOCK);
  }
}
