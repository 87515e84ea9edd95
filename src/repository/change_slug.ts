/**
 * The name of an existing change: any folder name the OpenSpec CLI works with, never a path.
 *
 * The CLI lists, shows, validates and archives a change whatever its folder is called — in the
 * author's language (`新增登入流程`), in upper case, with a date prefix — so task-mcp refuses
 * only what could name another place: separators, a leading dot (`.`, `..`, hidden folders),
 * control characters. New changes keep the stricter rule of `change_open`.
 *
 * @module
 */

/** 1–200 characters; no `/`, `\`, control characters or leading dot. */
// deno-lint-ignore no-control-regex
export const EXISTING_SLUG = /^(?!\.)[^/\\\x00-\x1f\x7f-\x9f]{1,200}$/;

/**
 * Whether `name` may name an existing change.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * assert(isExistingSlug("新增登入流程") && isExistingSlug("Add-Auth"));
 * assert(!isExistingSlug("..") && !isExistingSlug("a/b"));
 * ```
 */
export function isExistingSlug(name: string): boolean {
  return EXISTING_SLUG.test(name);
}
