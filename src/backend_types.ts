/**
 * The vocabulary between the application and the MCP layer: what a tool, resource or prompt is,
 * what a tool call may use and what it returns, a change event, a protocol fault. The application
 * (`tools/`, `resources/`, `prompts/`, `repository/`, `git/`) speaks it without depending on the
 * protocol; `mcp/backend.ts` builds its `McpBackend` interface from it.
 *
 * @module
 */

/** A JSON Schema whose root is an object, as MCP requires for tool schemas. */
export interface ObjectJsonSchema {
  type: "object";
  [key: string]: unknown;
}

/** Hints a client may show; they are never trusted for security decisions. */
export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** One tool as published by `tools/list`. */
export interface ToolInfo {
  name: string;
  title: string;
  description: string;
  inputSchema: ObjectJsonSchema;
  outputSchema?: ObjectJsonSchema;
  annotations?: ToolAnnotations;
  /** Extension metadata, e.g. MCP Apps' `ui.resourceUri` (published from 2025-06-18 on). */
  _meta?: Record<string, unknown>;
}

/**
 * A tool found by its name or alias: looked up once per call and passed along, to the
 * backend's `callTool` and to whatever renders the outcome.
 */
export interface ResolvedTool {
  /** The canonical name (`change_open`). */
  readonly name: string;
  /** The tool as `tools/list` publishes it; its JSON Schemas are derived on first use. */
  info(): ToolInfo;
}

/** Log levels of RFC 5424, as used by `logging/setLevel` and `notifications/message`. */
export type LogLevel =
  | "debug"
  | "info"
  | "notice"
  | "warning"
  | "error"
  | "critical"
  | "alert"
  | "emergency";

/** What a running tool call may use besides its input. */
export interface CallContext {
  /** Aborted when the client cancels the request or the transport goes away. */
  signal: AbortSignal;
  /** Who is calling, for the audit log: `stdio`, or a short hash of the HTTP token. */
  caller: string;
  /** The tool's name as the caller spelled it (`change.open`), for messages; else the canonical. */
  toolName?: string;
  /** Reports progress when the client asked for it; otherwise does nothing. */
  progress(progress: number, total?: number, message?: string): void;
  /** Sends a log notification to the client, subject to its `logging/setLevel`. */
  log(level: LogLevel, data: unknown): void;
  /**
   * Asks the person behind the client a question. Present only when the client can answer
   * (it declared `elicitation`); absent, a tool keeps its behaviour without the question. On
   * the modern path an unanswered question resolves `cancel` and the result the tool returns
   * is replaced by an `input_required` result, so a tool must change nothing after any answer
   * other than `accept`.
   */
  elicit?(question: ElicitQuestion): Promise<ElicitAnswer>;
  /** The W3C trace context the client sent in `_meta`, for logs. */
  trace?: { traceparent: string; traceId: string; tracestate?: string };
}

/** A form question for the person behind the client (`elicitation/create`, form mode). */
export interface ElicitQuestion {
  /** Identifies the question within one call, across retries; `[A-Za-z0-9_-]`. */
  key: string;
  message: string;
  /** A flat object schema of primitive properties, as elicitation allows. */
  requestedSchema: {
    type: "object";
    properties: Record<string, Record<string, unknown>>;
    required?: string[];
  };
}

/** The client's answer to an {@link ElicitQuestion}. */
export interface ElicitAnswer {
  action: "accept" | "decline" | "cancel";
  content?: Record<string, string | number | boolean | string[]>;
}

/** A link to a resource that a tool result points at. */
export interface ResourceLinkInfo {
  uri: string;
  name: string;
  mimeType?: string;
  description?: string;
}

/** The record of a mutation, also appended to the audit log. */
export interface Receipt {
  id: string;
  timestamp: string;
  operation: string;
  slug?: string;
  [key: string]: unknown;
}

/** A domain failure, rendered by each transport in its own way. */
export interface ToolErrorInfo {
  code: string;
  message: string;
  hint: string;
  details?: unknown;
}

/** The outcome of one tool call. Domain failures are values, not exceptions. */
export type ToolCallOutcome =
  | {
    ok: true;
    structured: Record<string, unknown>;
    text: string;
    links?: ResourceLinkInfo[];
    receipt?: Receipt;
  }
  | { ok: false; error: ToolErrorInfo };

/** One concrete resource as listed by `resources/list`. */
export interface ResourceInfo {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: number;
  _meta?: Record<string, unknown>;
}

/** One RFC 6570 resource template as listed by `resources/templates/list`. */
export interface ResourceTemplateInfo {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

/** The text of a resource as returned by `resources/read`. */
export interface ResourceContents {
  uri: string;
  mimeType: string;
  text: string;
  /** Extension metadata, e.g. MCP Apps' `ui` (CSP, border preference). */
  _meta?: Record<string, unknown>;
}

/** One prompt as listed by `prompts/list`. */
export interface PromptInfo {
  name: string;
  title?: string;
  description: string;
  arguments: { name: string; description: string; required: boolean }[];
}

/** A rendered prompt as returned by `prompts/get`. */
export interface PromptResult {
  description: string;
  messages: { role: "user" | "assistant"; content: { type: "text"; text: string } }[];
}

/** The reference of a `completion/complete` request. */
export type CompletionRef = { type: "ref/prompt"; name: string } | {
  type: "ref/resource";
  uri: string;
};

/** Values offered by `completion/complete`. */
export interface CompletionResult {
  values: string[];
  total?: number;
  hasMore?: boolean;
}

/**
 * Something in the repository changed. `uris` are the canonical URIs of the resources whose
 * content changed (without the `@task:` prefix and without query strings); `listChanged` says
 * whether the set of listed resources changed.
 */
export interface ChangeEvent {
  uris: string[];
  listChanged: boolean;
}

/** JSON-RPC error codes used by MCP. */
export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  ResourceNotFound: -32002,
} as const;

/** A protocol fault: becomes a JSON-RPC error response, never a tool result. */
export class ProtocolError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "ProtocolError";
  }
}
