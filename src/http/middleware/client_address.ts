/**
 * Who a request comes from, for rate limiting and logs.
 *
 * The connection's peer address is the truth. Behind a reverse proxy that peer is the proxy
 * (127.0.0.1 for nginx on the same machine), and only with `TRUST_PROXY=true` is the proxy's
 * `X-Forwarded-For` believed — its last entry, the address the proxy itself saw; the entries
 * before it are whatever the client claimed.
 *
 * @module
 */

/**
 * The client's address.
 *
 * @example
 * ```ts
 * import { clientAddress } from "./client_address.ts";
 * const headers = new Headers({ "X-Forwarded-For": "1.1.1.1, 203.0.113.7" });
 * clientAddress("127.0.0.1", headers, false); // "127.0.0.1"
 * clientAddress("127.0.0.1", headers, true); // "203.0.113.7"
 * ```
 */
export function clientAddress(
  peer: string | undefined,
  headers: Headers,
  trustProxy: boolean,
): string {
  if (trustProxy) {
    const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
    const real = headers.get("x-real-ip")?.trim();
    const claimed = forwarded || real;
    if (claimed && /^[0-9A-Fa-f.:]{2,45}$/.test(claimed)) return claimed;
  }
  return peer ?? "unknown";
}

/**
 * The rate-limit key of an address. IPv6 clients are keyed by their /64 network: a single
 * host usually holds a whole /64 and could otherwise take a fresh address per request.
 *
 * @example
 * ```ts
 * import { addressKey } from "./client_address.ts";
 * addressKey("203.0.113.7"); // "ip:203.0.113.7"
 * addressKey("2001:db8:1:2:aaaa::1"); // "ip:2001:db8:1:2::/64"
 * ```
 */
export function addressKey(address: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (v4) return `ip:${v4[1]}`;
  if (!address.includes(":")) return `ip:${address}`;
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  const prefix = groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":");
  return `ip:${prefix}::/64`;
}
