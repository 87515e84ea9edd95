/**
 * Turning outgoing messages into JSON text without letting one bad value take the transport down.
 *
 * @module
 */

import { ErrorCode } from "./backend.ts";
import { failure } from "./json_rpc.ts";

/**
 * `JSON.stringify` for outgoing messages (a response, a batch of them, or a notification).
 *
 * A backend result that JSON cannot represent (a `BigInt`, a cycle) would otherwise throw inside
 * the transport. Instead the response becomes a −32603 for the same id, a notification is
 * dropped (`undefined`), and `onError` gets the cause. The output never contains a raw newline,
 * as stdio framing requires.
 *
 * @example
 * ```ts
 * import { serializeMessage } from "./serialize.ts";
 * serializeMessage({ jsonrpc: "2.0", id: 1, result: {} }); // '{"jsonrpc":"2.0","id":1,"result":{}}'
 * serializeMessage({ jsonrpc: "2.0", id: 2, result: { n: 1n } }); // a -32603 error for id 2
 * ```
 */
export function serializeMessage(
  message: unknown,
  onError?: (error: unknown) => void,
): string | undefined {
  if (!Array.isArray(message)) return serializeOne(message, onError);
  const parts = message.map((item) => serializeOne(item, onError))
    .filter((part) => part !== undefined);
  return parts.length > 0 ? `[${parts.join(",")}]` : undefined;
}

function serializeOne(message: unknown, onError?: (error: unknown) => void): string | undefined {
  try {
    return jsonText(message);
  } catch (error) {
    onError?.(error);
    const id = (message as { id?: unknown }).id;
    if (typeof id !== "string" && typeof id !== "number") return undefined;
    return JSON.stringify(failure(id, ErrorCode.InternalError, "Internal error"));
  }
}

/**
 * Objects promised never to change again, with their JSON text once it has been computed
 * (`null` until then).
 */
const frozen = new WeakMap<object, string | null>();

/**
 * Promises that `value` will not be modified from now on, so that {@link jsonText} serializes
 * it once however many messages carry it: a cached listing page is sent to every client that
 * asks for it, and writing its JSON again for each is most of the cost of answering.
 *
 * @example
 * ```ts
 * import { jsonText, reuseJson } from "./serialize.ts";
 * const page = reuseJson({ items: [1, 2, 3] });
 * jsonText({ id: 1, result: page }); // '{"id":1,"result":{"items":[1,2,3]}}', page written once
 * ```
 */
export function reuseJson<T extends object>(value: T): T {
  if (!frozen.has(value)) frozen.set(value, null);
  return value;
}

/**
 * `JSON.stringify(value)`, reusing the text of a {@link reuseJson} value found at the top level
 * or one level below it (a message's `result`, an envelope's `result`). Throws what
 * `JSON.stringify` throws.
 */
export function jsonText(value: unknown): string {
  return textOf(value, true) ?? "null";
}

function textOf(value: unknown, descend: boolean): string | undefined {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const cached = frozen.get(value);
  if (cached !== undefined) {
    if (cached !== null) return cached;
    const text = JSON.stringify(value);
    frozen.set(value, text);
    return text;
  }
  if (!descend || !isPlainRecord(value)) return JSON.stringify(value);
  // Key by key, as JSON.stringify would: same order, `undefined` and functions left out.
  let out = "{";
  for (const key in value) {
    const text = textOf((value as Record<string, unknown>)[key], false);
    if (text === undefined) continue;
    out += (out.length > 1 ? "," : "") + JSON.stringify(key) + ":" + text;
  }
  return out + "}";
}

/** Whether `value` was promised unchanging by {@link reuseJson}. */
export function isReusedJson(value: object): boolean {
  return frozen.has(value);
}

/** The UTF-8 bytes of {@link reuseJson} values, encoded once. */
const encoded = new WeakMap<object, Uint8Array<ArrayBuffer>>();
const encoder = new TextEncoder();

/**
 * {@link serializeMessage} as UTF-8 bytes. The bytes of a {@link reuseJson} value one level
 * below the top (a response's `result`) are encoded once and copied into each message, so that
 * answering with a cached page costs neither writing nor encoding its JSON again. `allocate`
 * gives the buffer of a message made of such pieces (default: a new one).
 *
 * @example
 * ```ts
 * import { reuseJson, serializeMessageBytes } from "./serialize.ts";
 * const page = reuseJson({ items: [1, 2, 3] });
 * new TextDecoder().decode(serializeMessageBytes({ id: 1, result: page }));
 * // '{"id":1,"result":{"items":[1,2,3]}}'
 * ```
 */
export function serializeMessageBytes(
  message: unknown,
  onError?: (error: unknown) => void,
  allocate: (size: number) => Uint8Array<ArrayBuffer> = newBytes,
): Uint8Array<ArrayBuffer> | undefined {
  if (
    typeof message === "object" && message !== null && !frozen.has(message) &&
    isPlainRecord(message)
  ) {
    try {
      return recordBytes(message as Record<string, unknown>, allocate);
    } catch {
      // Written again below, which reports the error and answers −32603 where it can.
    }
  }
  const text = serializeMessage(message, onError);
  return text === undefined ? undefined : encoder.encode(text);
}

const newBytes = (size: number) => new Uint8Array(size);

function recordBytes(
  value: Record<string, unknown>,
  allocate: (size: number) => Uint8Array<ArrayBuffer>,
): Uint8Array<ArrayBuffer> {
  const pieces: Uint8Array<ArrayBuffer>[] = [];
  let text = "{";
  let first = true;
  for (const key in value) {
    const item = value[key];
    const reused = typeof item === "object" && item !== null && frozen.has(item);
    const itemText = reused ? "" : textOf(item, false);
    if (itemText === undefined) continue;
    text += (first ? "" : ",") + JSON.stringify(key) + ":" + itemText;
    first = false;
    if (!reused) continue;
    pieces.push(encoder.encode(text), bytesOf(item));
    text = "";
  }
  pieces.push(encoder.encode(text + "}"));
  if (pieces.length === 1) return pieces[0]!;
  const out = allocate(pieces.reduce((size, piece) => size + piece.byteLength, 0));
  // A response's `result` lands at offset 33 or more (after `{"jsonrpc":"2.0","id":…,"result":`),
  // where JavaScriptCore's TypedArray#set copies with memmove; at offsets 1 to 31 it copies
  // element by element, about 16 times slower for a 45 KB page.
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.byteLength;
  }
  return out;
}

function bytesOf(value: object): Uint8Array<ArrayBuffer> {
  let bytes = encoded.get(value);
  if (bytes === undefined) {
    bytes = encoder.encode(textOf(value, false) ?? "null");
    encoded.set(value, bytes);
  }
  return bytes;
}

function isPlainRecord(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !("toJSON" in value);
}
