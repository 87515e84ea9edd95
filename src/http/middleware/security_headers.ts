/**
 * Security headers on every response (`SECURITY_HEADERS_ENABLED`).
 *
 * The server answers JSON and event streams only, never HTML, so the policy is stricter than the
 * API reference's example: a response may load nothing and be framed by no one. HSTS is sent only
 * when this process serves TLS itself; behind a TLS-terminating proxy, the proxy sends it.
 * `X-XSS-Protection` is `0`, as current browsers and OWASP advise (the old filter is gone, and
 * where it remains it caused leaks).
 *
 * @module
 */
import { type EdgeStep, setHeader } from "../context.ts";

/** The headers, without HSTS. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-XSS-Protection": "0",
};

/** HSTS for a year, subdomains included, as the API reference has it. */
export const HSTS = "max-age=31536000; includeSubDomains";

/**
 * The edge step.
 *
 * @example
 * ```ts
 * import { securityHeaders } from "./security_headers.ts";
 * const step = securityHeaders({ tls: false });
 * ```
 */
export function securityHeaders(options: { tls: boolean }): EdgeStep {
  const headers = Object.entries(SECURITY_HEADERS);
  return {
    after(c) {
      // The dashboard's pages set a policy of their own (still never framed): keep it.
      const ownPolicy = c.res.headers.has("Content-Security-Policy");
      for (const [name, value] of headers) {
        if (ownPolicy && name === "Content-Security-Policy") continue;
        setHeader(c, name, value);
      }
      if (options.tls) setHeader(c, "Strict-Transport-Security", HSTS);
    },
  };
}
