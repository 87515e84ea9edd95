/**
 * The HTTP application: one Hono app on Fetch `Request`/`Response`, served unchanged by
 * `Bun.serve` and `Deno.serve`.
 *
 * Routes: the probes (`/healthz`, `/readyz`, `/health`, `/`), the tool envelope (`POST /sse`,
 * `POST /mcp` with a `{tool, input}` body), MCP Streamable HTTP (`/mcp` with a JSON-RPC body,
 * GET, DELETE) and the legacy MCP HTTP+SSE transport (`GET /sse`, `POST /messages`).
 *
 * Order: the edge (`edge.ts`, one pass of plain steps) — the request id (`X-Request-Id`, echoed
 * back), then `options.outer` on every route, probes included (access log, metrics, security
 * headers), then, except on `/healthz` and `/readyz`, the Host/Origin guard and the shutdown
 * check, then `options.guards` (CORS); then, on the same routes, `options.middleware`
 * (authentication, rate limits); then the routes. A middleware may set the `caller` variable,
 * which the audit log records.
 *
 * @module
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { LinearRouter } from "hono/router/linear-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import type { Limits } from "../limits.ts";
import type { Logger } from "../log.ts";
import type { McpBackend, McpServer } from "../mcp/mod.ts";
import type { FetchHandler } from "../runtime/serve.ts";
import { type EdgeStep, type HttpEnv, setHeader } from "./context.ts";
import { edge } from "./edge.ts";
import { createLegacySse } from "../transports/legacy_sse.ts";
import type { StreamRegistry } from "../transports/push_stream.ts";
import { createStreamableHttp } from "../transports/streamable_http.ts";
import { ConnectionTracker } from "./connection_tracker.ts";
import { hostGuard } from "./middleware/host_guard.ts";
import { addProbeRoutes, type ProbeDeps } from "./probes.ts";
import { refusal } from "./refusal.ts";
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
  /** Deadlines, sizes, streams, sessions and intervals. */
  limits: Limits;
  probes: Omit<ProbeDeps, "connections" | "ready" | "transport" | "security">;
  /** The security configuration as `/health` and `/` report it. */
  security?: () => Record<string, unknown>;
  /** Edge steps on every route, probes included: access log, metrics, security headers. */
  outer?: EdgeStep[];
  /**
   * Edge steps after the Host/Origin guard and the shutdown check, on every route but `/healthz`
   * and `/readyz`: CORS.
   */
  guards?: EdgeStep[];
  /** Runs after the edge on the same routes as `guards`: authentication, rate limits. */
  middleware?: MiddlewareHandler<HttpEnv>[];
  /**
   * Adds routes (e.g. metrics, the dashboard) after the middleware and before the transports;
   * `streams` counts their event streams and ends them at shutdown.
   */
  routes?: (app: Hono<HttpEnv>, streams: StreamRegistry) => void;
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
 * import { assertEquals } from "@std/assert";
 * import { createHttpApp } from "./app.ts";
 * import { createFilesystemProbe } from "./filesystem_probe.ts";
 * import { createApp } from "../app.ts";
 * import { createMemoryFileSystem } from "../fs/memory.ts";
 * import { DEFAULT_LIMITS } from "../limits.ts";
 * import { createMcpServer } from "../mcp/mod.ts";
 * const fs = createMemoryFileSystem();
 * const app = createApp({ fs });
 * const http = createHttpApp({
 *   backend: app.backend,
 *   server: createMcpServer(app.backend),
 *   stateless: false,
 *   host: "127.0.0.1",
 *   allowedHosts: [],
 *   limits: DEFAULT_LIMITS,
 *   probes: {
 *     version: "1.0.0",
 *     startedAt: Date.now(),
 *     filesystem: createFilesystemProbe(fs),
 *     toolNames: app.toolNames,
 *   },
 * });
 * assertEquals((await http.hono.request("/healthz")).status, 200);
 * await http.shutdown(0);
 * ```
 */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const { limits } = options;
  const tracker = new ConnectionTracker({
    maxStreams: limits.maxStreams,
    maxQueuedBytes: limits.streamBufferBytes,
  });
  const mcpLogger = {
    error: (message: string, error?: unknown) => options.logger?.error(message, { error }),
  };
  const transportOptions = {
    server: options.server,
    limits,
    tracker,
    logger: mcpLogger,
  };
  const streamable = createStreamableHttp({ ...transportOptions, stateless: options.stateless });
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
  const guard = hostGuard({
    host: options.host,
    allowedHosts: options.allowedHosts,
    allowedOrigins: options.allowedOrigins,
  });
  const onError = (error: unknown, c: Context<HttpEnv>) => {
    options.logger?.error("internal error", { error, path: c.req.path });
    return refusal(c, "INTERNAL_ERROR", { message: "Internal server error" });
  };
  const requestId: EdgeStep = {
    before(c) {
      const given = c.req.header("x-request-id");
      c.set(
        "requestId",
        given && SANE_REQUEST_ID.test(given) ? given : `req-${crypto.randomUUID()}`,
      );
      c.set("caller", "http");
      c.set("client", c.env?.remoteAddress ?? "unknown");
      c.set("identity", undefined);
      return undefined;
    },
    after: (c) => setHeader(c, "X-Request-Id", c.get("requestId")),
  };
  const gate: EdgeStep = {
    before(c) {
      const refused = guard(c);
      if (refused) return refused;
      if (!tracker.draining) return undefined;
      return refusal(c, "SERVICE_UNAVAILABLE", {
        message: "The server is shutting down",
        hint: "Retry the request on another instance or after the restart",
        headers: { Connection: "close" },
      });
    },
  };
  // Probes (OPEN_PATHS) skip the guard, the shutdown check, the guards and the middleware.
  const open = (c: Context<HttpEnv>) => OPEN_PATHS.has(c.req.path);
  const protectStep = (step: EdgeStep): EdgeStep => ({
    before: (c) => open(c) ? undefined : step.before?.(c),
    after: (c) => open(c) ? undefined : step.after?.(c),
  });
  const protect = (handler: MiddlewareHandler<HttpEnv>): MiddlewareHandler<HttpEnv> => (c, next) =>
    open(c) ? next() : handler(c, next);
  const guarded = [gate, ...options.guards ?? []].map(protectStep);
  app.use("*", edge([requestId, ...options.outer ?? [], ...guarded], onError));
  for (const middleware of options.middleware ?? []) app.use("*", protect(middleware));
  options.routes?.(app, tracker);

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
    limits,
    onInternalError: (error) => options.logger?.error("internal error", { error }),
  });

  app.notFound((c) =>
    refusal(c, "NOT_FOUND", { message: `No route for ${c.req.method} ${c.req.path}` })
  );
  app.onError(onError);

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
