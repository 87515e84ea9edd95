/**
 * Bearer-token verification in constant time, and the identity a token stands for.
 *
 * Tokens are never compared as strings: both the presented and every configured token are
 * hashed with SHA-256, and the 32-byte digests are compared in full, byte by byte, against every
 * configured token, without stopping at the first difference or the first match. How long a
 * check takes therefore does not depend on how many leading characters a guess got right, nor
 * on the guess's length (hashing cost grows with length, but a guess's length says nothing
 * about a real token). Only digests are kept in memory after start-up.
 *
 * @module
 */

/** A verifier for the configured tokens. */
export interface TokenAuth {
  /** How many tokens are configured. */
  readonly count: number;
  /** The caller identity (`token:<8 hex>`) of a valid token, or `undefined`. */
  verify(presented: string): Promise<string | undefined>;
}

const encoder = new TextEncoder();

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

function hex(bytes: Uint8Array, length: number): string {
  return [...bytes.subarray(0, length / 2)].map((b) => b.toString(16).padStart(2, "0")).join("");
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
 * Builds the verifier.
 *
 * @example
 * ```ts
 * import { createTokenAuth } from "./token_auth.ts";
 * const auth = await createTokenAuth(["devtoken", "testtoken"]);
 * await auth.verify("devtoken"); // "token:…"
 * await auth.verify("devtoke"); // undefined
 * ```
 */
export async function createTokenAuth(tokens: string[]): Promise<TokenAuth> {
  const digests = await Promise.all(tokens.map(sha256));
  const identities = await Promise.all(tokens.map(tokenIdentity));
  return {
    count: tokens.length,
    async verify(presented) {
      const digest = await sha256(presented);
      let found = -1;
      for (let i = 0; i < digests.length; i++) {
        const known = digests[i]!;
        let diff = 0;
        for (let b = 0; b < known.length; b++) diff |= known[b]! ^ digest[b]!;
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
