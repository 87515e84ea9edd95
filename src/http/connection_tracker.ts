/**
 * What the HTTP server has in flight — tool calls and open streams — so that shutdown can wait
 * for the calls and end the streams, and `/health` can show that nothing leaks.
 *
 * @module
 */
import type { PushStream, StreamRegistry } from "../transports/push_stream.ts";

/** Counts reported by `/health`. */
export interface TrackerCounts {
  openStreams: number;
  /** Keep-alive and heartbeat timers; one per ticking stream. */
  timers: number;
  inFlightCalls: number;
}

/**
 * Tracks calls and streams.
 *
 * @example
 * ```ts
 * import { ConnectionTracker } from "./connection_tracker.ts";
 * const tracker = new ConnectionTracker();
 * await tracker.track(Promise.resolve(1));
 * tracker.counts(); // { openStreams: 0, timers: 0, inFlightCalls: 0 }
 * ```
 */
export class ConnectionTracker implements StreamRegistry {
  #streams = new Set<PushStream>();
  #calls = new Set<Promise<unknown>>();
  #draining = false;
  #maxStreams: number;
  /** Unread bytes after which a stream's client counts as gone (`MAX_STREAM_BUFFER_KB`). */
  readonly maxQueuedBytes?: number;

  /** `maxStreams` caps the streams open at once (`MAX_STREAMS`). */
  constructor(options: { maxStreams?: number; maxQueuedBytes?: number } = {}) {
    this.#maxStreams = options.maxStreams ?? Infinity;
    this.maxQueuedBytes = options.maxQueuedBytes;
  }

  /** Whether one more stream may open. */
  hasRoom(): boolean {
    return this.#streams.size < this.#maxStreams;
  }

  add(stream: PushStream): void {
    this.#streams.add(stream);
  }

  delete(stream: PushStream): void {
    this.#streams.delete(stream);
  }

  /** Registers a running call until it settles; returns it unchanged. */
  track<T>(call: Promise<T>): Promise<T> {
    this.#calls.add(call);
    const forget = () => void this.#calls.delete(call);
    call.then(forget, forget);
    return call;
  }

  /** True once shutdown has begun: new work is refused. */
  get draining(): boolean {
    return this.#draining;
  }

  counts(): TrackerCounts {
    let timers = 0;
    for (const stream of this.#streams) if (stream.ticking) timers++;
    return { openStreams: this.#streams.size, timers, inFlightCalls: this.#calls.size };
  }

  /**
   * Refuses new work, waits up to `timeoutMs` for running calls, then ends every open stream
   * with its farewell.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.#draining = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => timer = setTimeout(resolve, timeoutMs));
    await Promise.race([Promise.allSettled([...this.#calls]), deadline]);
    clearTimeout(timer);
    for (const stream of [...this.#streams]) stream.shutdown();
  }
}
