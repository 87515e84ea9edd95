/**
 * The HTTP application with the whole security stack, configured from environment variables
 * exactly as `serve` is, for in-process tests through `app.request()`.
 *
 * @module
 */
import { parseConfig } from "../cli.ts";
import { createLogger } from "../log.ts";
import type { HttpAppOptions } from "./app.ts";
import type { McpBackend } from "../mcp/mod.ts";
import { type TestApp, testApp } from "./_test_app.ts";
import { connectTcp } from "../runtime/tcp.ts";
import { createSecurity, type Security } from "../serve.ts";
import type { SecurityConfig } from "../config/security_config.ts";

/** A secured test application. */
export interface SecureTestApp extends TestApp {
  security: Security;
  config: SecurityConfig;
  /** Every log line, parsed. */
  logs: Record<string, unknown>[];
  /** A request from `client` (default 198.51.100.7), as the runtime would report it. */
  from(client: string, path: string, init?: RequestInit): Promise<Response>;
}

/** Builds the app from `env` (the variables of `serve`); `options` override the app's. */
export async function secureTestApp(
  env: Record<string, string>,
  options: Partial<HttpAppOptions> & { wrap?: (backend: McpBackend) => McpBackend } = {},
): Promise<SecureTestApp> {
  const { wrap, ...rest } = options;
  const config = parseConfig(["serve"], (name) => env[name]).http.security;
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger("debug", (line) => logs.push(JSON.parse(line)));
  const security = await createSecurity({ config, logger, connectTcp });
  let app: TestApp | undefined = undefined;
  app = testApp({
    wrap: (backend) => security.instrument(wrap ? wrap(backend) : backend),
    allowedOrigins: config.allowedOrigins,
    maxBodyBytes: config.maxRequestBodyBytes,
    bodyTimeoutMs: config.bodyTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    maxResponseBytes: config.maxResponseBytes,
    maxStreams: config.maxStreams,
    streamBufferBytes: config.streamBufferBytes,
    security: security.describe,
    outer: security.outer,
    middleware: security.middleware,
    routes: (hono) =>
      security.addRoutes(hono, {
        connections: () => app?.http.counts() ?? {},
        version: "0.0.0-test",
        runtime: "deno",
        startedAt: Date.now(),
      }),
    ...rest,
  });
  const from = async (client: string, path: string, init?: RequestInit) =>
    await app!.http.hono.request(path, init, { remoteAddress: client });
  return {
    ...app,
    security,
    config,
    logs,
    from,
    request: (path, init) => from("198.51.100.7", path, init),
    rpc: (message, headers = {}) =>
      from("198.51.100.7", "/mcp", {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
          ...headers,
        },
        body: JSON.stringify(message),
      }),
    async close() {
      await app!.close();
      security.close();
    },
  };
}
