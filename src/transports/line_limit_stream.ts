/**
 * A guard in front of `TextLineStream` that keeps one huge line from being buffered whole.
 *
 * `TextLineStream` holds a line until its newline arrives, so a client that never sends one
 * could make it buffer without bound. This stream passes text through unchanged until a line
 * grows past the limit; then it forwards exactly `maxLength + 1` characters of it, ends it with a
 * newline, and drops the rest up to and including the line's own newline. Downstream, a line
 * longer than `maxLength` therefore always means "too long" and never holds more than
 * `maxLength + 1` characters.
 *
 * @module
 */

/**
 * Truncates lines longer than `maxLength` UTF-16 code units to `maxLength + 1`.
 *
 * @example
 * ```ts
 * import { LineLimitStream } from "./line_limit_stream.ts";
 * const lines = ReadableStream.from(["ok\nwaytoolong", "stillgoing\nok\n"])
 *   .pipeThrough(new LineLimitStream(5));
 * (await Array.fromAsync(lines)).join(""); // "ok\nwaytoo\nok\n"
 * ```
 */
export class LineLimitStream extends TransformStream<string, string> {
  /** `maxLength` is the longest line, without its newline, that passes untouched. */
  constructor(maxLength: number) {
    let lineLength = 0; // characters of the current line already forwarded
    let skipping = false; // inside a line that was cut: drop until its newline
    super({
      transform(chunk, controller) {
        let from = 0; // start of the part of `chunk` not yet forwarded or dropped
        let at = 0;
        while (at < chunk.length) {
          const newline = chunk.indexOf("\n", at);
          const end = newline === -1 ? chunk.length : newline;
          if (skipping) {
            at = from = newline === -1 ? chunk.length : newline + 1;
            skipping = newline === -1;
            continue;
          }
          if (lineLength + (end - at) > maxLength) {
            const cut = at + maxLength + 1 - lineLength;
            controller.enqueue(chunk.slice(from, cut) + "\n");
            at = from = cut;
            lineLength = 0;
            skipping = true;
            continue;
          }
          lineLength = newline === -1 ? lineLength + (end - at) : 0;
          at = newline === -1 ? chunk.length : newline + 1;
        }
        if (from < chunk.length) controller.enqueue(from === 0 ? chunk : chunk.slice(from));
      },
    });
  }
}
