/**
 * `Accept` header parsing, just enough to pick between JSON, SSE and NDJSON.
 *
 * @module
 */
import { remembered } from "../lru_map.ts";

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
  return header === null ? ANY : parsed(header);
}

const ANY: readonly string[] = Object.freeze(["*/*"]);
/** A client sends the same header on every request, and each is looked at a few times. */
const parsed = remembered(64, (header: string) => Object.freeze(parse(header)));

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
