/**
 * The worker behind {@link import("./disk_watch.ts").watchInWorker}: watches one directory
 * recursively and publishes what it sees in the shared buffer it is sent — the count of
 * reported changes, the time of the last one, and whether the watch is live.
 *
 * Off the main thread, events are taken in as they come, not when the server's event loop
 * gets to them: a busy server still knows about an edit a fraction of a millisecond after it.
 *
 * @module
 */
import { watch } from "node:fs";
import { FAILED, LIVE, type WatchRequest, watchViews } from "./disk_watch_shared.ts";

globalThis.addEventListener("message", (message) => {
  const { buffer, path } = (message as MessageEvent<WatchRequest>).data;
  const { state, last } = watchViews(buffer);
  const report = () => {
    // The time first: whoever sees the new count sees this time or a later one.
    last[0] = performance.timeOrigin + performance.now();
    Atomics.add(state, 0, 1);
  };
  try {
    const watcher = watch(path, { recursive: true }, report);
    watcher.on("error", () => {
      watcher.close();
      Atomics.store(state, 1, FAILED);
    });
    // Whatever happened before the watch began is unknown: count the start as a change.
    report();
    Atomics.store(state, 1, LIVE);
  } catch {
    // No watcher (inotify limits, an unsupported filesystem): callers check by stat instead.
    Atomics.store(state, 1, FAILED);
  }
}, { once: true });
