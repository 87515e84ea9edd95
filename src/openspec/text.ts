/** Line-ending and BOM helpers matching the CLI's read and write conventions. @module */

/** CRLF and lone CR become LF; every CLI parser does this before reading structure. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/** Strips one leading UTF-8 BOM (most, but not all, CLI readers do this). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The dominant line ending of `text`, or undefined when it has no line break.
 * CRLF wins a tie, as in the CLI (a mostly-CRLF file that picked up a stray LF).
 */
export function detectLineEnding(text: string): "\r\n" | "\n" | undefined {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  if (crlf === 0 && lf === 0) return undefined;
  return crlf >= lf ? "\r\n" : "\n";
}

/**
 * Rewrites LF text to the dominant line ending of `original`; text is left as is
 * when `original` has no line break (new files are written LF).
 */
export function matchLineEnding(text: string, original: string): string {
  const ending = detectLineEnding(original);
  if (ending === undefined) return text;
  const lf = text.replace(/\r\n/g, "\n");
  return ending === "\n" ? lf : lf.replace(/\n/g, "\r\n");
}
