/**
 * The limits the HTTP server puts on requests, streams and sessions, in one object: parsed from
 * the environment once (`config/limits_config.ts`) and handed down to the HTTP app, its routes
 * and the transports. A leaf, so that every layer that enforces a limit can name the type.
 *
 * @module
 */

/** The server's limits; `Infinity` means none. */
export interface Limits {
  /** Deadline of each request (`REQUEST_TIMEOUT_MS`): then REQUEST_TIMEOUT. */
  requestTimeoutMs: number;
  /** Largest answer, in bytes of JSON (`MAX_RESPONSE_SIZE_KB`): then RESPONSE_TOO_LARGE. */
  maxResponseBytes: number;
  /** Largest request body, in bytes (`MAX_REQUEST_BODY_KB`): then 413. */
  maxBodyBytes: number;
  /** How long a request body may take to arrive (`BODY_TIMEOUT_MS`): then 408. */
  bodyTimeoutMs: number;
  /** Event streams open at once (`MAX_STREAMS`): then 503. */
  maxStreams: number;
  /** Unread bytes after which a stream's client counts as gone (`MAX_STREAM_BUFFER_KB`). */
  streamBufferBytes: number;
  /** MCP sessions alive at once (`MAX_SESSIONS`): then 503. */
  maxSessions: number;
  /** Idle time after which a Streamable HTTP session is closed. */
  sessionIdleMs: number;
  /** Interval of `event: heartbeat` on envelope SSE streams (`HEARTBEAT_INTERVAL_MS`). */
  heartbeatMs: number;
  /** Interval of keep-alive comments on MCP event streams (`KEEPALIVE_INTERVAL_MS`). */
  keepAliveMs: number;
}

/**
 * The defaults of the variables, as `--help` and the README list them.
 *
 * @example
 * ```ts
 * import { DEFAULT_LIMITS, type Limits } from "./limits.ts";
 * const limits: Limits = { ...DEFAULT_LIMITS, requestTimeoutMs: 5_000 };
 * limits.maxBodyBytes; // 1048576
 * ```
 */
export const DEFAULT_LIMITS: Readonly<Limits> = {
  requestTimeoutMs: 30_000,
  maxResponseBytes: 1024 * 1024,
  maxBodyBytes: 1024 * 1024,
  bodyTimeoutMs: 10_000,
  maxStreams: 1000,
  streamBufferBytes: 8192 * 1024,
  maxSessions: 1000,
  sessionIdleMs: 3_600_000,
  heartbeatMs: 25_000,
  keepAliveMs: 15_000,
};
