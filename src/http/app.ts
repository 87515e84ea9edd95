/**
 * The HTTP application: one Hono app on Fetch `Request`/`Response`, served unchanged by
 * `Bun.serve` and `Deno.serve`.
 *
 * Routes: the probes (`/healthz`, `/readyz`, `/health`, `/`), the tool envelope (`POST /sse`,
 * `POST /mcp` with a `{tool, input}` body), MCP Streamable HTTP (`/mcp` with a JSON-RPC body,
 * GET, DELETE) and the legacy MCP HTTP+SSE transport (`GET /sse`, `POST /messages`).
 *
 * Middleware order: the request id first (`X-Request-Id`, echoed back); then `options.outer` on
 * every route, probes included (access log, metrics, security headers); then, on every route
 * except `/healthz` and `/readyz`, the Host/Origin guard, the shutdown check and
 * `options.middleware` (CORS, authentication, rate limits); then the routes. A middleware may
 * set the `caller` variable, which the audit log records.
 *
 * @module
 */
import { Hono, type MiddlewareHandler } from "hono";
import { LinearRouter } from "hono/router/linear-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import type { Logger } from "../log.ts";
import type { McpBackend, McpServer } from "../mcp/mod.ts";
import type { FetchHandler } from "../runtime/serve.ts";
import { type HttpEnv, setHeader } from "./context.ts";
import { createLegacySse } from "../transports/legacy_sse.ts";
import { createStreamableHttp } from "../transports/streamable_http.ts";
import { ConnectionTracker } from "./connection_tracker.ts";
import { hostGuard } from "./middleware/host_guard.ts";
import { addProbeRoutes, type ProbeDeps } from "./probes.ts";
import { addTransportRoutes } from "./transport_routes.ts";

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  backend: McpBackend;
  server: McpServer;
  stateless: boolean;
  /** The configured bind address, allowed as `Host`/`Origin`. */
  host: string;
  /** More allowed hostnames (`ALLOWED_HOSTS`); `*` disables the check. */
  allowedHosts: string[];
  /** Origins allowed by CORS (`ALLOWED_ORIGINS`): they pass the Origin check too. */
  allowedOrigins?: string[];
  heartbeatMs: number;
  keepAliveMs: number;
  maxSessions: number;
  sessionIdleMs?: number;
  maxBodyBytes: number;
  /** How long a request body may take to arrive (`BODY_TIMEOUT_MS`); default no limit. */
  bodyTimeoutMs?: number;
  /** Deadline of each call (`REQUEST_TIMEOUT_MS`); default none. */
  requestTimeoutMs?: number;
  /** Largest answer, in bytes (`MAX_RESPONSE_SIZE_KB`); default none. */
  maxResponseBytes?: number;
  /** Most event streams open at once (`MAX_STREAMS`); default no limit. */
  maxStreams?: number;
  /** Unread bytes after which a stream's client counts as gone (`MAX_STREAM_BUFFER_KB`). */
  streamBufferBytes?: number;
  probes: Omit<ProbeDeps, "connections" | "ready" | "transport" | "security">;
  /** The security configuration as `/health` and `/` report it. */
  security?: () => Record<string, unknown>;
  /** Runs first on every route, probes included: access log, metrics, security headers. */
  outer?: MiddlewareHandler<HttpEnv>[];
  /** Runs before every route but `/healthz` and `/readyz`: authentication, rate limits, CORS. */
  middleware?: MiddlewareHandler<HttpEnv>[];
  /** Adds routes (e.g. metrics) after the middleware and before the transports. */
  routes?: (app: Hono<HttpEnv>) => void;
  logger?: Logger;
}

/** Counts of live sessions, streams, timers and calls. */
export type HttpCounts = Record<string, number>;

/** The application and its lifecycle. */
export interface HttpApp {
  /** The handler to serve. */
  fetch: FetchHandler;
  /** The Hono app itself, for in-process tests with `app.request()`. */
  hono: Hono<HttpEnv>;
  counts(): HttpCounts;
  /**
   * Refuses new requests (503), waits up to `timeoutMs` for running calls, ends every stream with
   * a final event and closes every session.
   */
  shutdown(timeoutMs: number): Promise<void>;
}

/** Container probes: no Host check (probes use the pod's IP), no middleware, no 503 on drain. */
const OPEN_PATHS = new Set(["/healthz", "/readyz"]);

/** A client's request id is kept when it is this tame (it ends up in logs and headers). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@\/+=-]{1,128}$/;

/**
 * Builds the application.
 *
 * @example
 * ```ts
 * import { createHttpApp } from "./app.ts";
 * declare const options: import("./app.ts").HttpAppOptions;
 * const http = createHttpApp(options);
 * const res = await http.hono.request("/healthz");
 * ```
 */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const tracker = new ConnectionTracker({
    maxStreams: options.maxStreams,
    maxQueuedBytes: options.streamBufferBytes,
  });
  const mcpLogger = {
    error: (message: string, error?: unknown) => options.logger?.error(message, { error }),
  };
  const transportOptions = {
    server: options.server,
    keepAliveMs: options.keepAliveMs,
    maxSessions: options.maxSessions,
    tracker,
    logger: mcpLogger,
    requestTimeoutMs: options.requestTimeoutMs,
    maxResponseBytes: options.maxResponseBytes,
  };
  const streamable = createStreamableHttp({
    ...transportOptions,
    stateless: options.stateless,
    sessionIdleMs: options.sessionIdleMs,
  });
  const legacy = createLegacySse(transportOptions);
  const counts = () => ({
    mcpSessions: streamable.sessionCount,
    legacySseSessions: legacy.sessionCount,
    ...tracker.counts(),
  });
  const security = options.security ?? (() => ({
    auth_tokens_configured: 0,
    rate_limiting_enabled: false,
    cors_enabled: false,
    origin_validation: true,
    allowed_hosts: options.allowedHosts,
  }));

  // Hono's default router compiles every route and middleware into regular expressions on the
  // first request: about 5 ms of a fresh binary's first answer. LinearRouter needs no build and
  // scans this app's two dozen routes in about a microsecond; TrieRouter takes over should a
  // route ever use a pattern LinearRouter does not support (Hono's "quick" preset).
  const app = new Hono<HttpEnv>({
    router: new SmartRouter({ routers: [new LinearRouter(), new TrieRouter()] }),
  });
  app.use("*", async (c, next) => {
    const given = c.req.header("x-request-id");
    const requestId = given && SANE_REQUEST_ID.test(given) ? given : `req-${crypto.randomUUID()}`;
    c.set("requestId", requestId);
    c.set("caller", "http");
    c.set("client", c.env?.remoteAddress ?? "unknown");
    c.set("identity", undefined);
    await next();
    setHeader(c, "X-Request-Id", requestId);
  });
  for (const middleware of options.outer ?? []) app.use("*", middleware);
  const guard = hostGuard({
    host: options.host,
    allowedHosts: options.allowedHosts,
    allowedOrigins: options.allowedOrigins,
  });
  const protect = (handler: MiddlewareHandler<HttpEnv>): MiddlewareHandler<HttpEnv> => (c, next) =>
    OPEN_PATHS.has(c.req.path) ? next() : handler(c, next);
  app.use("*", protect(guard));
  app.use(
    "*",
    protect(async (c, next) => {
      if (!tracker.draining) return await next();
      c.header("Connection", "close");
      return c.json(
        { error: { code: "INTERNAL_ERROR", message: "The server is shutting down" } },
        503,
      );
    }),
  );
  for (const middleware of options.middleware ?? []) app.use("*", protect(middleware));
  options.routes?.(app);

  // Routes after every middleware: Hono runs handlers in registration order, and a route
  // registered earlier would answer before the guard ran.
  addProbeRoutes(app, {
    ...options.probes,
    security,
    connections: counts,
    ready: () => !tracker.draining,
    transport: {
      stateless: options.stateless,
      apiVersion: "1.0.0",
      mcpProtocolVersions: ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"],
    },
  });

  addTransportRoutes(app, {
    backend: options.backend,
    tracker,
    streamable,
    legacy,
    heartbeatMs: options.heartbeatMs,
    maxBodyBytes: options.maxBodyBytes,
    bodyTimeoutMs: options.bodyTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    onInternalError: (error) => options.logger?.error("internal error", { error }),
  });

  app.notFound((c) =>
    c.json({
      error: {
        code: "NOT_FOUND",
        message: `No route for ${c.req.method} ${c.req.path}`,
        hint: "GET / lists the endpoints",
      },
    }, 404)
  );
  app.onError((error, c) => {
    options.logger?.error("internal error", { error, path: c.req.path });
    return c.json({
      apiVersion: "1.0.0",
      error: {
        code: "INTERNAL_ERROR",
        message: "Internal server error",
        hint: "Check the server logs",
      },
      requestId: c.get("requestId"),
      timestamp: new Date().toISOString(),
    }, 500);
  });

  return {
    fetch: (request, info) => app.fetch(request, info),
    hono: app,
    counts,
    async shutdown(timeoutMs) {
      // Open `subscriptions/listen` requests end with their completion result, not the drain.
      options.server.endSubscriptions();
      await tracker.drain(timeoutMs);
      streamable.closeAll();
      legacy.closeAll();
    },
  };
}
