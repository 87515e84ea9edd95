/**
 * The MCP protocol layer: JSON-RPC 2.0 and MCP sessions over any transport.
 *
 * A transport creates one session per connection (`createMcpServer(backend).createSession`),
 * hands it every parsed JSON value it receives, and writes out what `handle` resolves to plus
 * whatever the session passes to `send`.
 *
 * @module
 */

export * from "./backend.ts";
export {
  createMcpServer,
  type McpServer,
  type McpServerOptions,
  type ModernCallOptions,
} from "./server.ts";
export type { HandleOptions, McpLogger, McpSession, SessionOptions } from "./session_types.ts";
export {
  type ClassifiedMessage,
  classifyMessage,
  failure,
  type JsonRpcFailure,
  type JsonRpcId,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
  type JsonRpcSuccess,
} from "./json_rpc.ts";
export { isModernRequest, META, metaOf } from "./modern_meta.ts";
export { readTraceContext, type TraceContext } from "./trace_context.ts";
export { ModernErrorCode, modernHttpStatus } from "./modern_errors.ts";
export {
  isModernProtocolVersion,
  isProtocolVersion,
  LATEST_PROTOCOL_VERSION,
  PROTOCOL_VERSIONS,
  type ProtocolVersion,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "./protocol_version.ts";
export { RECEIPT_META_KEY } from "./tool_result.ts";
export { jsonText, reuseJson, serializeMessage } from "./serialize.ts";
export { canonicalResourceUri } from "./subscriptions.ts";
