/**
 * The public shape of a session and of the options that create one.
 *
 * @module
 */

import type { LogLevel } from "./backend.ts";
import type { CallLimits } from "./call_limits.ts";
import type { JsonRpcNotification, JsonRpcResponse } from "./json_rpc.ts";
import type { ProtocolVersion } from "./protocol_version.ts";

/** Where internal errors go: details for the operator, never for the client. `console` fits. */
export interface McpLogger {
  error(message: string, ...details: unknown[]): void;
}

/** How a transport creates a session. */
export interface SessionOptions {
  /**
   * Delivers messages the server sends on its own: `notifications/resources/list_changed`,
   * `notifications/resources/updated`, log messages outside a request, and progress or logs of
   * requests handled without `notify`. Must not throw; a transport that has lost its peer drops.
   */
  send?(message: JsonRpcNotification): void;
  /** Who is calling, for the audit log: `stdio`, or a short hash of the HTTP token. */
  caller: string;
  /**
   * Start as if `initialize` had negotiated this revision. For stateless HTTP, where every POST
   * gets a fresh session and the revision comes from the `MCP-Protocol-Version` header (2025-03-26
   * when absent). An `initialize` on such a session is still answered.
   */
  protocolVersion?: ProtocolVersion;
  /**
   * Whether the transport can deliver unsolicited messages; default true. False for stateless
   * HTTP: no `subscribe`/`listChanged` capability is declared and no change listener is held.
   */
  push?: boolean;
  /**
   * The deadline of every request (`tools/call`, `resources/read`, `prompts/get`, …): one past it
   * is answered with a REQUEST_TIMEOUT error at once and its signal aborted; and the response
   * size of each tool call (see `tool_call.ts`). Default none.
   */
  limits?: CallLimits;
}

/** Per-message options of {@link McpSession.handle}. */
export interface HandleOptions {
  /**
   * Receives progress and log notifications of the request(s) in this message while they run,
   * instead of `send`. Streamable HTTP passes the POST's SSE stream here.
   */
  notify?(message: JsonRpcNotification): void;
}

/** One client's conversation with the server. */
export interface McpSession {
  /** The negotiated revision; `undefined` until `initialize` (or `protocolVersion`). */
  readonly protocolVersion: ProtocolVersion | undefined;
  /**
   * Handles one parsed JSON value: a message or a batch. Resolves to the response(s) to write,
   * or `undefined` when there is nothing to answer (notifications, client responses, cancelled
   * requests, a closed session). Never rejects.
   */
  handle(
    message: unknown,
    options?: HandleOptions,
  ): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined>;
  /** Sends a `notifications/message` through `send` if the client's level lets it pass. */
  log(level: LogLevel, data: unknown): void;
  /**
   * Ends every open `subscriptions/listen` gracefully: each is answered with its completion
   * result. For shutdown, and for stdio when stdin ends (an open listen would never finish).
   */
  endSubscriptions(): void;
  /** Aborts running requests (their responses are dropped) and stops all notifications. */
  close(): void;
}
