/**
 * `task-mcp serve`: builds the HTTP application, listens, logs the bound address, and on
 * SIGTERM/SIGINT shuts down gracefully — stop accepting, let running calls finish (bounded),
 * end open streams with a final event, close every session — then resolves with exit code 0.
 *
 * The one place where `serve` is put together: {@link createSecurity} assembles what the HTTP
 * app gets for security and operations (middleware, metrics routes, the counting backend),
 * {@link composeHttp} the MCP server and the HTTP app over the application (the in-process tests
 * build theirs with it too), {@link runHttpServer} adds the listener and the shutdown.
 * `main.ts` imports it only for `serve`.
 *
 * @module
 */
import type { App } from "./app.ts";
import type { HttpConfig } from "./config/http_config.ts";
import { limitsConfig } from "./config/limits_config.ts";
import { callLimits } from "./mcp/call_limits.ts";
import type { FileSystem } from "./fs/file_system.ts";
import type { Logger } from "./log.ts";
import { createMcpServer, type McpServer } from "./mcp/mod.ts";
import type { Runtime } from "./runtime/mod.ts";
import type { FetchHandler, ListeningServer } from "./runtime/serve.ts";
import { VERSION } from "./version.ts";
import { createHttpApp, type HttpApp } from "./http/app.ts";
import { createFilesystemProbe } from "./http/filesystem_probe.ts";
import { addUiRoutes } from "./http/ui_routes.ts";
import type { Hono, MiddlewareHandler } from "hono";
import type { EdgeStep, HttpEnv } from "./http/context.ts";
import type { McpBackend } from "./mcp/mod.ts";
import type { ConnectTcp } from "./runtime/tcp.ts";
import { createAccessLog } from "./http/middleware/access_log.ts";
import { createAuthMiddleware } from "./http/middleware/auth_middleware.ts";
import { createCors } from "./http/middleware/cors.ts";
import { instrumentBackend } from "./metrics/instrument_backend.ts";
import { createMemoryRateLimiter } from "./ratelimit/memory_rate_limiter.ts";
import { addMetricsRoutes, type MetricsDeps } from "./http/metrics_routes.ts";
import { createRateLimitMiddleware } from "./http/middleware/rate_limit_middleware.ts";
import type { RateLimiter, RateLimitPolicy } from "./ratelimit/rate_limiter.ts";
import { createRedisClient } from "./ratelimit/redis_client.ts";
import { createRedisRateLimiter } from "./ratelimit/redis_rate_limiter.ts";
import type { SecurityConfig } from "./config/security_config.ts";
import { securityHeaders } from "./http/middleware/security_headers.ts";
import { createSecurityMetrics, type SecurityMetrics } from "./metrics/security_metrics.ts";
import { createTokenAuth } from "./auth/token_auth.ts";

/** How long shutdown waits for running calls before ending their streams. */
const DRAIN_TIMEOUT_MS = 10_000;
/** How long shutdown then waits for the runtime's server to finish. */
const STOP_TIMEOUT_MS = 3_000;

/** The health and readiness probes' paths. */
const PROBES = new Set(["/healthz", "/readyz", "/health"]);

/** What `serve` needs. */
export interface RunHttpOptions {
  runtime: Runtime;
  app: App;
  fs: FileSystem;
  config: HttpConfig & {
    root: string;
    maxDocumentBytes: number;
    /** The certificate and key (PEM text), read at start-up from TLS_CERT_FILE/TLS_KEY_FILE. */
    tls?: { cert: string; key: string };
    /** `MCP_REQUEST_STATE_KEY`; default a random key drawn at start-up. */
    requestStateKey?: Uint8Array;
  };
  log: Logger;
}

/**
 * Serves until a shutdown signal; resolves with the exit code (0 after a clean shutdown, 1 when
 * the address cannot be bound).
 */
export async function runHttpServer(options: RunHttpOptions): Promise<number> {
  const { runtime, config, log } = options;
  const { http, mcp, security } = await composeHttp(options);
  // Probes alone leave the JIT held back (see Runtime.interactive): an idle server that its
  // orchestrator polls keeps the memory the JIT's compilers would take. Any other request is a
  // client at work, and gets the JIT.
  let interactive = false;
  const fetch: FetchHandler = (request, info) => {
    if (!interactive && !PROBES.has(new URL(request.url).pathname)) {
      interactive = true;
      runtime.interactive();
    }
    return http.fetch(request, info);
  };
  const stop = new AbortController();
  let server: ListeningServer;
  try {
    server = await runtime.serve(fetch, {
      port: config.port,
      hostname: config.host,
      signal: stop.signal,
      tls: config.tls,
    });
  } catch (error) {
    log.error("cannot listen", { host: config.host, port: config.port, error });
    mcp.close();
    security.close();
    return 1;
  }
  const host = server.hostname.includes(":") ? `[${server.hostname}]` : server.hostname;
  logSecurityPosture(log, config);
  log.info("listening", {
    url: `${config.tls ? "https" : "http"}://${host}:${server.port}`,
    host: server.hostname,
    port: server.port,
    mode: config.stateless ? "stateless" : "stateful",
    root: config.root,
    version: VERSION,
    runtime: runtime.name,
  });

  let signals = 0;
  const signal = await new Promise<string>((resolve) =>
    runtime.onShutdownSignal((name) => {
      // A second signal means "now": skip the rest of the graceful shutdown.
      if (++signals > 1) runtime.exit(1);
      resolve(name);
    })
  );
  log.info("shutting down", { signal, ...http.counts() });
  stop.abort();
  await http.shutdown(DRAIN_TIMEOUT_MS);
  mcp.close();
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    server.finished,
    new Promise<void>((resolve) => timer = setTimeout(resolve, STOP_TIMEOUT_MS)),
  ]);
  clearTimeout(timer);
  security.close();
  log.info("stopped");
  return 0;
}

/** What {@link composeHttp} needs: {@link RunHttpOptions} without the listener's settings. */
export interface ComposeHttpOptions {
  runtime: Pick<Runtime, "name" | "memoryUsage" | "connectTcp">;
  app: App;
  fs: FileSystem;
  /** With `tls` when the server speaks HTTPS (the dashboard's cookie is then `Secure`). */
  config: HttpConfig & {
    tls?: unknown;
    /** `MCP_REQUEST_STATE_KEY`; default a random key drawn at start-up. */
    requestStateKey?: Uint8Array;
  };
  log: Logger;
}

/** The HTTP application of `serve` and what it holds. */
export interface ComposedHttp {
  http: HttpApp;
  mcp: McpServer;
  security: Security;
}

/**
 * Builds what `serve` serves, without listening: the security stack from the settings, the
 * counting backend, the MCP server and the HTTP app with its probes, middleware and metrics
 * routes. The in-process tests build their app through it too.
 */
export async function composeHttp(options: ComposeHttpOptions): Promise<ComposedHttp> {
  const { runtime, app, config, log } = options;
  const security = await createSecurity({
    config: config.security,
    logger: log,
    connectTcp: runtime.connectTcp,
  });
  const backend = security.instrument(app.backend);
  const mcp = createMcpServer(backend, {
    logger: { error: (msg: string, error?: unknown) => log.error(msg, { error }) },
    ...(config.requestStateKey ? { requestStateKey: config.requestStateKey } : {}),
  });
  const startedAt = Date.now();
  // The metrics routes report the app's counts, and are registered while the app is built.
  let counts: () => Record<string, number> = () => ({});
  const limits = limitsConfig(config);
  const http = createHttpApp({
    backend,
    server: mcp,
    stateless: config.stateless,
    host: config.host,
    allowedHosts: config.allowedHosts,
    allowedOrigins: config.security.allowedOrigins,
    limits,
    probes: {
      version: VERSION,
      startedAt,
      filesystem: createFilesystemProbe(options.fs),
      toolNames: app.toolNames,
      memory: runtime.memoryUsage,
      ...(app.git ? { git: () => app.git!.status() } : {}),
    },
    security: () => ({
      ...security.describe(),
      origin_validation: true,
      allowed_hosts: config.allowedHosts,
    }),
    outer: security.outer,
    guards: security.guards,
    middleware: security.middleware,
    routes: (hono, streams) => {
      addUiRoutes(hono, {
        deps: app.deps,
        backend,
        streams,
        tls: config.tls !== undefined,
        keepAliveMs: config.keepAliveMs,
        limits: callLimits(limits),
      });
      security.addRoutes(hono, {
        connections: () => counts(),
        version: VERSION,
        runtime: runtime.name,
        startedAt,
        memory: runtime.memoryUsage,
        ...(app.git
          ? { extraFamilies: () => app.git!.metrics.families(app.git!.status().ahead) }
          : {}),
      });
    },
    logger: log,
  });
  counts = http.counts;
  return { http, mcp, security };
}

/** Says on stderr, once, who can use this server and what protects it. */
function logSecurityPosture(log: Logger, config: RunHttpOptions["config"]): void {
  const { security } = config;
  const rate = security.rateLimit;
  const summary = {
    tokens: security.tokens.length,
    rateLimit: rate.limit > 0
      ? `${rate.limit} per ${rate.windowMs} ms, burst ${rate.burst}${
        rate.redisUrl ? ", shared through Redis" : ""
      }`
      : "off",
    tls: config.tls !== undefined,
    allowedOrigins: security.allowedOrigins,
  };
  if (security.tokens.length > 0) log.info("authentication required", summary);
  else if (config.insecureNoAuth) {
    log.warn(
      "authentication disabled by --insecure-no-auth: anyone who can reach this address can change the repository",
      { ...summary, host: config.host },
    );
  } else {
    log.info(
      "authentication off: no AUTH_TOKENS, serving a loopback address only (local IDE use)",
      summary,
    );
  }
  if (config.maxDocumentBytes + 64 * 1024 > security.maxRequestBodyBytes) {
    log.warn("MAX_REQUEST_BODY_KB may be too small for a change_write of MAX_DOCUMENT_KB", {
      maxRequestBodyBytes: security.maxRequestBodyBytes,
      maxDocumentBytes: config.maxDocumentBytes,
    });
  }
}

/** What {@link createSecurity} needs. */
export interface SecurityOptions {
  config: SecurityConfig;
  logger: Logger;
  connectTcp: ConnectTcp;
}

/** The assembled pieces. */
export interface Security {
  metrics: SecurityMetrics;
  /** For `HttpAppOptions.outer`. */
  outer: EdgeStep[];
  /** For `HttpAppOptions.guards`. */
  guards: EdgeStep[];
  /** For `HttpAppOptions.middleware`. */
  middleware: MiddlewareHandler<HttpEnv>[];
  /** Registers `/metrics` and `/security/metrics`. */
  addRoutes(app: Hono<HttpEnv>, deps: Omit<MetricsDeps, keyof OwnDeps>): void;
  /** Wraps the backend so tool calls and audit events are counted. */
  instrument(backend: McpBackend): McpBackend;
  /** The security settings as `/health` and `/` report them (no secrets). */
  describe(): Record<string, unknown>;
  close(): void;
}

type OwnDeps = Pick<
  MetricsDeps,
  "metrics" | "tokensConfigured" | "rateLimit" | "distributed" | "trackedClients" | "allowedOrigins"
>;

/**
 * Everything `serve` adds for security and operations, built from the validated settings:
 * the middleware in the order the HTTP app runs it, the metrics routes, the backend wrapper that
 * counts tool calls, and what `/health` reports.
 *
 * Order: access log and metrics (outermost, so refusals are logged and counted too), security
 * headers, then — after the app's Host/Origin guard — CORS (a preflight is answered before any
 * credential is asked for), authentication's identify step, the rate limiter, and
 * authentication's enforce step.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { createSecurity } from "./serve.ts";
 * import { securityConfig } from "./config/security_config.ts";
 * import { createLogger } from "./log.ts";
 * import { connectTcp } from "./runtime/tcp.ts";
 * const config = securityConfig((name) => ({ AUTH_TOKENS: "a-token-of-32-characters-or-more" })[name]);
 * const logger = createLogger("error", (line) => console.error(line));
 * const security = await createSecurity({ config, logger, connectTcp });
 * assertEquals(security.describe().auth_tokens_configured, 1);
 * security.close();
 * ```
 */
export async function createSecurity(options: SecurityOptions): Promise<Security> {
  const { config, logger } = options;
  const metrics = createSecurityMetrics();
  const auth = config.tokens.length ? await createTokenAuth(config.tokens) : undefined;
  const authentication = createAuthMiddleware({
    auth,
    allowedOrigins: config.allowedOrigins,
    metrics,
    logger: logger.child("auth"),
    loginPath: "/ui/login",
  });
  const rl = config.rateLimit;
  const policy: RateLimitPolicy | undefined = rl.limit > 0
    ? { limit: rl.limit, burst: rl.burst, windowMs: rl.windowMs }
    : undefined;
  const limiter = policy ? createLimiter(policy, options) : undefined;

  // Authentication without tokens passes every request: it is not registered then, nor is the
  // rate limiter when it is off (each middleware costs a dispatch on every request).
  const guards: EdgeStep[] = [
    createCors({ allowedOrigins: config.allowedOrigins, metrics, logger: logger.child("cors") }),
  ];
  const middleware: MiddlewareHandler<HttpEnv>[] = [];
  if (auth) middleware.push(authentication.identify);
  if (limiter && policy) {
    const ratelimitLogger = logger.child("ratelimit");
    middleware.push(
      createRateLimitMiddleware({ limiter, policy, metrics, logger: ratelimitLogger }),
    );
  }
  if (auth) middleware.push(authentication.enforce);

  const outer: EdgeStep[] = [
    createAccessLog({ logger: logger.child("http"), metrics, trustProxy: config.trustProxy }),
  ];
  if (config.securityHeaders) outer.push(securityHeaders({ tls: config.tls !== undefined }));

  const own: OwnDeps = {
    metrics,
    tokensConfigured: config.tokens.length,
    rateLimit: policy,
    distributed: rl.redisUrl !== undefined,
    trackedClients: () => limiter?.size ?? 0,
    allowedOrigins: config.allowedOrigins,
  };
  return {
    metrics,
    outer,
    guards,
    middleware,
    addRoutes: (app, deps) => addMetricsRoutes(app, { ...deps, ...own }),
    instrument: (backend) => instrumentBackend(backend, metrics),
    describe: () => ({
      auth_tokens_configured: config.tokens.length,
      authentication: config.tokens.length ? "bearer token or task-mcp-auth cookie" : "none",
      rate_limiting_enabled: policy !== undefined,
      rate_limit: policy
        ? { ...policy, distributed: rl.redisUrl !== undefined, on_redis_failure: rl.onRedisFailure }
        : null,
      cors_enabled: config.allowedOrigins.length > 0,
      allowed_origins: config.allowedOrigins,
      security_headers: config.securityHeaders,
      tls: config.tls !== undefined,
      trust_proxy: config.trustProxy,
      limits: {
        max_request_body_bytes: config.maxRequestBodyBytes,
        max_response_bytes: config.maxResponseBytes,
        request_timeout_ms: config.requestTimeoutMs,
        body_timeout_ms: config.bodyTimeoutMs,
        max_streams: config.maxStreams,
      },
    }),
    close: () => limiter?.close(),
  };
}

/** The in-memory limiter, or the Redis one in front of it. */
function createLimiter(policy: RateLimitPolicy, options: SecurityOptions): RateLimiter {
  const rl = options.config.rateLimit;
  const memory = createMemoryRateLimiter({ ...policy, maxClients: rl.maxClients });
  if (!rl.redisUrl) return memory;
  const log = options.logger.child("ratelimit");
  return createRedisRateLimiter({
    ...policy,
    redis: createRedisClient({
      url: rl.redisUrl,
      connect: options.connectTcp,
      timeoutMs: rl.redisTimeoutMs,
    }),
    fallback: memory,
    onFailure: rl.onRedisFailure,
    onStateChange(state, error) {
      if (state === "down") {
        log.error("redis unavailable: rate limits are no longer shared", {
          error: error?.message,
          fallback: rl.onRedisFailure === "open"
            ? "this instance's own limits"
            : "refusing requests",
        });
      } else log.warn("redis reachable again: rate limits are shared again");
    },
  });
}
