/**
 * RESP, the Redis serialization protocol (version 2): commands out, replies in. Pure functions
 * on bytes; the connection lives in `redis_client.ts`.
 *
 * @module
 */

/** A reply: simple and bulk strings, integers, nil, arrays, or an error reply. */
export type RespValue = string | number | null | RedisReplyError | RespValue[];

/** An error reply (`-ERR …`), returned in place rather than thrown, as replies are pipelined. */
export class RedisReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RedisReplyError";
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A command as a RESP array of bulk strings.
 *
 * @example
 * ```ts
 * import { encodeCommand } from "./resp.ts";
 * new TextDecoder().decode(encodeCommand(["GET", "k"])); // "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"
 * ```
 */
export function encodeCommand(args: (string | number)[]): Uint8Array {
  const parts: Uint8Array[] = [encoder.encode(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = encoder.encode(String(arg));
    parts.push(encoder.encode(`$${bytes.byteLength}\r\n`), bytes, encoder.encode("\r\n"));
  }
  return concat(parts);
}

/** An incremental reply parser: bytes in, complete replies out. */
export interface RespParser {
  /** Adds bytes; returns every reply they completed, in order. */
  push(chunk: Uint8Array): RespValue[];
}

/** Replies nest this deep at most; deeper input is refused rather than recursed into. */
const MAX_DEPTH = 16;

/**
 * Largest reply accepted by default, in bytes. The rate limiter's replies are a few dozen bytes;
 * without a bound, a server (or whatever answers on its port) streaming an endless bulk string
 * made the buffer, and the copy of it on every chunk, grow until memory ran out.
 */
export const MAX_REPLY_BYTES = 64 * 1024;

/**
 * Creates a parser. It throws — and its connection is then dropped — once the unparsed bytes
 * pass `maxBytes`, or a bulk string or array announces more than fits in it.
 *
 * @example
 * ```ts
 * import { createRespParser } from "./resp.ts";
 * const parser = createRespParser();
 * parser.push(new TextEncoder().encode("+OK\r\n:4")); // ["OK"]
 * parser.push(new TextEncoder().encode("2\r\n")); // [42]
 * ```
 */
export function createRespParser(maxBytes = MAX_REPLY_BYTES): RespParser {
  let buffer: Uint8Array = new Uint8Array(0);
  return {
    push(chunk) {
      buffer = buffer.byteLength === 0 ? chunk : concat([buffer, chunk]);
      const replies: RespValue[] = [];
      let offset = 0;
      for (;;) {
        const parsed = parse(buffer, offset, 0, maxBytes);
        if (parsed === undefined) break;
        replies.push(parsed.value);
        offset = parsed.next;
      }
      buffer = buffer.subarray(offset);
      if (buffer.byteLength > maxBytes) throw tooLarge(maxBytes);
      return replies;
    },
  };
}

type Parsed = { value: RespValue; next: number } | undefined;

function tooLarge(maxBytes: number): Error {
  return new Error(`Redis reply exceeds ${maxBytes} bytes`);
}

function parse(buf: Uint8Array, at: number, depth: number, maxBytes: number): Parsed {
  if (depth > MAX_DEPTH) throw new Error("Redis reply nested too deeply");
  const end = lineEnd(buf, at + 1);
  if (end < 0) return undefined;
  const line = decoder.decode(buf.subarray(at + 1, end));
  const next = end + 2;
  switch (buf[at]) {
    case 0x2b: // +
      return { value: line, next };
    case 0x2d: // -
      return { value: new RedisReplyError(line), next };
    case 0x3a: // :
      return { value: Number(line), next };
    case 0x24: { // $
      const length = Number(line);
      if (length < 0) return { value: null, next };
      if (length > maxBytes) throw tooLarge(maxBytes);
      if (buf.byteLength < next + length + 2) return undefined;
      return { value: decoder.decode(buf.subarray(next, next + length)), next: next + length + 2 };
    }
    case 0x2a: { // *
      const count = Number(line);
      if (count < 0) return { value: null, next };
      // Each element takes at least 3 bytes (`:1` and a line end would be 4).
      if (count * 3 > maxBytes) throw tooLarge(maxBytes);
      const items: RespValue[] = [];
      let offset = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, offset, depth + 1, maxBytes);
        if (item === undefined) return undefined;
        items.push(item.value);
        offset = item.next;
      }
      return { value: items, next: offset };
    }
    default:
      throw new Error(`Unexpected byte ${buf[at]} in a Redis reply`);
  }
}

/** The index of the `\r` of the next `\r\n` at or after `from`, or -1. */
function lineEnd(buf: Uint8Array, from: number): number {
  for (let i = from; i + 1 < buf.byteLength; i++) {
    if (buf[i] === 0x0d && buf[i + 1] === 0x0a) return i;
  }
  return -1;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
