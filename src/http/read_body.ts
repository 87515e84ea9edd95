/**
 * Reading a request body with a size cap, without buffering more than the cap.
 *
 * @module
 */

/** The body as text, or why it could not be read. */
export type BodyResult =
  | { ok: true; text: string }
  | { ok: false; reason: "too_large" | "unreadable" };

/**
 * Reads `request`'s body as UTF-8 text, refusing it once it exceeds `maxBytes` (from
 * `Content-Length` when declared, else while reading, so a huge chunked upload is cut short).
 *
 * @example
 * ```ts
 * import { readBody } from "./read_body.ts";
 * const request = new Request("http://localhost/", { method: "POST", body: "{}" });
 * await readBody(request, 1024); // { ok: true, text: "{}" }
 * ```
 */
export async function readBody(request: Request, maxBytes: number): Promise<BodyResult> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return { ok: false, reason: "too_large" };
  }
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: "too_large" };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, text: new TextDecoder().decode(bytes) };
}

/**
 * Parses JSON text; the value is boxed so that a valid `null` body differs from a parse failure.
 *
 * @example
 * ```ts
 * import { parseJson } from "./read_body.ts";
 * parseJson("[1]"); // { value: [1] }
 * parseJson("{"); // undefined
 * ```
 */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}
