/**
 * `task-mcp serve`: builds the HTTP application, listens, logs the bound address, and on
 * SIGTERM/SIGINT shuts down gracefully — stop accepting, let running calls finish (bounded),
 * end open streams with a final event, close every session — then resolves with exit code 0.
 *
 * @module
 */
import type { App } from "../app.ts";
import type { HttpConfig } from "../cli.ts";
import type { FileSystem } from "../fs/file_system.ts";
import type { Logger } from "../log.ts";
import { createMcpServer } from "../mcp/mod.ts";
import type { Runtime } from "../runtime/mod.ts";
import type { FetchHandler, ListeningServer } from "../runtime/serve.ts";
import { createSecurity } from "../security/create_security.ts";
import { VERSION } from "../version.ts";
import { createHttpApp } from "./app.ts";
import { createFilesystemProbe } from "./filesystem_probe.ts";
import { addUiRoutes } from "./ui_routes.ts";

/** How long shutdown waits for running calls before ending their streams. */
export const DRAIN_TIMEOUT_MS = 10_000;
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
  };
  log: Logger;
}

/**
 * Serves until a shutdown signal; resolves with the exit code (0 after a clean shutdown, 1 when
 * the address cannot be bound).
 */
export async function runHttpServer(options: RunHttpOptions): Promise<number> {
  const { runtime, app, config, log } = options;
  const limits = config.security;
  const security = await createSecurity({
    config: limits,
    logger: log,
    connectTcp: runtime.connectTcp,
  });
  const backend = security.instrument(app.backend);
  const mcp = createMcpServer(backend, {
    logger: { error: (msg: string, error?: unknown) => log.error(msg, { error }) },
  });
  const startedAt = Date.now();
  // The metrics routes report the app's counts, and are registered while the app is built.
  let counts: () => Record<string, number> = () => ({});
  const http = createHttpApp({
    backend,
    server: mcp,
    stateless: config.stateless,
    host: config.host,
    allowedHosts: config.allowedHosts,
    allowedOrigins: limits.allowedOrigins,
    heartbeatMs: config.heartbeatMs,
    keepAliveMs: config.keepAliveMs,
    maxSessions: config.maxSessions,
    maxBodyBytes: limits.maxRequestBodyBytes,
    bodyTimeoutMs: limits.bodyTimeoutMs,
    requestTimeoutMs: limits.requestTimeoutMs,
    maxResponseBytes: limits.maxResponseBytes,
    maxStreams: limits.maxStreams,
    streamBufferBytes: limits.streamBufferBytes,
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
    middleware: security.middleware,
    routes: (hono, streams) => {
      addUiRoutes(hono, {
        deps: app.deps,
        backend,
        streams,
        tls: config.tls !== undefined,
        keepAliveMs: config.keepAliveMs,
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
