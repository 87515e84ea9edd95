/**
 * The nesting cap every transport applies to incoming JSON text before parsing it: HTTP bodies
 * and stdio lines alike.
 *
 * @module
 */

/** Deepest nesting of arrays and objects an incoming message may have. */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests arrays and objects deeper than `max`, found by one scan of the text
 * before anything is parsed. No request needs more than a few levels, and a value nested 100,000
 * deep costs seconds of CPU the moment anything walks it (JavaScriptCore, in the compiled binary,
 * spends 2.5 s overflowing its stack in `JSON.stringify` of one): refusing it at the door is
 * cheaper than every later defence.
 *
 * @example
 * ```ts
 * import { nestsDeeperThan } from "./json_depth.ts";
 * nestsDeeperThan('{"a":[[1]]}', 3); // false
 * nestsDeeperThan("[[[[]]]]", 3); // true
 * nestsDeeperThan('"[[[["', 3); // false: inside a string
 * ```
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
