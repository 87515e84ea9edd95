/**
 * The `requestState` of an `input_required` result: what a retry needs to continue, sealed with
 * HMAC-SHA-256 so that any instance holding the same key can serve the retry.
 *
 * The revision (`basic/patterns/mrtr.mdx`): servers "MUST treat `requestState` as an
 * attacker-controlled input … MUST protect its integrity (e.g. HMAC or AEAD) and MUST reject
 * state that fails verification", and SHOULD bind it to the principal, a short expiry and the
 * originating request. The payload is therefore bound to the caller (`stdio` or the token's
 * hash), the method, the tool name or URI, a SHA-256 of the arguments, and an expiry. It carries
 * the answers of earlier rounds, so a multi-round exchange needs no server-side storage.
 *
 * Format: `base64url(JSON payload) "." base64url(HMAC)`. The payload is not secret (the client
 * gave every answer in it), only tamper-proof.
 *
 * @module
 */

import { type ElicitAnswer, ErrorCode, ProtocolError } from "./backend.ts";

/** How long a `requestState` stays valid: a person answers a question in minutes. */
export const REQUEST_STATE_TTL_MS = 10 * 60_000;

/** Shortest accepted key, in bytes (the HMAC-SHA-256 block size is 64; 32 is its strength). */
export const MIN_KEY_BYTES = 32;

/** What a state is bound to: who asked, and which request. */
export interface StateBinding {
  caller: string;
  method: string;
  /** The tool or prompt name, or the resource URI. */
  name: string;
  /** {@link digestArguments} of the request's arguments. */
  digest: string;
}

/** What a verified state gives back. */
export interface OpenedState {
  /** Answers of earlier rounds, by question key. */
  answers: Record<string, ElicitAnswer>;
  /** The keys of the questions the state's result asked. */
  asked: string[];
}

interface Payload {
  v: 1;
  c: string;
  m: string;
  n: string;
  d: string;
  e: number;
  k: string[];
  a: Record<string, ElicitAnswer>;
}

/** Seals and opens states with one key. */
export class RequestStateCodec {
  #key: Promise<CryptoKey>;
  #now: () => number;
  #ttlMs: number;

  /** `secret`: at least {@link MIN_KEY_BYTES} bytes; the same on every instance of a service. */
  constructor(secret: Uint8Array, options: { now?: () => number; ttlMs?: number } = {}) {
    if (secret.byteLength < MIN_KEY_BYTES) {
      throw new RangeError(
        `Request state key too short: ${secret.byteLength} bytes, at least ${MIN_KEY_BYTES}`,
      );
    }
    this.#key = crypto.subtle.importKey(
      "raw",
      new Uint8Array(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    this.#now = options.now ?? Date.now;
    this.#ttlMs = options.ttlMs ?? REQUEST_STATE_TTL_MS;
  }

  /** A new state for `binding` that asked `asked` and remembers `answers`. */
  async seal(
    binding: StateBinding,
    asked: string[],
    answers: Record<string, ElicitAnswer>,
  ): Promise<string> {
    const payload: Payload = {
      v: 1,
      c: binding.caller,
      m: binding.method,
      n: binding.name,
      d: binding.digest,
      e: this.#now() + this.#ttlMs,
      k: asked,
      a: answers,
    };
    const body = encode(new TextEncoder().encode(JSON.stringify(payload)));
    const mac = await crypto.subtle.sign("HMAC", await this.#key, new TextEncoder().encode(body));
    return `${body}.${encode(new Uint8Array(mac))}`;
  }

  /**
   * Verifies `state` for `binding`. Throws −32602 for a state that is malformed, tampered with,
   * expired, or was issued to another caller or for another request.
   */
  async open(state: string, binding: StateBinding): Promise<OpenedState> {
    const dot = state.indexOf(".");
    const mac = dot > 0 ? decode(state.slice(dot + 1)) : undefined;
    const body = dot > 0 ? state.slice(0, dot) : "";
    const valid = mac !== undefined && body.length <= 65_536 &&
      await crypto.subtle.verify(
        "HMAC",
        await this.#key,
        new Uint8Array(mac),
        new TextEncoder().encode(body),
      );
    if (!valid) throw refused("it failed verification");
    const payload = JSON.parse(new TextDecoder().decode(decode(body)!)) as Payload;
    if (payload.v !== 1) throw refused("unknown format");
    if (payload.e <= this.#now()) {
      throw refused("it has expired; send the request again without it");
    }
    if (payload.c !== binding.caller) throw refused("it was issued to another caller");
    if (
      payload.m !== binding.method || payload.n !== binding.name || payload.d !== binding.digest
    ) {
      throw refused("it was issued for another request");
    }
    return { answers: payload.a, asked: payload.k };
  }
}

/**
 * SHA-256 (base64url) of the canonical JSON of `args`: object keys sorted at every depth, so
 * the digest depends on the values only.
 *
 * @example
 * ```ts
 * import { digestArguments } from "./request_state.ts";
 * (await digestArguments({ a: 1, b: 2 })) === (await digestArguments({ b: 2, a: 1 })); // true
 * ```
 */
export async function digestArguments(args: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(args ?? {}));
  return encode(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value).sort().map((key) =>
      `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`
    );
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function refused(reason: string): ProtocolError {
  return new ProtocolError(ErrorCode.InvalidParams, `Invalid requestState: ${reason}`);
}

function encode(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decode(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/**
 * The request-state key from its configured text (`MCP_REQUEST_STATE_KEY`): hex (64+ digits) or
 * base64/base64url of at least {@link MIN_KEY_BYTES} bytes. Throws a `TypeError` naming the
 * problem, never the value.
 *
 * @example
 * ```ts
 * import { parseRequestStateKey } from "./request_state.ts";
 * parseRequestStateKey("00".repeat(32)).byteLength; // 32
 * ```
 */
export function parseRequestStateKey(text: string): Uint8Array {
  const trimmed = text.trim();
  let bytes: Uint8Array | undefined;
  if (/^(?:[0-9a-fA-F]{2})+$/.test(trimmed)) {
    bytes = Uint8Array.from(trimmed.match(/../g)!, (pair) => parseInt(pair, 16));
  } else {
    bytes = decode(trimmed.replace(/=+$/, "").replaceAll("+", "-").replaceAll("/", "_"));
  }
  if (bytes === undefined) throw new TypeError("Invalid request state key: expected hex or base64");
  if (bytes.byteLength < MIN_KEY_BYTES) {
    throw new TypeError(
      `Invalid request state key: ${bytes.byteLength} bytes, at least ${MIN_KEY_BYTES}`,
    );
  }
  return bytes;
}
