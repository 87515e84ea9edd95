/**
 * Who a commit is by: the caller of the mutation, named through `GIT_AUTHORS`, else the default
 * author. Keys may be bearer tokens or their caller identities (`token:<8 hex>`, as the audit
 * log shows them): tokens are turned into identities once at start-up and then forgotten, so
 * that the mapping kept in memory holds no secret.
 *
 * @module
 */
import { tokenIdentity } from "../auth/token_auth.ts";
import { Unacceptable } from "../settings.ts";

/** A git identity. */
export interface Identity {
  name: string;
  email: string;
}

/** Parses `Name <email>`. */
export function parseIdentity(text: string): Identity {
  const match = /^\s*([^<>]*?)\s*<([^<>\s]+)>\s*$/.exec(text);
  if (!match || !match[1]) throw new Unacceptable("expected Name <email>");
  return { name: match[1], email: match[2]! };
}

/** `Name <email>`. */
export const formatIdentity = (who: Identity): string => `${who.name} <${who.email}>`;

/**
 * Parses `GIT_AUTHORS`: entries `KEY=Name <email>` separated by `;` or new lines. The error
 * never repeats the text, which holds tokens.
 */
export function parseAuthors(text: string): Array<[string, Identity]> {
  return text.split(/[;\n]/).map((entry) => entry.trim()).filter(Boolean).map((entry) => {
    const eq = entry.indexOf("=");
    if (eq < 1) throw new Unacceptable("expected KEY=Name <email> entries separated by ;");
    return [entry.slice(0, eq).trim(), parseIdentity(entry.slice(eq + 1))];
  });
}

/** The author of each caller. */
export type AuthorOf = (caller: string) => Identity;

/** Builds the lookup from parsed entries and the default author. */
export async function authorLookup(
  entries: Array<[string, Identity]>,
  fallback: Identity,
): Promise<AuthorOf> {
  const byCaller = new Map<string, Identity>();
  for (const [key, who] of entries) {
    byCaller.set(/^token:[0-9a-f]{8}$/.test(key) ? key : await tokenIdentity(key), who);
  }
  return (caller) => byCaller.get(caller) ?? fallback;
}
