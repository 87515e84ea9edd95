/**
 * The resource URIs one session subscribed to, matched against change events.
 *
 * Clients may subscribe to any URI the server hands out, including the `@task:` mention form
 * and URIs with a query (`changes://active?limit=5`). The backend reports changes by canonical
 * URI, so matching compares canonical forms but the notification carries the URI the client
 * subscribed with: that is the one it knows.
 *
 * @module
 */

/**
 * The canonical form of a resource URI: no leading `@task:` and no query string.
 *
 * @example
 * ```ts
 * import { canonicalResourceUri } from "./subscriptions.ts";
 * canonicalResourceUri("@task:change://add-auth?view=tasks"); // "change://add-auth"
 * ```
 */
export function canonicalResourceUri(uri: string): string {
  const bare = uri.startsWith("@task:") ? uri.slice("@task:".length) : uri;
  const query = bare.indexOf("?");
  return query === -1 ? bare : bare.slice(0, query);
}

/** Subscribed URIs, grouped by canonical form. */
export class Subscriptions {
  #byCanonical = new Map<string, Set<string>>();

  /** Adds `uri`; subscribing twice is the same as once. */
  add(uri: string): void {
    const key = canonicalResourceUri(uri);
    const uris = this.#byCanonical.get(key) ?? new Set<string>();
    uris.add(uri);
    this.#byCanonical.set(key, uris);
  }

  /** Removes `uri` exactly as it was subscribed; unknown URIs are ignored. */
  remove(uri: string): void {
    const key = canonicalResourceUri(uri);
    const uris = this.#byCanonical.get(key);
    uris?.delete(uri);
    if (uris?.size === 0) this.#byCanonical.delete(key);
  }

  /** The subscribed URIs affected by a change to the canonical URIs in `changed`. */
  affectedBy(changed: readonly string[]): string[] {
    const affected = new Set<string>();
    for (const uri of changed) {
      for (const subscribed of this.#byCanonical.get(canonicalResourceUri(uri)) ?? []) {
        affected.add(subscribed);
      }
    }
    return [...affected];
  }

  /** Forgets every subscription. */
  clear(): void {
    this.#byCanonical.clear();
  }
}
