/**
 * The body of every streaming response (SSE and NDJSON): a byte stream the server writes to as
 * things happen, with an optional periodic tick (keep-alives, heartbeats) and a hook for when
 * the client goes away.
 *
 * It is a plain `ReadableStream` rather than a `TransformStream` because the one thing a
 * streaming response must learn about is `cancel()` — the client disconnected — and an
 * underlying source receives it directly on every runtime.
 *
 * @module
 */

/** Where open streams are counted, so that shutdown can end them and `/health` can count them. */
export interface StreamRegistry {
  add(stream: PushStream): void;
  delete(stream: PushStream): void;
  /** Whether one more stream may open (`MAX_STREAMS`); absent means always. */
  hasRoom?(): boolean;
  /** The default of {@link PushStreamOptions.maxQueuedBytes} for streams of this registry. */
  readonly maxQueuedBytes?: number;
}

/** Why a stream ended without the server closing it normally. */
export type EndReason = "cancel" | "shutdown" | "overflow";

/** Options of {@link PushStream}. */
export interface PushStreamOptions {
  /** Runs every `intervalMs` while the stream is open: keep-alive comments, heartbeats. */
  tick?: { intervalMs: number; run(stream: PushStream): void };
  /**
   * Called once if the stream ends other than by {@link PushStream.close}: the client went away
   * (`cancel`), the server shut down (`shutdown`), or the client stopped reading (`overflow`).
   */
  onEnd?(reason: EndReason): void;
  /** Written last when the server shuts down while the stream is open. */
  farewell?: () => string | undefined;
  registry?: StreamRegistry;
  /** Unread bytes after which the client counts as gone; default the registry's, or 8 MiB. */
  maxQueuedBytes?: number;
  /**
   * How long a client may leave a full queue (64 KiB and more) unread before it counts as gone;
   * default 60 s. A reader that takes a byte a second never drains it.
   */
  stallMs?: number;
}

const encoder = new TextEncoder();

/**
 * A server-written response body.
 *
 * @example
 * ```ts
 * import { PushStream } from "./push_stream.ts";
 * const stream = new PushStream({ onEnd: (reason) => console.error("ended:", reason) });
 * const response = new Response(stream.readable, { headers: { "Content-Type": "text/plain" } });
 * stream.write("hello\n");
 * stream.close();
 * await response.text(); // "hello\n"
 * ```
 */
export class PushStream {
  /** The response body. */
  readonly readable: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #options: PushStreamOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #open = true;
  /** Since when the queue has been at or over the high-water mark without a read. */
  #fullSince: number | undefined;

  constructor(options: PushStreamOptions = {}) {
    this.#options = options;
    this.readable = new ReadableStream<Uint8Array>(
      {
        start: (controller) => void (this.#controller = controller),
        // Called whenever the queue falls below the high-water mark: the client is reading.
        pull: () => void (this.#fullSince = undefined),
        cancel: () => this.#end("cancel"),
      },
      { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
    );
    const tick = options.tick;
    if (tick) this.#timer = setInterval(() => tick.run(this), tick.intervalMs);
    options.registry?.add(this);
  }

  /** Whether the stream still accepts writes. */
  get open(): boolean {
    return this.#open;
  }

  /** Whether the periodic tick is scheduled (for leak checks). */
  get ticking(): boolean {
    return this.#timer !== undefined;
  }

  /** Queues `text`; returns false once the stream has ended. */
  write(text: string): boolean {
    if (!this.#open) return false;
    try {
      this.#controller.enqueue(encoder.encode(text));
    } catch {
      this.#end("cancel");
      return false;
    }
    const limit = this.#options.maxQueuedBytes ?? this.#options.registry?.maxQueuedBytes ??
      8 * 1024 * 1024;
    const desired = this.#controller.desiredSize ?? 0;
    if (desired > 0) this.#fullSince = undefined;
    else this.#fullSince ??= Date.now();
    const stalled = this.#fullSince !== undefined &&
      Date.now() - this.#fullSince > (this.#options.stallMs ?? 60_000);
    if (desired < -limit || stalled) {
      // Nobody reads: holding an ever-growing queue would let one stuck client exhaust memory.
      this.#end("overflow");
      return false;
    }
    return true;
  }

  /** Ends the stream normally, after what was written. */
  close(): void {
    if (!this.#open) return;
    this.#release();
    try {
      this.#controller.close();
    } catch { /* already cancelled */ }
  }

  /** Writes the farewell, ends the stream and tells the owner (`onEnd("shutdown")`). */
  shutdown(): void {
    if (!this.#open) return;
    const farewell = this.#options.farewell?.();
    if (farewell !== undefined) this.write(farewell);
    this.close();
    this.#options.onEnd?.("shutdown");
  }

  #end(reason: EndReason): void {
    if (!this.#open) return;
    this.#release();
    if (reason === "overflow") {
      try {
        this.#controller.error(new Error("The client stopped reading"));
      } catch { /* already cancelled */ }
    }
    this.#options.onEnd?.(reason);
  }

  #release(): void {
    this.#open = false;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#options.registry?.delete(this);
  }
}
