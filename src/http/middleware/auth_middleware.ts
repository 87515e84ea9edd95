/**
 * Token authentication for every route but the two container probes, in two steps around the
 * rate limiter:
 *
 * 1. `identify` checks the credential, if any, and records who is calling (`identity`, and the
 *    `caller` of the audit log). It refuses nothing, so that the rate limiter can key a valid
 *    token's requests by the token and everyone else's by address — a client guessing tokens
 *    exhausts its address's bucket and gets 429s.
 * 2. `enforce` answers 401 `AUTHENTICATION_FAILED`, with `WWW-Authenticate: Bearer`, to a
 *    request without a valid token.
 *
 * Where the request comes from never matters: behind a reverse proxy every request comes from
 * 127.0.0.1, so loopback is no exemption. With no tokens configured both steps let everything
 * through (the start-up check allows that on loopback addresses only).
 *
 * Cookie credentials are ignored on requests whose `Origin` is neither this server nor an
 * allowed CORS origin, so that another site cannot use a browser's cookie (CSRF), even with
 * the Origin check relaxed by `ALLOWED_HOSTS=*`.
 *
 * The 401 carries no `resource_metadata`, and `/.well-known/` paths answer 404 without a token:
 * OAuth is not offered, and clients configured with a static header (Claude Code, Cursor) use it
 * instead of starting an OAuth flow.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { HttpEnv } from "../context.ts";
import type { Logger } from "../../log.ts";
import { refusal } from "../refusal.ts";
import type { SecurityMetrics } from "../../metrics/security_metrics.ts";
import { type Credential, credentialOf, type TokenAuth } from "../../auth/token_auth.ts";

/** Options of {@link createAuthMiddleware}. */
export interface AuthMiddlewareOptions {
  /** The verifier; `undefined` when no tokens are configured (no authentication). */
  auth: TokenAuth | undefined;
  /** Origins allowed to use cookie credentials besides the server's own. */
  allowedOrigins: string[];
  metrics: SecurityMetrics;
  logger: Logger;
  /**
   * The dashboard's login form, served without a token with the folder's `assets/` (style sheet
   * and script, nothing of the repository); a page under the same folder asked for
   * without a valid token is redirected there instead of answered 401.
   */
  loginPath?: string;
}

/** The two steps. */
export interface AuthMiddleware {
  identify: MiddlewareHandler<HttpEnv>;
  enforce: MiddlewareHandler<HttpEnv>;
}

/**
 * Creates both steps.
 *
 * @example
 * ```ts
 * import { createAuthMiddleware } from "./auth_middleware.ts";
 * import { createTokenAuth } from "../../auth/token_auth.ts";
 * import { createSecurityMetrics } from "../../metrics/security_metrics.ts";
 * import { createLogger } from "../../log.ts";
 * const { identify, enforce } = createAuthMiddleware({
 *   auth: await createTokenAuth(["devtoken"]),
 *   allowedOrigins: [],
 *   metrics: createSecurityMetrics(),
 *   logger: createLogger("info", () => {}).child("auth"),
 * });
 * ```
 */
export function createAuthMiddleware(options: AuthMiddlewareOptions): AuthMiddleware {
  const { auth, metrics, logger } = options;
  const origins = new Set(options.allowedOrigins);
  const failures = new WeakMap<Request, "missing" | "invalid">();

  const usable = (credential: Credential | undefined, request: Request) => {
    if (credential?.source !== "cookie") return credential;
    const origin = request.headers.get("origin");
    if (origin === null || origins.has(origin)) return credential;
    // The runtimes build the request URL from the Host header.
    const own = URL.canParse(origin) && new URL(origin).host === new URL(request.url).host;
    return own ? credential : undefined;
  };

  const identify: MiddlewareHandler<HttpEnv> = async (c, next) => {
    if (!auth) return await next();
    const credential = usable(credentialOf(c.req.raw.headers), c.req.raw);
    const identity = credential ? auth.verify(credential.token) : undefined;
    if (identity) {
      c.set("identity", identity);
      c.set("caller", identity);
      metrics.authAttempts.inc({ result: "success" });
      logger.debug("authenticated", { caller: identity, via: credential!.source });
    } else {
      const reason = credential ? "invalid" : "missing";
      failures.set(c.req.raw, reason);
    }
    await next();
  };

  const enforce: MiddlewareHandler<HttpEnv> = async (c, next) => {
    const reason = failures.get(c.req.raw);
    if (!auth || reason === undefined) return await next();
    // Nothing is served there: a plain 404 tells OAuth-probing clients there is no OAuth.
    if (c.req.path.startsWith("/.well-known/")) return await next();
    const login = options.loginPath;
    const folder = login?.slice(0, login.lastIndexOf("/"));
    if (login && (c.req.path === login || c.req.path.startsWith(`${folder}/assets/`))) {
      return await next();
    }
    if (
      login && c.req.method === "GET" &&
      (c.req.path === folder || c.req.path.startsWith(`${folder}/`)) &&
      (c.req.header("accept") ?? "").includes("text/html")
    ) {
      metrics.authAttempts.inc({ result: reason });
      const next = encodeURIComponent(c.req.path);
      return c.redirect(
        `${login}?next=${next}${reason === "invalid" ? "&error=invalid" : ""}`,
        303,
      );
    }
    metrics.authAttempts.inc({ result: reason });
    logger.warn("authentication failed", {
      reason,
      client: c.get("client"),
      path: c.req.path,
      requestId: c.get("requestId"),
    });
    return refusal(c, "AUTHENTICATION_FAILED", {
      message: "Invalid or missing authentication token",
      details: { provided: reason === "invalid", configured_tokens: auth.count },
      headers: { "WWW-Authenticate": 'Bearer realm="task-mcp"' },
    });
  };

  return { identify, enforce };
}
