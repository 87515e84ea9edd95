/**
 * Server-Sent Events framing, as the WHATWG HTML standard defines it.
 *
 * @module
 */

/** One event. `data` may contain newlines: each line becomes its own `data:` field. */
export interface SseEvent {
  event?: string;
  id?: string;
  data: string;
  /** Reconnection delay in milliseconds. */
  retry?: number;
}

/**
 * The wire form of one event, ending with the blank line that dispatches it.
 *
 * @example
 * ```ts
 * import { formatSseEvent } from "./sse_format.ts";
 * formatSseEvent({ event: "result", id: "req-1", data: '{"ok":true}' });
 * // "event: result\nid: req-1\ndata: {\"ok\":true}\n\n"
 * ```
 */
export function formatSseEvent(event: SseEvent): string {
  let text = "";
  if (event.event !== undefined) text += `event: ${oneLine(event.event)}\n`;
  if (event.id !== undefined) text += `id: ${oneLine(event.id)}\n`;
  if (event.retry !== undefined) text += `retry: ${Math.max(0, Math.floor(event.retry))}\n`;
  for (const line of event.data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  return text + "\n";
}

/**
 * An event whose data is JSON text, which never holds a raw line break (`JSON.stringify`
 * escapes them): one `data:` field, without scanning the text for breaks — a listing page is
 * tens of kilobytes, and a scan would copy it once more.
 *
 * @example
 * ```ts
 * import { formatSseJson } from "./sse_format.ts";
 * formatSseJson("message", '{"jsonrpc":"2.0","id":1,"result":{}}');
 * // 'event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{}}\n\n'
 * ```
 */
export function formatSseJson(event: string, json: string, id?: string): string {
  const idField = id === undefined ? "" : `id: ${oneLine(id)}\n`;
  return `event: ${oneLine(event)}\n${idField}data: ${json}\n\n`;
}

/**
 * A comment line, which clients ignore: used as keep-alive, so that proxies and Bun's idle
 * timeout do not close a quiet stream.
 *
 * @example
 * ```ts
 * import { formatSseComment } from "./sse_format.ts";
 * formatSseComment("keep-alive 1698224000000"); // ": keep-alive 1698224000000\n\n"
 * ```
 */
export function formatSseComment(text: string): string {
  return `: ${oneLine(text)}\n\n`;
}

/** The headers of every event-stream response (no caching, no proxy buffering). */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/event-stream",
  "Cache-Control": "no-cache, no-transform",
  "Connection": "keep-alive",
  "X-Accel-Buffering": "no",
};

/** Field values must not contain line breaks; anything after one would be a new field. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]/g, " ");
}
