/**
 * Finished pages of `changes_active`, kept while a filesystem watch reports no change.
 *
 * Without a watch every page is rebuilt, and the change index re-checks each change against
 * the disk. With one, a page is served again as long as nothing under `openspec/changes/` moved
 * since it was built: our own mutations invalidate at once, other writers through the watch.
 * A watch that can be polled (inotify read synchronously, on Bun on Linux) is read when the
 * request comes: every edit made before it is counted then, with no wait. Other watchers report
 * a write some time after it happened: up to a few milliseconds on Deno, more on a machine short
 * of CPU — often longer than a client takes to edit a file and ask. So before answering from
 * the cache we give them {@link WATCH_LATENCY_MS} (then one more turn of the event loop, for
 * events that became ready meanwhile): an edit made before the request is counted by then.
 * Concurrent requests wait together, so this costs latency more than throughput. (On Bun a
 * response completed in a later turn of the loop is also sent one `send()` per header.)
 *
 * Watchers do not report every write. Bun's drops a second event for a file that had one a
 * millisecond or two before (a file written twice in a row reports the first write only), and
 * kernels merge events that are still queued. So a page is trusted only when it was built
 * {@link SETTLE_MS} or more after the last reported change: a write whose event was swallowed
 * happened right after a reported one, and every page built in that window is rebuilt from the
 * disk on its next use. No page is trusted for more than {@link MAX_PAGE_AGE_MS} either.
 *
 * @module
 */
import type { Watch } from "../fs/file_system.ts";
import type { RepoContext } from "./context.ts";
import type { ChangeIndex } from "./change_index.ts";
import { CHANGES } from "./layout.ts";
import { type ChangePage, listChanges, type ListQuery } from "./list_changes.ts";

/** How long a watcher is given to report edits made before a request (see above). */
export const WATCH_LATENCY_MS = 10;
/** The longest a cached page is served without being rebuilt. */
export const MAX_PAGE_AGE_MS = 1000;
/**
 * How long after a reported change pages are not trusted: well above the window in which Bun's
 * watcher swallows repeated events for one file (a few milliseconds).
 */
export const SETTLE_MS = 50;
/**
 * Above this many changes no watch is started: it takes one inotify watch per folder, and
 * older kernels allow 8,192 per user. Large repositories use the per-change checks alone (a few
 * milliseconds a page).
 */
export const MAX_WATCHED_CHANGES = 2000;
const MAX_PAGES = 256;

const now = () => performance.timeOrigin + performance.now();
const nextTurn = () =>
  new Promise<void>((resolve) =>
    (globalThis as unknown as { setImmediate(fn: () => void): void }).setImmediate(resolve)
  );

interface CachedPage {
  /** The watch's count of changes when the page was built. */
  changes: number;
  /** {@link PageCache.invalidate}'s count then. */
  own: number;
  builtAt: number;
  page: ChangePage;
}

/** A cache of pages in front of {@link listChanges}. */
export class PageCache {
  #own = 0;
  #watch: Watch | undefined;
  #starting: Promise<Watch | undefined> | undefined;
  /** Counts {@link close} calls: a watch still being started when one comes is not started. */
  #generation = 0;
  #pages = new Map<string, CachedPage>();
  #building = new Map<string, Omit<CachedPage, "page"> & { page: Promise<ChangePage> }>();

  constructor(private readonly ctx: RepoContext, private readonly index: ChangeIndex) {}

  /** Forgets every page (after a mutation of our own). */
  invalidate(): void {
    this.#own++;
  }

  /** Stops watching. */
  close(): void {
    this.#generation++;
    this.#watch?.close();
    this.#watch = undefined;
    this.#pages.clear();
  }

  /**
   * The live watch, if any; starts one (live a little later) when there is none. Requests that
   * arrive while one is being started wait for that one rather than start another: each walks
   * the whole tree and holds one inotify watch per folder.
   */
  #live(): Watch | undefined | Promise<Watch | undefined> {
    const state = this.#watch?.state;
    if (state === "live") return this.#watch;
    if (state === "starting") return undefined;
    if (this.#starting) return this.#starting;
    if (state === "failed") this.close(); // try a new one
    const { fs } = this.ctx;
    if (!fs.watch) return undefined;
    const generation = this.#generation;
    const start = async () => {
      if ((await this.index.names(CHANGES)).length > MAX_WATCHED_CHANGES) return undefined;
      if ((await fs.stat(CHANGES))?.kind !== "dir") return undefined;
      if (generation !== this.#generation) return undefined; // closed meanwhile
      this.#watch = fs.watch!(CHANGES);
      return this.#watch?.state === "live" ? this.#watch : undefined;
    };
    return this.#starting = start().finally(() => this.#starting = undefined);
  }

  /**
   * A page, from the cache when nothing changed since it was built. Requests that miss while
   * the same page is being built wait for that build rather than starting their own: at the
   * moment a page expires, every client polling it would otherwise walk the whole repository.
   */
  async list(q: ListQuery): Promise<ChangePage> {
    const live = this.#live();
    const watch = live instanceof Promise ? await live : live;
    const key = JSON.stringify([q.limit, q.offset, q.pageToken, q.status, q.owner, q.template]);
    if (watch?.poll) {
      watch.poll();
    } else if (watch) {
      await new Promise((resolve) => setTimeout(resolve, WATCH_LATENCY_MS));
      await nextTurn();
    }
    if (watch) {
      const trusted = (entry: Omit<CachedPage, "page">) =>
        watch.state === "live" && entry.changes === watch.changes && entry.own === this.#own &&
        entry.builtAt - watch.lastChangeAt >= SETTLE_MS;
      const cached = this.#pages.get(key);
      if (cached && trusted(cached) && now() - cached.builtAt < MAX_PAGE_AGE_MS) {
        return cached.page;
      }
      const building = this.#building.get(key);
      if (building && trusted(building)) return building.page;
    }
    const started = { changes: watch?.changes ?? 0, own: this.#own, builtAt: now() };
    const building = { ...started, page: listChanges(this.index, q) };
    if (!watch) return building.page;
    this.#building.set(key, building);
    try {
      const page = await building.page;
      if (this.#pages.size >= MAX_PAGES) this.#pages.clear();
      this.#pages.set(key, { ...started, page });
      return page;
    } finally {
      if (this.#building.get(key) === building) this.#building.delete(key);
    }
  }
}
