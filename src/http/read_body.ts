/**
 * Reading a request body with a size cap, without buffering more than the cap, and with a
 * deadline, so that a client trickling its body a byte at a time cannot hold a request open.
 *
 * @module
 */

/** The body as text, or why it could not be read. */
export type BodyResult =
  | { ok: true; text: string }
  | { ok: false; reason: "too_large" | "unreadable" | "timeout" };

/**
 * Reads `request`'s body as UTF-8 text, refusing it once it exceeds `maxBytes` (from
 * `Content-Length` when declared, else while reading, so a huge chunked upload is cut short),
 * or when all of it has not arrived within `deadlineMs` (from the first read).
 *
 * @example
 * ```ts
 * import { readBody } from "./read_body.ts";
 * const request = new Request("http://localhost/", { method: "POST", body: "{}" });
 * await readBody(request, 1024); // { ok: true, text: "{}" }
 * ```
 */
export async function readBody(
  request: Request,
  maxBytes: number,
  deadlineMs = Infinity,
): Promise<BodyResult> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return { ok: false, reason: "too_large" };
  }
  // Before `request.body` is looked at: on Bun, a body once handed out as a stream is read
  // through it, a slower path than `text()` takes for a body nobody touched.
  if (Number.isFinite(declared)) return await readDeclared(request, deadlineMs);
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<"timeout">((resolve) => {
    if (Number.isFinite(deadlineMs)) timer = setTimeout(() => resolve("timeout"), deadlineMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), expired]);
      if (next === "timeout") {
        // Not awaited: a client that trickles bytes must not hold up the answer either.
        reader.cancel().catch(() => {});
        return { ok: false, reason: "timeout" };
      }
      const { done, value } = next;
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
  } finally {
    clearTimeout(timer);
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
 * A body whose length the client declared (and HTTP framing enforces), already checked against
 * the cap: read in one call, which costs far less than a loop of stream reads, under the same
 * deadline. The connection of a body that times out is closed by the caller's 408.
 */
async function readDeclared(request: Request, deadlineMs: number): Promise<BodyResult> {
  const read = request.text();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    if (!Number.isFinite(deadlineMs)) return { ok: true, text: await read };
    const expired = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(resolve, deadlineMs, TIMED_OUT);
    });
    const text = await Promise.race([read, expired]);
    if (text !== TIMED_OUT) return { ok: true, text };
    read.catch(() => {}); // whatever becomes of the rest of the body
    return { ok: false, reason: "timeout" };
  } catch {
    return { ok: false, reason: "unreadable" };
  } finally {
    clearTimeout(timer);
  }
}

const TIMED_OUT = Symbol("timed out");

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
