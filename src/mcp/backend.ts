/**
 * The contract between the MCP protocol layer and the application behind it.
 *
 * The protocol layer (`src/mcp/`) speaks JSON-RPC and MCP; everything it knows about
 * OpenSpec changes comes through this interface. Transports never see it directly.
 *
 * The types it is built from live in `../backend_types.ts`, below the application, and are
 * re-exported here.
 *
 * @module
 */
import type {
  CallContext,
  ChangeEvent,
  CompletionRef,
  CompletionResult,
  PromptInfo,
  PromptResult,
  ResolvedTool,
  ResourceContents,
  ResourceInfo,
  ResourceTemplateInfo,
  ToolCallOutcome,
  ToolInfo,
} from "../backend_types.ts";

export type {
  CallContext,
  ChangeEvent,
  CompletionRef,
  CompletionResult,
  ElicitAnswer,
  ElicitQuestion,
  LogLevel,
  ObjectJsonSchema,
  PromptInfo,
  PromptResult,
  Receipt,
  ResolvedTool,
  ResourceContents,
  ResourceInfo,
  ResourceLinkInfo,
  ResourceTemplateInfo,
  ToolAnnotations,
  ToolCallOutcome,
  ToolErrorInfo,
  ToolInfo,
} from "../backend_types.ts";
export { ErrorCode, ProtocolError } from "../backend_types.ts";

/** The application behind the MCP layer. */
export interface McpBackend {
  readonly serverInfo: { name: string; version: string; title?: string; description?: string };
  readonly instructions?: string;
  listTools(): ToolInfo[];
  /** The tool a name or alias names (`change.open` and `change_open` alike), if there is one. */
  findTool(name: string): ResolvedTool | undefined;
  /**
   * Runs a tool found by {@link findTool}. Input validation failures come back as
   * `{ ok: false }` with `INVALID_INPUT`.
   */
  callTool(tool: ResolvedTool, args: unknown, ctx: CallContext): Promise<ToolCallOutcome>;
  /** Every concrete resource; the protocol layer paginates. */
  listResources(): Promise<ResourceInfo[]>;
  listResourceTemplates(): ResourceTemplateInfo[];
  /** Throws {@link ProtocolError} with `ResourceNotFound` or `InvalidParams`. */
  readResource(uri: string): Promise<ResourceContents[]>;
  listPrompts(): PromptInfo[];
  /** Throws {@link ProtocolError} with `InvalidParams` for an unknown prompt or missing argument. */
  getPrompt(name: string, args: Record<string, string>): Promise<PromptResult>;
  complete(
    ref: CompletionRef,
    argument: { name: string; value: string },
    context: Record<string, string>,
  ): Promise<CompletionResult>;
  /** Calls `listener` after every change to the repository, by this or another process. */
  onChange(listener: (event: ChangeEvent) => void): () => void;
}
