/**
 * The HTTP application over the real tools and an in-memory repository, for in-process tests
 * through `app.request()`.
 *
 * @module
 */
import { createApp } from "../app.ts";
import type { FileSystem } from "../fs/file_system.ts";
import { createMemoryFileSystem } from "../fs/memory.ts";
import { DEFAULT_LIMITS, type Limits } from "../limits.ts";
import { createMcpServer, type McpBackend } from "../mcp/mod.ts";
import { MCP_HEADERS } from "../mcp/_test_mcp.ts";
import { createHttpApp, type HttpApp, type HttpAppOptions } from "./app.ts";
import { createFilesystemProbe } from "./filesystem_probe.ts";

/** A test application and its parts. */
export interface TestApp {
  http: HttpApp;
  /** The in-memory repository. */
  fs: FileSystem;
  request(path: string, init?: RequestInit): Promise<Response>;
  /** A JSON-RPC POST to `/mcp`. */
  rpc(message: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Ends everything the app holds. */
  close(): Promise<void>;
}

/** {@link TestApp.rpc} through `request`: a JSON-RPC POST to `/mcp` with an MCP client's headers. */
export function rpcOver(request: TestApp["request"]): TestApp["rpc"] {
  return (message, headers = {}) =>
    request("/mcp", {
      method: "POST",
      headers: { ...MCP_HEADERS, ...headers },
      body: JSON.stringify(message),
    });
}

/** The limits of a test app: small bodies and sessions, no deadline, no size or stream cap. */
export const TEST_LIMITS: Readonly<Limits> = {
  ...DEFAULT_LIMITS,
  requestTimeoutMs: Infinity,
  maxResponseBytes: Infinity,
  maxBodyBytes: 64 * 1024,
  bodyTimeoutMs: Infinity,
  maxStreams: Infinity,
  maxSessions: 100,
};

/**
 * Builds the app; `options` override the test defaults (`limits` those of {@link TEST_LIMITS}),
 * and `wrap` decorates the backend (as `serve` does to count tool calls).
 */
export function testApp(
  options: Partial<Omit<HttpAppOptions, "limits">> & {
    limits?: Partial<Limits>;
    wrap?: (backend: McpBackend) => McpBackend;
  } = {},
): TestApp {
  const fs = createMemoryFileSystem();
  const app = createApp({ fs });
  const { wrap, limits, ...rest } = options;
  const backend = (wrap ?? ((b: McpBackend) => b))(options.backend ?? app.backend);
  const server = options.server ?? createMcpServer(backend);
  const http = createHttpApp({
    stateless: false,
    host: "127.0.0.1",
    allowedHosts: [],
    limits: { ...TEST_LIMITS, ...limits },
    probes: {
      version: "0.0.0-test",
      startedAt: Date.now(),
      filesystem: createFilesystemProbe(fs),
      // As `serve` does for the app's own backend: the names, without building the tools.
      toolNames: options.backend ? () => backend.listTools().map((t) => t.name) : app.toolNames,
    },
    ...rest,
    backend,
    server,
  });
  const request = async (path: string, init?: RequestInit) => await http.hono.request(path, init);
  return {
    http,
    fs,
    request,
    rpc: rpcOver(request),
    async close() {
      await http.shutdown(0);
      server.close();
    },
  };
}
