/**
 * What a method handler receives besides its params: the negotiated revision, the backend, the
 * per-request call context and the few session controls that methods change.
 *
 * @module
 */

import type { CallContext, LogLevel, McpBackend } from "./backend.ts";
import type { CallLimits } from "./call_limits.ts";
import type { ProtocolVersion } from "./protocol_version.ts";

/** The parts of session state that requests may change. */
export interface SessionControl {
  subscribe(uri: string): void;
  unsubscribe(uri: string): void;
  setLogLevel(level: LogLevel): void;
}

/** Everything a handler may use. */
export interface MethodContext {
  /** The negotiated revision; our latest for a `ping` before `initialize`. */
  readonly version: ProtocolVersion;
  readonly backend: McpBackend;
  /** How many items a list page holds. */
  readonly pageSize: number;
  /** Signal, caller, progress and logging for this request, as tools see them. */
  readonly call: CallContext;
  /**
   * The transport's limits on a tool call: the response size (`MAX_RESPONSE_SIZE_KB`). The
   * deadline is the session's, on every request.
   */
  readonly limits: CallLimits | undefined;
  readonly session: SessionControl;
}

/**
 * Handles one request method. `params` is unvalidated; each handler parses it with its schema.
 * Throwing a `ProtocolError` answers with that JSON-RPC error; anything else becomes −32603.
 */
export type MethodHandler = (
  params: unknown,
  context: MethodContext,
) => Promise<Record<string, unknown>> | Record<string, unknown>;
