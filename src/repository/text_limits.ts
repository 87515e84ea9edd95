/**
 * Length limits of free text: what the tools accept, and what a listing shows of text written by
 * hand.
 *
 * @module
 */

/**
 * Longest accepted free-text inputs, in characters (UTF-16 code units); the README lists them.
 * Without them a 600 KB title made every listing page too large to send, and a 4 MB title
 * wrote documents past `MAX_DOCUMENT_KB`.
 */
export const TEXT_LIMITS = {
  title: 200,
  owner: 100,
  rationale: 4000,
  capability: 200,
  path: 256,
  task: 32,
  pageToken: 512,
  template: 32,
} as const;

/**
 * `text` cut to `max` characters, with `…` when it was longer. A change written by hand (or by
 * `change_write`, up to `MAX_DOCUMENT_KB`) can carry a title of any length, and one 500 KB title
 * made every listing page that showed it too large to send, for everyone.
 *
 * @example
 * ```ts
 * import { clip } from "./text_limits.ts";
 * clip("abcdef", 3); // "abc…"
 * clip("abc", 3); // "abc"
 * ```
 */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
