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
import type { ListeningServer } from "../runtime/serve.ts";
import { VERSION } from "../version.ts";
import { createHttpApp } from "./app.ts";
import { createFilesystemProbe } from "./filesystem_probe.ts";

/** How long shutdown waits for running calls before ending their streams. */
export const DRAIN_TIMEOUT_MS = 10_000;
/** How long shutdown then waits for the runtime's server to finish. */
const STOP_TIMEOUT_MS = 3_000;
/** The SDK's request-body limit; raised when documents may be larger. */
const MIN_BODY_BYTES = 4 * 1024 * 1024;

/** What `serve` needs. */
export interface RunHttpOptions {
  runtime: Runtime;
  app: App;
  fs: FileSystem;
  config: HttpConfig & { root: string; maxDocumentBytes: number };
  log: Logger;
}

/**
 * Serves until a shutdown signal; resolves with the exit code (0 after a clean shutdown, 1 when
 * the address cannot be bound).
 */
export async function runHttpServer(options: RunHttpOptions): Promise<number> {
  const { runtime, app, config, log } = options;
  const mcp = createMcpServer(app.backend, {
    logger: { error: (msg: string, error?: unknown) => log.error(msg, { error }) },
  });
  const http = createHttpApp({
    backend: app.backend,
    server: mcp,
    stateless: config.stateless,
    host: config.host,
    allowedHosts: config.allowedHosts,
    heartbeatMs: config.heartbeatMs,
    keepAliveMs: config.keepAliveMs,
    maxSessions: config.maxSessions,
    // JSON may escape a document to twice its size; leave room for the rest of the body.
    maxBodyBytes: Math.max(MIN_BODY_BYTES, 2 * config.maxDocumentBytes + 64 * 1024),
    probes: {
      version: VERSION,
      startedAt: Date.now(),
      filesystem: createFilesystemProbe(options.fs),
      toolNames: () => app.backend.listTools().map((tool) => tool.name),
      memory: runtime.memoryUsage,
    },
    logger: log,
  });
  const stop = new AbortController();
  let server: ListeningServer;
  try {
    server = await runtime.serve(http.fetch, {
      port: config.port,
      hostname: config.host,
      signal: stop.signal,
    });
  } catch (error) {
    log.error("cannot listen", { host: config.host, port: config.port, error });
    mcp.close();
    return 1;
  }
  const host = server.hostname.includes(":") ? `[${server.hostname}]` : server.hostname;
  log.info("listening", {
    url: `http://${host}:${server.port}`,
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
  log.info("stopped");
  return 0;
}
