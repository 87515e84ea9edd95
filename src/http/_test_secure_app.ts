/**
 * The HTTP application with the whole security stack, composed from environment variables by
 * `serve`'s own {@link composeHttp}, for in-process tests through `app.request()`.
 *
 * @module
 */
import { createApp } from "../app.ts";
import { httpConfig } from "../config/http_config.ts";
import type { SecurityConfig } from "../config/security_config.ts";
import { createMemoryFileSystem } from "../fs/memory.ts";
import { createLogger } from "../log.ts";
import type { McpBackend } from "../mcp/mod.ts";
import { detectRuntime } from "../runtime/mod.ts";
import { composeHttp, type Security } from "../serve.ts";
import { rpcOver, type TestApp } from "./_test_app.ts";

/** A secured test application. */
export interface SecureTestApp extends TestApp {
  security: Security;
  config: SecurityConfig;
  /** Every log line, parsed. */
  logs: Record<string, unknown>[];
  /** A request from `client` (default 198.51.100.7), as the runtime would report it. */
  from(client: string, path: string, init?: RequestInit): Promise<Response>;
}

/** What a test changes beyond the variables. */
export interface SecureTestAppOptions {
  /** Decorates the application's backend (before `serve` instruments it). */
  wrap?: (backend: McpBackend) => McpBackend;
  /** Replaces `ALLOWED_HOSTS`. */
  allowedHosts?: string[];
}

/** Builds the app from `env` (the variables of `serve`) over an in-memory repository. */
export async function secureTestApp(
  env: Record<string, string>,
  options: SecureTestAppOptions = {},
): Promise<SecureTestApp> {
  const config = httpConfig((name) => env[name], {});
  if (options.allowedHosts) config.allowedHosts = options.allowedHosts;
  const logs: Record<string, unknown>[] = [];
  const log = createLogger("debug", (line) => logs.push(JSON.parse(line)));
  const fs = createMemoryFileSystem();
  const app = createApp({ fs });
  const backend = options.wrap ? options.wrap(app.backend) : app.backend;
  const { http, mcp, security } = await composeHttp({
    runtime: await detectRuntime(),
    app: { ...app, backend },
    fs,
    config,
    log,
  });
  const from = async (client: string, path: string, init?: RequestInit) =>
    await http.hono.request(path, init, { remoteAddress: client });
  const request = (path: string, init?: RequestInit) => from("198.51.100.7", path, init);
  return {
    http,
    fs,
    security,
    config: config.security,
    logs,
    from,
    request,
    rpc: rpcOver(request),
    async close() {
      await http.shutdown(0);
      mcp.close();
      security.close();
      app.close();
    },
  };
}
