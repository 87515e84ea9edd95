/**
 * The entry point of the MCP layer: binds a backend to options and creates sessions.
 *
 * @module
 */

import type { LogLevel, McpBackend } from "./backend.ts";
import { ChangeHub } from "./change_hub.ts";
import { lazy } from "../zod/lazy.ts";
import { RequestStateCodec } from "./request_state.ts";
import type { CallLimits } from "./call_limits.ts";
import type { JsonRpcNotification, JsonRpcRequest, JsonRpcResponse } from "./json_rpc.ts";
import { serveModernRequest } from "./modern_request.ts";
import { Session } from "./session.ts";
import { loadZod, zodLoaded } from "../zod/zod.ts";
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
  /**
   * Serves one request of the 2026-07-28 era without any session (Streamable HTTP, where the
   * transport has already decided the request is modern): a request without the modern `_meta`
   * is refused with −32602. Resolves to the response, or `undefined` once `options.signal` has
   * cancelled it. Never rejects.
   */
  handleModern(
    request: JsonRpcRequest,
    options: ModernCallOptions,
  ): Promise<JsonRpcResponse | undefined>;
  /**
   * Ends every open `subscriptions/listen` gracefully, of sessions and of {@link handleModern}
   * alike: each is answered with its completion result (shutdown).
   */
  endSubscriptions(): void;
  /** Closes every open session and drops the backend change listener. */
  close(): void;
}

/** What a request served by {@link McpServer.handleModern} brings besides its message. */
export interface ModernCallOptions {
  /** Who is calling (a short hash of the HTTP token); binds `requestState`. */
  caller: string;
  limits?: CallLimits;
  /** The request's stream: its progress, logs and, for a listen, its notifications. */
  notify(message: JsonRpcNotification): void;
  /** Aborted when the client goes away (closing the response stream cancels, per revision). */
  signal: AbortSignal;
  /** The controller of `signal`, if the caller hands it over (see `ModernRequestOptions`). */
  controller?: AbortController;
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
  /** The graceful end of each open listen served without a session. */
  const listens = new Set<() => void>();
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
    async handleModern(request, call) {
      if (!zodLoaded()) await loadZod();
      return serveModernRequest(deps, request, {
        ...call,
        onListenEnd: (end) => {
          listens.add(end);
          return () => listens.delete(end);
        },
      });
    },
    endSubscriptions() {
      for (const end of [...listens]) end();
      for (const session of sessions) session.endSubscriptions();
    },
    close() {
      listens.clear();
      for (const session of [...sessions]) session.close();
      hub.close();
    },
  };
}
