/**
 * Finished pages of `changes_active`, kept while a filesystem watcher reports no change.
 *
 * Without a watcher every page is rebuilt, and the change index re-checks each change against
 * the disk. With one, a page is served again as long as nothing under `openspec/changes/` moved
 * since it was built: our own mutations invalidate at once, other writers through the
 * watcher's events. Before answering from the cache we yield to the event loop once, so that
 * events the kernel queued before the request are seen first, and no page is trusted for more
 * than {@link MAX_PAGE_AGE_MS} — a bound on staleness should the watcher ever miss an event.
 *
 * @module
 */
import type { RepoContext } from "./context.ts";
import type { ChangeIndex } from "./change_index.ts";
import { CHANGES } from "./layout.ts";
import { type ChangePage, listChanges, type ListQuery } from "./list_changes.ts";

/** The longest a cached page is served without being rebuilt. */
export const MAX_PAGE_AGE_MS = 1000;
/**
 * Above this many changes no watcher is started: a recursive watch adds one inotify watch per
 * folder, synchronously, and at 10,000 changes that stalls the event loop for seconds. Large
 * repositories use the per-change checks alone (a few milliseconds a page).
 */
export const MAX_WATCHED_CHANGES = 2000;
const MAX_PAGES = 256;

const nextTurn = () =>
  new Promise<void>((resolve) =>
    (globalThis as unknown as { setImmediate(fn: () => void): void }).setImmediate(resolve)
  );

/** A cache of pages in front of {@link listChanges}. */
export class PageCache {
  #generation = 0;
  #stop: (() => void) | undefined;
  #pages = new Map<string, { generation: number; builtAt: number; page: ChangePage }>();

  constructor(private readonly ctx: RepoContext, private readonly index: ChangeIndex) {}

  /** Forgets every page (after a mutation of our own). */
  invalidate(): void {
    this.#generation++;
  }

  /** Stops watching. */
  close(): void {
    this.#stop?.();
    this.#stop = undefined;
  }

  #starting = false;

  /** Whether a watcher is live; starts one after the current request when none is. */
  async #watching(): Promise<boolean> {
    if (this.#stop) return true;
    const { fs } = this.ctx;
    if (!fs.watch || this.#starting) return false;
    if ((await this.index.names(CHANGES)).length > MAX_WATCHED_CHANGES) return false;
    if ((await fs.stat(CHANGES))?.kind !== "dir") return false;
    // Setting up the watch walks the folders synchronously: not while a caller waits.
    this.#starting = true;
    setTimeout(() => {
      this.#starting = false;
      this.#stop ??= fs.watch?.(CHANGES, (event) => {
        this.#generation++;
        if (event.lost) this.close();
      });
      // Anything that happened before the watcher started is in no cached page: start clean.
      this.#generation++;
    }, 0);
    return false;
  }

  /** A page, from the cache when nothing changed since it was built. */
  async list(q: ListQuery): Promise<ChangePage> {
    const watched = await this.#watching();
    const key = JSON.stringify([q.limit, q.offset, q.pageToken, q.status, q.owner, q.template]);
    if (watched) {
      await nextTurn();
      const cached = this.#pages.get(key);
      if (
        cached && this.#stop && cached.generation === this.#generation &&
        Date.now() - cached.builtAt < MAX_PAGE_AGE_MS
      ) {
        return cached.page;
      }
    }
    const generation = this.#generation;
    const builtAt = Date.now();
    const page = await listChanges(this.index, q);
    if (watched) {
      if (this.#pages.size >= MAX_PAGES) this.#pages.clear();
      this.#pages.set(key, { generation, builtAt, page });
    }
    return page;
  }
}
