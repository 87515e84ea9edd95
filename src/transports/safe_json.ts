/**
 * `JSON.stringify` that cannot throw. Error details echo what the client sent, and a client can
 * send an array nested 100,000 deep: `JSON.stringify` then overflows the stack, and inside a
 * stream's callback that would take the whole process down. Values it cannot write whole are
 * written pruned instead: deeper than {@link MAX_DEPTH} levels becomes `"…"`, a cycle
 * `"[Circular]"`, a `BigInt` its digits.
 *
 * @module
 */
import { jsonText } from "../mcp/serialize.ts";

/** Nesting kept when a value has to be pruned. */
export const MAX_DEPTH = 32;

/**
 * The JSON text of `value`, pruned if it cannot be written whole.
 *
 * @example
 * ```ts
 * import { safeStringify } from "./safe_json.ts";
 * safeStringify({ a: 1 }); // '{"a":1}'
 * safeStringify({ n: 1n }); // '{"n":"1"}'
 * ```
 */
export function safeStringify(value: unknown): string {
  try {
    // jsonText: the same text, reusing that of a cached result the value carries.
    return jsonText(value);
  } catch {
    return JSON.stringify(prune(value, 0, new Set())) ?? "null";
  }
}

/** A JSON `Response` whose body is {@link safeStringify}'s. */
export function safeJsonResponse(
  value: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return new Response(safeStringify(value), {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/json", ...init.headers },
  });
}

function prune(value: unknown, depth: number, seen: Set<object>): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_DEPTH) return "…";
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  const out = Array.isArray(value)
    ? value.map((item) => prune(item, depth + 1, seen))
    : Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, prune(v, depth + 1, seen)]),
    );
  seen.delete(value);
  return out;
}
