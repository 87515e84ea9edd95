/**
 * The entry point of the MCP layer: binds a backend to options and creates sessions.
 *
 * @module
 */

import type { LogLevel, McpBackend } from "./backend.ts";
import { ChangeHub } from "./change_hub.ts";
import { lazy } from "../zod/lazy.ts";
import { RequestStateCodec } from "./request_state.ts";
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
  /**
   * The key that seals the `requestState` of input requests (at least 32 bytes). Instances that
   * serve one client's retries must share it (`MCP_REQUEST_STATE_KEY`); default: 32 random bytes
   * drawn at start-up, which suits stdio and a single instance.
   */
  requestStateKey?: Uint8Array;
  /** The clock of request-state expiry; default `Date.now`. */
  now?: () => number;
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
 * import { createMcpServer } from "./server.ts";
 * declare const backend: import("./backend.ts").McpBackend;
 * const server = createMcpServer(backend, { logger: console });
 * const session = server.createSession({ caller: "stdio", send: (m) => console.error(m) });
 * const response = await session.handle({
 *   jsonrpc: "2.0",
 *   id: 1,
 *   method: "initialize",
 *   params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "c", version: "1" } },
 * });
 * ```
 */
export function createMcpServer(backend: McpBackend, options: McpServerOptions = {}): McpServer {
  const { logger } = options;
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? 100));
  const sessions = new Set<McpSession>();
  const hub = new ChangeHub(backend, (error) => {
    logger?.error("A change listener failed", error);
  });
  const stateCodec = lazy(() =>
    new RequestStateCodec(
      options.requestStateKey ?? crypto.getRandomValues(new Uint8Array(32)),
      { now: options.now },
    )
  );
  const deps = {
    backend,
    hub,
    pageSize,
    defaultLogLevel: options.defaultLogLevel ?? "info",
    logger,
    stateCodec,
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
