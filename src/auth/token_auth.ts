/**
 * Bearer-token verification in constant time, and the identity a token stands for.
 *
 * Tokens are never compared as strings. The presented token is copied into a fixed-size buffer
 * of {@link MAX_TOKEN_LENGTH} + 1 code units, and that buffer is compared in full, unit by unit,
 * with every configured token padded the same way (and the lengths compared too), without
 * stopping at the first difference or the first match. How long a check takes therefore does
 * not depend on how many leading characters a guess got right, nor on which token it is close
 * to; only the copy grows with the guess's own length, which the guesser knows anyway.
 *
 * The check is synchronous on purpose. It used to hash with `crypto.subtle.digest`, whose
 * promise settles a task later, and Bun's HTTP server drops a pipelined HTTP/1.1 request whose
 * response is produced after the task it arrived in: with tokens configured, the second of two
 * requests written together was never answered. A synchronous check answers in the same task.
 *
 * @module
 */

/** A verifier for the configured tokens. */
export interface TokenAuth {
  /** How many tokens are configured. */
  readonly count: number;
  /** The caller identity (`token:<8 hex>`) of a valid token, or `undefined`. */
  verify(presented: string): string | undefined;
}

/** The longest configurable token (`AUTH_TOKENS` accepts up to 512 characters each). */
export const MAX_TOKEN_LENGTH = 512;

const encoder = new TextEncoder();

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

function hex(bytes: Uint8Array, length: number): string {
  return [...bytes.subarray(0, length / 2)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** `text`'s UTF-16 code units in a zero-padded buffer one longer than any configured token. */
function padded(text: string): Uint16Array {
  const buffer = new Uint16Array(MAX_TOKEN_LENGTH + 1);
  const length = Math.min(text.length, buffer.length);
  for (let i = 0; i < length; i++) buffer[i] = text.charCodeAt(i);
  return buffer;
}

/**
 * The identity recorded for a token in logs, metrics and the audit log: `token:` and the first
 * 8 hex digits of its SHA-256. It identifies the token to whoever holds it, and reveals nothing
 * usable about a random token.
 *
 * @example
 * ```ts
 * import { tokenIdentity } from "./token_auth.ts";
 * await tokenIdentity("devtoken"); // "token:" followed by 8 hex digits
 * ```
 */
export async function tokenIdentity(token: string): Promise<string> {
  return `token:${hex(await sha256(token), 8)}`;
}

/**
 * Builds the verifier (identities are hashed here, once, so that `verify` need not wait).
 *
 * @example
 * ```ts
 * import { createTokenAuth } from "./token_auth.ts";
 * const auth = await createTokenAuth(["devtoken", "testtoken"]);
 * auth.verify("devtoken"); // "token:…"
 * auth.verify("devtoke"); // undefined
 * ```
 */
export async function createTokenAuth(tokens: string[]): Promise<TokenAuth> {
  // verify compares MAX_TOKEN_LENGTH + 1 units: a longer token would be matched by its prefix.
  const tooLong = tokens.find((token) => token.length > MAX_TOKEN_LENGTH);
  if (tooLong !== undefined) {
    throw new RangeError(
      `Cannot use a token of ${tooLong.length} characters: the limit is ${MAX_TOKEN_LENGTH}`,
    );
  }
  const known = tokens.map((token) => ({ units: padded(token), length: token.length }));
  const identities = await Promise.all(tokens.map(tokenIdentity));
  return {
    count: tokens.length,
    verify(presented) {
      const units = padded(presented);
      let found = -1;
      for (let i = 0; i < known.length; i++) {
        const token = known[i]!;
        // A guess longer than the buffer differs in length; no token is empty.
        let diff = token.length ^ presented.length;
        for (let u = 0; u < units.length; u++) diff |= token.units[u]! ^ units[u]!;
        // No early exit: every configured token is compared in full.
        found = diff === 0 ? i : found;
      }
      return found >= 0 ? identities[found] : undefined;
    },
  };
}

/** Where a request's credential came from. */
export interface Credential {
  token: string;
  source: "header" | "cookie";
}

/** The name of the authentication cookie (the API reference's). */
export const AUTH_COOKIE = "task-mcp-auth";

/**
 * The credential a request presents: `Authorization: Bearer <token>`, else the
 * `task-mcp-auth` cookie. Any other `Authorization` scheme counts as a presented but wrong token.
 *
 * @example
 * ```ts
 * import { credentialOf } from "./token_auth.ts";
 * credentialOf(new Headers({ Authorization: "Bearer abc" })); // { token: "abc", source: "header" }
 * credentialOf(new Headers({ Cookie: "a=1; task-mcp-auth=xyz" })); // { token: "xyz", source: "cookie" }
 * ```
 */
export function credentialOf(headers: Headers): Credential | undefined {
  const authorization = headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    // Another scheme, or none: presented, and never valid (no token is empty).
    return { token: match?.[1] ?? "", source: "header" };
  }
  const cookies = headers.get("cookie");
  if (cookies === null) return undefined;
  for (const part of cookies.split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === AUTH_COOKIE) {
      return { token: part.slice(at + 1).trim().replace(/^"(.*)"$/, "$1"), source: "cookie" };
    }
  }
  return undefined;
}
