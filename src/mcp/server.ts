/**
 * The entry point of the MCP layer: binds a backend to options and creates sessions.
 *
 * @module
 */

import type { LogLevel, McpBackend } from "./backend.ts";
import { ChangeHub } from "./change_hub.ts";
import { Session } from "./session.ts";
import type { McpLogger, McpSession, SessionOptions } from "./session_types.ts";

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /**
   * Items per page of every list method; default 100. Large enough that today's lists fit in
   * one page, since some clients never follow `nextCursor`.
   */
  pageSize?: number;
  /** The level below which log messages are dropped until the client sends `logging/setLevel`. */
  defaultLogLevel?: LogLevel;
  /** Receives internal errors with their details; the client only sees "Internal error". */
  logger?: McpLogger;
}

/** Creates sessions that share one backend. */
export interface McpServer {
  /** A new session; one per stdio process, SSE connection or Streamable HTTP session/request. */
  createSession(options: SessionOptions): McpSession;
  /** Closes every open session and drops the backend change listener. */
  close(): void;
}

/**
 * Creates the server. Nothing happens until the first session exists: no listener, no schema.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { createMcpServer } from "./server.ts";
 * import { createApp } from "../app.ts";
 * import { createMemoryFileSystem } from "../fs/memory.ts";
 * const server = createMcpServer(createApp({ fs: createMemoryFileSystem() }).backend);
 * const session = server.createSession({ caller: "stdio", send: () => {} });
 * const response = await session.handle({
 *   jsonrpc: "2.0",
 *   id: 1,
 *   method: "initialize",
 *   params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "c", version: "1" } },
 * });
 * assertEquals(Array.isArray(response) ? "batch" : response?.id, 1);
 * server.close();
 * ```
 */
export function createMcpServer(backend: McpBackend, options: McpServerOptions = {}): McpServer {
  const { logger } = options;
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 100));
  const sessions = new Set<McpSession>();
  const hub = new ChangeHub(backend, (error) => {
    logger?.error("A change listener failed", error);
  });
  const deps = {
    backend,
    hub,
    pageSize,
    defaultLogLevel: options.defaultLogLevel ?? "info",
    logger,
    onClose: (session: McpSession) => sessions.delete(session),
  };
  return {
    createSession(sessionOptions) {
      const session = new Session(deps, sessionOptions);
      sessions.add(session);
      return session;
    },
    close() {
      for (const session of [...sessions]) session.close();
      hub.close();
    },
  };
}
