/**
 * The HTTP application: one Hono app on Fetch `Request`/`Response`, served unchanged by
 * `Bun.serve` and `Deno.serve`.
 *
 * Routes: the probes (`/healthz`, `/readyz`, `/health`, `/`), the tool envelope (`POST /sse`,
 * `POST /mcp` with a `{tool, input}` body), MCP Streamable HTTP (`/mcp` with a JSON-RPC body,
 * GET, DELETE) and the legacy MCP HTTP+SSE transport (`GET /sse`, `POST /messages`).
 *
 * Middleware order, for whoever adds authentication, rate limits or CORS: `options.middleware`
 * runs on every route except `/healthz` and `/readyz`, after the Host/Origin guard and before
 * the routes. It may set the `caller` variable, which the audit log records.
 *
 * @module
 */
import { Hono, type MiddlewareHandler } from "hono";
import type { Logger } from "../log.ts";
import type { McpBackend, McpServer } from "../mcp/mod.ts";
import type { ConnectionInfo, FetchHandler } from "../runtime/serve.ts";
import { createLegacySse } from "../transports/legacy_sse.ts";
import { createStreamableHttp } from "../transports/streamable_http.ts";
import { ConnectionTracker } from "./connection_tracker.ts";
import { hostGuard } from "./host_guard.ts";
import { addProbeRoutes, type ProbeDeps } from "./probes.ts";
import { addTransportRoutes } from "./transport_routes.ts";

/** The Hono environment of every route. */
export type HttpEnv = {
  Bindings: ConnectionInfo;
  Variables: {
    requestId: string;
    /** Who is calling, for the audit log; `http` until an authentication middleware sets it. */
    caller: string;
  };
};

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  backend: McpBackend;
  server: McpServer;
  stateless: boolean;
  /** The configured bind address, allowed as `Host`/`Origin`. */
  host: string;
  /** More allowed hostnames (`ALLOWED_HOSTS`); `*` disables the check. */
  allowedHosts: string[];
  heartbeatMs: number;
  keepAliveMs: number;
  maxSessions: number;
  sessionIdleMs?: number;
  maxBodyBytes: number;
  probes: Omit<ProbeDeps, "connections" | "ready" | "transport" | "security">;
  /** The security configuration as `/health` and `/` report it. */
  security?: () => Record<string, unknown>;
  /** Runs before every route but `/healthz` and `/readyz`: authentication, rate limits, CORS. */
  middleware?: MiddlewareHandler<HttpEnv>[];
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
  const tracker = new ConnectionTracker();
  const mcpLogger = {
    error: (message: string, error?: unknown) => options.logger?.error(message, { error }),
  };
  const transportOptions = {
    server: options.server,
    keepAliveMs: options.keepAliveMs,
    maxSessions: options.maxSessions,
    tracker,
    logger: mcpLogger,
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

  const app = new Hono<HttpEnv>();
  app.use("*", async (c, next) => {
    c.set("requestId", `req-${crypto.randomUUID()}`);
    c.set("caller", "http");
    await next();
  });
  const guard = hostGuard({ host: options.host, allowedHosts: options.allowedHosts });
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
      await tracker.drain(timeoutMs);
      streamable.closeAll();
      legacy.closeAll();
    },
  };
}
