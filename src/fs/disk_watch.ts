/**
 * A recursive watch of a directory on disk, run in a worker thread.
 *
 * On the main thread a watcher's events wait in the event loop's queue behind whatever the
 * server is doing, and a check for them would have to yield to the loop first (which, on Bun,
 * also sends the response's headers one `send()` each). The worker takes them in as they come
 * and publishes a change count in shared memory that any request reads synchronously. Setting
 * the watch up (one inotify watch per folder) happens there too, off the main thread.
 *
 * @module
 */
import type { Watch } from "./file_system.ts";
import {
  FAILED,
  LIVE,
  STARTING,
  WATCH_BUFFER_BYTES,
  type WatchRequest,
  watchViews,
} from "./disk_watch_shared.ts";

/** Where the worker's module is when running from source. */
const WORKER = new URL("./disk_watch_worker.ts", import.meta.url);

/**
 * Starts watching the absolute directory `path` in a worker running `worker` (by default the
 * module beside this one); `undefined` when no worker can be started.
 *
 * @example
 * ```ts
 * import { watchInWorker } from "./disk_watch.ts";
 * const watch = watchInWorker("/srv/project/openspec/changes");
 * if (watch?.state === "live") console.log(watch.changes);
 * watch?.close();
 * ```
 */
export function watchInWorker(path: string, worker: URL = WORKER): Watch | undefined {
  const buffer = new SharedArrayBuffer(WATCH_BUFFER_BYTES);
  const { state, last } = watchViews(buffer);
  last[0] = -Infinity;
  let thread: Worker;
  try {
    thread = new Worker(worker.href, { type: "module" });
  } catch {
    return undefined;
  }
  const stop = () => {
    Atomics.store(state, 1, FAILED);
    thread.terminate();
  };
  thread.addEventListener("error", (event) => {
    event.preventDefault();
    stop();
  });
  thread.postMessage({ buffer, path } satisfies WatchRequest);
  return {
    get changes() {
      return Atomics.load(state, 0);
    },
    get lastChangeAt() {
      return last[0]!;
    },
    get state() {
      const now = Atomics.load(state, 1);
      return now === LIVE
        ? "live" as const
        : now === STARTING
        ? "starting" as const
        : "failed" as const;
    },
    close: stop,
  };
}
