/**
 * The layout of the buffer {@link import("./disk_watch.ts").watchInWorker} shares with its
 * worker: two `Int32` (the count of reported changes, then the state) and one `Float64` (the
 * time of the last change, milliseconds since the epoch).
 *
 * @module
 */

/** Bytes of the shared buffer. */
export const WATCH_BUFFER_BYTES = 16;
/** The state while the worker sets the watch up. */
export const STARTING = 0;
/** The state while changes are reported. */
export const LIVE = 1;
/** The state once the watch has failed or was closed: changes may have been missed. */
export const FAILED = 2;

/** The buffer's two views: `state[0]` the count, `state[1]` the state; `last[0]` the time. */
export function watchViews(buffer: SharedArrayBuffer): { state: Int32Array; last: Float64Array } {
  return { state: new Int32Array(buffer, 0, 2), last: new Float64Array(buffer, 8, 1) };
}

/** The one message the worker receives. */
export interface WatchRequest {
  buffer: SharedArrayBuffer;
  /** The absolute directory to watch. */
  path: string;
}
