/**
 * `Accept` header parsing, just enough to pick between JSON, SSE and NDJSON.
 *
 * @module
 */

/**
 * The media types an `Accept` header lists, lower-cased and without parameters; types with
 * `q=0` (explicitly refused) are left out. An absent header gives `["*\/*"]`.
 *
 * @example
 * ```ts
 * import { acceptedTypes } from "./accept.ts";
 * acceptedTypes("application/json, text/event-stream;q=0.9"); // ["application/json", "text/event-stream"]
 * acceptedTypes(null); // ["*\/*"]
 * ```
 */
export function acceptedTypes(header: string | null): readonly string[] {
  if (header === null) return ANY;
  // A client sends the same header on every request, and each is looked at a few times.
  let types = parsed.get(header);
  if (types === undefined) {
    types = Object.freeze(parse(header));
    if (parsed.size >= REMEMBERED) parsed.clear();
    parsed.set(header, types);
  }
  return types;
}

const ANY: readonly string[] = Object.freeze(["*/*"]);
/** How many distinct headers are remembered before starting afresh. */
const REMEMBERED = 64;
const parsed = new Map<string, readonly string[]>();

function parse(header: string): string[] {
  if (header.trim() === "") return ["*/*"];
  const types: string[] = [];
  for (const part of header.split(",")) {
    const [type, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    if (!type) continue;
    const q = params.find((p) => p.startsWith("q="));
    if (q !== undefined && Number(q.slice(2)) === 0) continue;
    types.push(type);
  }
  return types;
}

/**
 * Whether the header accepts `type`, by name or through a wildcard (`*\/*`, `text/*`).
 *
 * @example
 * ```ts
 * import { accepts } from "./accept.ts";
 * accepts("text/*", "text/event-stream"); // true
 * accepts("application/json", "text/event-stream"); // false
 * ```
 */
export function accepts(header: string | null, type: string): boolean {
  const wanted = type.toLowerCase();
  const family = wanted.split("/")[0] + "/*";
  return acceptedTypes(header).some((t) => t === wanted || t === "*/*" || t === family);
}

/**
 * Whether the header names `type` itself (no wildcard): used where a wildcard should not
 * switch the format away from an endpoint's default.
 */
export function names(header: string | null, type: string): boolean {
  return acceptedTypes(header).includes(type.toLowerCase());
}
