/**
 * What a method handler receives besides its params: the revision, the backend, the per-request
 * call context, the few session controls that methods change and the question broker.
 *
 * @module
 */

import type { CallContext, LogLevel, McpBackend } from "./backend.ts";
import type { CallLimits } from "./call_limits.ts";
import type { InputBroker } from "./input_broker.ts";
import type { ProtocolVersion } from "./protocol_version.ts";

/** The parts of session state that requests may change. */
export interface SessionControl {
  subscribe(uri: string): void;
  unsubscribe(uri: string): void;
  setLogLevel(level: LogLevel): void;
}

/** Everything a handler may use. */
export interface MethodContext {
  /**
   * The negotiated revision (our latest for a `ping` before `initialize`), or the modern revision
   * a modern request names in its `_meta`.
   */
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
  /**
   * The question broker of a request that may ask the person behind the client something
   * (`tools/call`), bound to the request it serves. Absent: nothing can be asked.
   */
  readonly inputFor?: (
    method: string,
    name: string,
    args: unknown,
  ) => InputBroker | Promise<InputBroker>;
}

/**
 * Handles one request method. `params` is unvalidated; each handler parses it with its schema.
 * Throwing a `ProtocolError` answers with that JSON-RPC error; anything else becomes −32603.
 */
export type MethodHandler = (
  params: unknown,
  context: MethodContext,
) => Promise<Record<string, unknown>> | Record<string, unknown>;
