/**
 * Reading event streams and NDJSON bodies in tests (unit and end-to-end).
 *
 * @module
 */

/** One parsed SSE block: an event, or a comment-only block (keep-alive). */
export interface ParsedEvent {
  event?: string;
  id?: string;
  data?: string;
  retry?: number;
  comment?: string;
}

/** An incremental reader of an event stream. */
export interface EventReader {
  /** The next block; `undefined` at the end of the stream. Rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<ParsedEvent | undefined>;
  /** The next block that is an event (not a comment) and passes `test`. */
  until(test: (event: ParsedEvent) => boolean, timeoutMs?: number): Promise<ParsedEvent>;
  /** Disconnects, as a client that goes away. */
  cancel(): Promise<void>;
}

/** Reads SSE blocks from `body`. */
export function eventReader(body: ReadableStream<Uint8Array>): EventReader {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const next = async (timeoutMs = 10_000): Promise<ParsedEvent | undefined> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timed out waiting for an event")), timeoutMs);
    });
    try {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          return parseBlock(block);
        }
        const { done, value } = await Promise.race([reader.read(), timeout]);
        if (done) return undefined;
        buffer += value.replace(/\r\n/g, "\n");
      }
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    next,
    async until(test, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const event = await next(Math.max(1, deadline - Date.now()));
        if (event === undefined) throw new Error("the stream ended before the expected event");
        if (event.comment === undefined && test(event)) return event;
      }
    },
    cancel: () => reader.cancel(),
  };
}

/** Every block of a stream that ends by itself. */
export async function readEvents(response: Response): Promise<ParsedEvent[]> {
  const reader = eventReader(response.body!);
  const events: ParsedEvent[] = [];
  for (let event = await reader.next(); event; event = await reader.next()) events.push(event);
  return events;
}

/** Every line of an NDJSON body, parsed. */
export async function readNdjson(response: Response): Promise<Record<string, unknown>[]> {
  const text = await response.text();
  return text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
}

function parseBlock(block: string): ParsedEvent {
  const event: ParsedEvent = {};
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) {
      event.comment = line.slice(1).trim();
      continue;
    }
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event.event = value;
    else if (field === "id") event.id = value;
    else if (field === "retry") event.retry = Number(value);
    else if (field === "data") data.push(value);
  }
  if (data.length > 0) {
    event.data = data.join("\n");
    delete event.comment;
  }
  return event;
}
