/**
 * DNS-rebinding protection: the `Host` and `Origin` of a request must name this server.
 *
 * A web page can make a browser send requests to `127.0.0.1` through a hostname it controls;
 * the `Host` header then carries that hostname, and `Origin` the page's. Both are checked
 * against an allowlist of hostnames, ports ignored: `localhost`, `127.0.0.1`, `[::1]`, the
 * configured host, and whatever `ALLOWED_HOSTS` adds (`*` turns the check off). An absent
 * `Origin` passes: CLI and desktop clients do not send one. A foreign one is `403` (spec
 * 2025-11-25).
 *
 * @module
 */
import type { Context } from "hono";
import type { HttpEnv } from "../context.ts";
import { refusal } from "../refusal.ts";
import { remembered } from "../../lru_map.ts";

/** Hostnames every server accepts. */
const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];

/** Options of {@link createHostCheck}. */
export interface HostCheckOptions {
  /** The address the server binds; added unless it is a wildcard (`0.0.0.0`, `::`). */
  host: string;
  /** More hostnames (ports are ignored); `*` allows any. */
  allowedHosts?: string[];
  /**
   * Exact origins (`https://app.example.com`) that pass the `Origin` check whatever their
   * hostname: the CORS allow-list, so that an origin granted by CORS is not refused here.
   */
  allowedOrigins?: string[];
}

/**
 * A check that answers why a request is refused, or `undefined` when it is allowed.
 *
 * @example
 * ```ts
 * import { createHostCheck } from "./host_guard.ts";
 * const check = createHostCheck({ host: "127.0.0.1" });
 * check("localhost:8443", null); // undefined: allowed
 * check("evil.example.com", "http://evil.example.com"); // 'Host "evil.example.com" is not allowed'
 * ```
 */
export function createHostCheck(
  options: HostCheckOptions,
): (host: string | null, origin: string | null) => string | undefined {
  const extra = options.allowedHosts ?? [];
  if (extra.includes("*")) return () => undefined;
  const allowed = new Set(LOOPBACK);
  for (const name of [options.host, ...extra]) {
    const hostname = hostnameOf(name);
    if (hostname && hostname !== "0.0.0.0" && hostname !== "[::]") allowed.add(hostname);
  }
  const origins = new Set(options.allowedOrigins ?? []);
  // A client sends the same Host (and Origin) on every request: each value is parsed once.
  const hostAllowed = remembered(REMEMBERED, (host: string) => allowed.has(hostnameOf(host) ?? ""));
  const originAllowed = remembered(REMEMBERED, (origin: string) => {
    if (origins.has(origin)) return true;
    const name = URL.canParse(origin) ? new URL(origin).hostname : undefined;
    return name !== undefined && allowed.has(name);
  });
  return (host, origin) => {
    if (host !== null && !hostAllowed(host)) return `Host ${JSON.stringify(host)} is not allowed`;
    if (origin !== null && !originAllowed(origin)) {
      return `Origin ${JSON.stringify(origin)} is not allowed`;
    }
    return undefined;
  };
}

/** How many distinct header values a check remembers. */
const REMEMBERED = 256;

/**
 * The refusal of a request whose `Host` or `Origin` is not allowed, or `undefined`: 403
 * `FORBIDDEN`, as a JSON-RPC error body without `id` (the MCP spec's form for this refusal).
 */
export function hostGuard(
  options: HostCheckOptions,
): (c: Context<HttpEnv>) => Response | undefined {
  const check = createHostCheck(options);
  return (c) => {
    const refused = check(c.req.header("host") ?? null, c.req.header("origin") ?? null);
    if (refused === undefined) return undefined;
    return refusal(c, "FORBIDDEN", { message: `Forbidden: ${refused}`, jsonRpc: -32000 });
  };
}

/** The lower-case hostname of `host[:port]` (IPv6 in brackets), or `undefined`. */
function hostnameOf(value: string): string | undefined {
  const trimmed = value.trim().toLowerCase();
  // A bare IPv6 address (the --host value "::1") needs its brackets to parse as a host.
  const host = trimmed.includes(":") && !trimmed.startsWith("[") && trimmed.split(":").length > 2
    ? `[${trimmed}]`
    : trimmed;
  return URL.canParse(`http://${host}`) ? new URL(`http://${host}`).hostname : undefined;
}
