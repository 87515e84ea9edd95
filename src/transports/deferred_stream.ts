/**
 * A streaming answer that becomes a stream only when it needs to.
 *
 * Most calls finish within a few milliseconds and write nothing before their outcome. Their SSE
 * or NDJSON answer is sent as one body — the same media type and the same bytes a stream would
 * carry — without a `ReadableStream`, a queue or a keep-alive timer, which is most of what a
 * streamed answer costs. A call that writes before it ends (a progress or log notification,
 * when `streamOnWrite`) or is still running after `graceMs` gets a live {@link PushStream} at
 * that moment, starting with everything written so far.
 *
 * @module
 */
import { PushStream, type PushStreamOptions } from "./push_stream.ts";

/**
 * How long answers are held back by default: longer than almost every call takes, short enough
 * that a slow call's stream (and its first keep-alive or heartbeat) starts without a noticeable
 * delay.
 */
export const STREAM_GRACE_MS = 50;

/** Options of {@link DeferredStream}. */
export interface DeferredStreamOptions extends PushStreamOptions {
  /** How long the answer may be held back waiting for the call to end. */
  graceMs: number;
  /** Whether a write before {@link DeferredStream.close} starts the stream at once. */
  streamOnWrite: boolean;
}

/**
 * A response body written like a {@link PushStream}, sent whole if it is finished in time.
 *
 * @example
 * ```ts
 * import { DeferredStream } from "./deferred_stream.ts";
 * const answer = new DeferredStream(": open\n\n", { graceMs: 50, streamOnWrite: true });
 * const response = answer.response({ "Content-Type": "text/event-stream" });
 * answer.write("data: done\n\n");
 * answer.close();
 * await (await response).text(); // ": open\n\ndata: done\n\n"
 * ```
 */
export class DeferredStream {
  #options: DeferredStreamOptions;
  #chunks: string[];
  #stream: PushStream | undefined;
  #closed = false;
  #wake: (() => void) | undefined;

  /** `head` is the first chunk (a comment or start line), written before the call begins. */
  constructor(head: string, options: DeferredStreamOptions) {
    this.#chunks = [head];
    this.#options = options;
  }

  /** Queues `text`; returns false once the answer has ended. */
  write(text: string): boolean {
    if (this.#stream) return this.#stream.write(text);
    if (this.#closed) return false;
    this.#chunks.push(text);
    if (this.#options.streamOnWrite) this.#wake?.();
    return true;
  }

  /** Ends the answer after what was written. */
  close(): void {
    if (this.#stream) return this.#stream.close();
    this.#closed = true;
    this.#wake?.();
  }

  /**
   * The response: the whole body if the answer ends within `graceMs` (and, with
   * `streamOnWrite`, nothing is written first), otherwise a stream.
   */
  async response(headers: Record<string, string>): Promise<Response> {
    if (!this.#closed && !(this.#options.streamOnWrite && this.#chunks.length > 1)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.#options.graceMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
    if (this.#closed) return new Response(this.#chunks.join(""), { headers });
    const stream = new PushStream(this.#options);
    this.#stream = stream;
    for (const chunk of this.#chunks) stream.write(chunk);
    this.#chunks = [];
    return new Response(stream.readable, { headers });
  }
}
