/**
 * Running one envelope's tool call — through the runner MCP's `tools/call` uses, with its
 * deadline, cancellation and response cap — and shaping its outcome as the API reference's
 * result data.
 *
 * @module
 */
import type {
  McpBackend,
  Receipt,
  ResourceLinkInfo,
  ToolCallOutcome,
  ToolErrorInfo,
} from "../mcp/backend.ts";
import type { CallLimits } from "../mcp/call_limits.ts";
import { runToolCall } from "../mcp/tool_call.ts";
import { renderedOnce, textBlock } from "../mcp/tool_result.ts";
import { API_VERSION, type EnvelopeRequest } from "./envelope.ts";
import { safeStringify } from "./safe_json.ts";

/** The `result` of a successful call: the reference's content blocks plus the structured data. */
export interface EnvelopeToolResult {
  content: Record<string, unknown>[];
  structuredContent: Record<string, unknown>;
}

/** The data of an SSE `result` event and of a plain JSON success. */
export interface EnvelopeSuccess {
  apiVersion: string;
  tool: string;
  startedAt: string;
  result: EnvelopeToolResult;
  duration: number;
  receipt?: Receipt;
}

/** What a call produced. */
export type EnvelopeOutcome =
  | { ok: true; data: EnvelopeSuccess }
  | { ok: false; error: ToolErrorInfo; startedAt: string; duration: number };

/** Options of {@link runEnvelopeCall}. */
export interface EnvelopeCallOptions {
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Who is calling, for the audit log. */
  caller: string;
  /** The deadline (REQUEST_TIMEOUT) and the largest result (RESPONSE_TOO_LARGE). */
  limits?: CallLimits;
  now?: () => number;
  /** Gets what the backend threw; the client only sees INTERNAL_ERROR. */
  onInternalError?(error: unknown): void;
}

/**
 * Calls the tool and shapes the outcome. Never rejects.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { runEnvelopeCall } from "./envelope_call.ts";
 * import { createApp } from "../app.ts";
 * import { createMemoryFileSystem } from "../fs/memory.ts";
 * const { backend } = createApp({ fs: createMemoryFileSystem() });
 * const outcome = await runEnvelopeCall(backend, {
 *   tool: "changes.active",
 *   canonical: backend.findTool("changes.active")!,
 *   input: {},
 *   apiVersion: "1.0.0",
 * }, { signal: new AbortController().signal, caller: "http" });
 * assert(outcome.ok);
 * ```
 */
export async function runEnvelopeCall(
  backend: McpBackend,
  request: EnvelopeRequest,
  options: EnvelopeCallOptions,
): Promise<EnvelopeOutcome> {
  const now = options.now ?? Date.now;
  const started = now();
  const startedAt = new Date(started).toISOString();
  const shape = (outcome: ToolCallOutcome): EnvelopeOutcome => {
    const duration = now() - started;
    if (!outcome.ok) return { ok: false, error: outcome.error, startedAt, duration };
    const data: EnvelopeSuccess = {
      apiVersion: API_VERSION,
      tool: request.tool,
      startedAt,
      // The receipt travels beside the result, not in it: only links make a result per call.
      result: envelopeResult(outcome, "", !outcome.links?.length),
      duration,
    };
    if (outcome.receipt) data.receipt = outcome.receipt;
    return { ok: true, data };
  };
  try {
    const answer = await runToolCall(backend, {
      tool: request.canonical,
      args: request.input,
      ctx: {
        signal: options.signal,
        caller: options.caller,
        toolName: request.tool,
        // The envelope API has no channel for progress or log notifications.
        progress() {},
        log() {},
      },
      limits: options.limits,
      render: shape,
      // Successes are capped; an error is small, whatever its details echo.
      measure: (outcome) => outcome.ok ? safeStringify(outcome.data) : undefined,
    });
    if (answer.ok) return answer.value;
    return { ok: false, error: answer.error, startedAt, duration: now() - started };
  } catch (error) {
    options.onInternalError?.(error);
    const internal = {
      code: "INTERNAL_ERROR",
      message: "Internal error while running the tool",
      hint: "Check the server logs",
    };
    return { ok: false, error: internal, startedAt, duration: now() - started };
  }
}

/** The reference's result: the text, the links as `resource` blocks, the structured data. */
const envelopeResult = renderedOnce((outcome, _variant: ""): EnvelopeToolResult => ({
  content: [textBlock(outcome.text), ...(outcome.links ?? []).map(resource)],
  structuredContent: outcome.structured,
}));

/** A link as the reference's `{ type: "resource", uri, mimeType, name }` block. */
function resource(link: ResourceLinkInfo): Record<string, unknown> {
  const block: Record<string, unknown> = { type: "resource", uri: link.uri, name: link.name };
  if (link.mimeType !== undefined) block.mimeType = link.mimeType;
  return block;
}
