/**
 * Cursor pagination for `tools/list`, `resources/list`, `resources/templates/list` and
 * `prompts/list`.
 *
 * The cursor is opaque to clients (the spec forbids parsing it) but simple for us: base64 of
 * `<list>:<offset>`. Naming the list rejects a `tools/list` cursor replayed on `resources/list`.
 * An offset past the end is not an error: the list may have shrunk between pages, and an empty
 * last page is the kinder answer.
 *
 * @module
 */

import { ErrorCode, ProtocolError } from "./backend.ts";

/** One page of a list and, unless it is the last, the cursor of the next. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * Cuts the page that `cursor` points at out of `items`. Throws a {@link ProtocolError} with
 * −32602 for a cursor we did not issue for this list.
 *
 * @example
 * ```ts
 * import { paginate } from "./paginate.ts";
 * const first = paginate(["a", "b", "c"], undefined, "tools", 2);
 * first.items; // ["a", "b"]
 * paginate(["a", "b", "c"], first.nextCursor, "tools", 2).items; // ["c"]
 * ```
 */
export function paginate<T>(
  items: readonly T[],
  cursor: string | undefined,
  list: string,
  pageSize: number,
): Page<T> {
  const offset = cursor === undefined ? 0 : decodeCursor(cursor, list);
  const end = offset + pageSize;
  const page: Page<T> = { items: items.slice(offset, end) };
  if (end < items.length) page.nextCursor = btoa(`${list}:${end}`);
  return page;
}

function decodeCursor(cursor: string, list: string): number {
  let decoded: string;
  try {
    decoded = atob(cursor);
  } catch {
    decoded = "";
  }
  const match = /^([a-z/]+):(\d{1,15})$/.exec(decoded);
  if (!match || match[1] !== list) {
    throw new ProtocolError(ErrorCode.InvalidParams, `Invalid cursor: "${cursor}"`);
  }
  return Number(match[2]);
}
