/**
 * A Messages API tool-use loop over task-mcp: the model's `tool_use` blocks become task-mcp
 * envelope calls (through {@link createTaskMcpClient}), their outcomes go back as `tool_result`
 * blocks, until the model ends its turn.
 *
 * The tools offered to the model are task-mcp's own, fetched with MCP Streamable HTTP
 * `tools/list` ({@link listTaskMcpTools}), so names and input schemas never drift.
 *
 * ```ts
 * import { createTaskMcpClient } from "./envelope_client.ts";
 * import { listTaskMcpTools, runToolLoop } from "./messages_tool_loop.ts";
 *
 * const baseUrl = "http://127.0.0.1:8443";
 * const { text, transcript } = await runToolLoop("Open a change for adding a login page", {
 *   messagesUrl: "https://api.anthropic.com",
 *   apiKey: process.env.ANTHROPIC_API_KEY!,
 *   model: "claude-sonnet-4-5",
 *   tools: await listTaskMcpTools(baseUrl),
 *   taskMcp: createTaskMcpClient({ baseUrl, transport: "ndjson" }),
 * });
 * ```
 *
 * Dependency-free (`fetch` only): runs in Bun, Deno and Node 20+.
 *
 * @module
 */
import { parseSse, type TaskMcpClient, TaskMcpError } from "./envelope_client.ts";

/** A tool as the Messages API takes it. */
export interface MessagesTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

/** Content blocks of the Messages API this loop reads or writes. */
export type MessageBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> }
  | { type: "tool_result"; tool_use_id: string; content: string; is_error?: boolean }
  | { type: string; [key: string]: unknown };

/** One message of the conversation. */
export interface Message {
  role: "user" | "assistant";
  content: string | MessageBlock[];
}

/** A Messages API response (`type: "message"`). */
export interface MessagesResponse {
  id: string;
  type: "message";
  role: "assistant";
  model?: string;
  content: MessageBlock[];
  stop_reason: "end_turn" | "tool_use" | "max_tokens" | "stop_sequence" | "pause_turn" | string;
  stop_sequence?: string | null;
  usage: { input_tokens: number; output_tokens: number; [key: string]: unknown };
}

/** Options of {@link runToolLoop}. */
export interface ToolLoopOptions {
  /** The API's origin, e.g. `https://api.anthropic.com`; `/v1/messages` is appended. */
  messagesUrl: string;
  apiKey: string;
  model: string;
  /** Default 1024. */
  maxTokens?: number;
  system?: string;
  /** The tools to offer: usually {@link listTaskMcpTools}'s answer. */
  tools: MessagesTool[];
  /** Runs the tool calls. */
  taskMcp: TaskMcpClient;
  /** Model round trips before giving up (default 10). */
  maxTurns?: number;
  fetch?: typeof fetch;
}

/** What {@link runToolLoop} returns. */
export interface ToolLoopResult {
  /** The text blocks of the last response, joined. */
  text: string;
  /** Every message sent and received, in order, starting with the prompt. */
  transcript: Message[];
  /** The raw responses, in order. */
  responses: MessagesResponse[];
  stopReason: string;
}

/** A Messages API failure (non-2xx). */
export class MessagesApiError extends Error {
  readonly status: number;
  readonly type: string;
  constructor(status: number, type: string, message: string) {
    super(message);
    this.name = "MessagesApiError";
    this.status = status;
    this.type = type;
  }
}

/**
 * task-mcp's tools from MCP Streamable HTTP (`initialize`, `notifications/initialized`,
 * `tools/list`, `DELETE`), shaped as Messages API tools.
 */
export async function listTaskMcpTools(
  baseUrl: string,
  options: { token?: string; fetch?: typeof fetch } = {},
): Promise<MessagesTool[]> {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const url = `${baseUrl.replace(/\/+$/, "")}/mcp`;
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Accept: "application/json, text/event-stream",
  };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;

  const rpc = async (body: Record<string, unknown>): Promise<Response> => {
    const response = await doFetch(url, { method: "POST", headers, body: JSON.stringify(body) });
    if (!response.ok) {
      throw new Error(
        `MCP ${String(body.method)}: HTTP ${response.status} ${await response.text()}`,
      );
    }
    return response;
  };
  const answer = async (response: Response, id: number): Promise<Record<string, unknown>> => {
    let message: { id?: unknown; result?: Record<string, unknown>; error?: unknown } | undefined;
    if ((response.headers.get("Content-Type") ?? "").includes("text/event-stream")) {
      for await (const event of parseSse(response.body!)) {
        const parsed = JSON.parse(event.data);
        if (parsed.id === id) {
          message = parsed;
          break;
        }
      }
    } else {
      message = await response.json();
    }
    if (!message?.result) throw new Error(`MCP error: ${JSON.stringify(message?.error)}`);
    return message.result;
  };

  const init = await rpc({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "task-mcp-messages-example", version: "1.0.0" },
    },
  });
  const session = init.headers.get("Mcp-Session-Id");
  const negotiated = (await answer(init, 1)).protocolVersion as string;
  if (session) headers["Mcp-Session-Id"] = session;
  headers["MCP-Protocol-Version"] = negotiated;
  try {
    await (await rpc({ jsonrpc: "2.0", method: "notifications/initialized" })).body?.cancel();
    const tools: MessagesTool[] = [];
    let cursor: string | undefined;
    for (let id = 2;; id++) {
      const page = await answer(
        await rpc({
          jsonrpc: "2.0",
          id,
          method: "tools/list",
          ...(cursor ? { params: { cursor } } : {}),
        }),
        id,
      );
      for (
        const tool of page.tools as { name: string; description?: string; inputSchema: object }[]
      ) {
        const { $schema: _ignored, ...schema } = tool.inputSchema as Record<string, unknown>;
        tools.push({ name: tool.name, description: tool.description, input_schema: schema });
      }
      cursor = page.nextCursor as string | undefined;
      if (!cursor) return tools;
    }
  } finally {
    if (session) {
      await doFetch(url, { method: "DELETE", headers }).then((r) => r.body?.cancel(), () => {});
    }
  }
}

/** Runs the loop for one user prompt; see the module documentation. */
export async function runToolLoop(
  prompt: string,
  options: ToolLoopOptions,
): Promise<ToolLoopResult> {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const transcript: Message[] = [{ role: "user", content: prompt }];
  const responses: MessagesResponse[] = [];
  const maxTurns = options.maxTurns ?? 10;

  for (let turn = 0; turn < maxTurns; turn++) {
    const response = await doFetch(`${options.messagesUrl.replace(/\/+$/, "")}/v1/messages`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "x-api-key": options.apiKey,
        "anthropic-version": "2023-06-01",
      },
      body: JSON.stringify({
        model: options.model,
        max_tokens: options.maxTokens ?? 1024,
        ...(options.system ? { system: options.system } : {}),
        tools: options.tools,
        messages: transcript,
      }),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => undefined) as
        | { error?: { type?: string; message?: string } }
        | undefined;
      throw new MessagesApiError(
        response.status,
        body?.error?.type ?? "api_error",
        body?.error?.message ?? `HTTP ${response.status}`,
      );
    }
    const message = await response.json() as MessagesResponse;
    responses.push(message);
    transcript.push({ role: "assistant", content: message.content });

    if (message.stop_reason !== "tool_use") {
      const text = message.content
        .filter((b): b is { type: "text"; text: string } => b.type === "text")
        .map((b) => b.text)
        .join("");
      return { text, transcript, responses, stopReason: message.stop_reason };
    }

    // Every tool_use block gets exactly one tool_result, in order, in the next user message.
    const results: MessageBlock[] = [];
    for (const block of message.content) {
      if (block.type !== "tool_use") continue;
      const use = block as { id: string; name: string; input: Record<string, unknown> };
      results.push(await runTool(options.taskMcp, use));
    }
    transcript.push({ role: "user", content: results });
  }
  throw new Error(`The model still wanted tools after ${maxTurns} turns`);
}

/** One tool_use block → one tool_result block. */
async function runTool(
  client: TaskMcpClient,
  use: { id: string; name: string; input: Record<string, unknown> },
): Promise<MessageBlock> {
  try {
    const result = await client.call(use.name, use.input ?? {});
    return {
      type: "tool_result",
      tool_use_id: use.id,
      content: JSON.stringify(result.structuredContent),
    };
  } catch (error) {
    const text = error instanceof TaskMcpError
      ? `${error.code}: ${error.message}${error.hint ? ` (hint: ${error.hint})` : ""}`
      : `Error: ${error instanceof Error ? error.message : String(error)}`;
    return { type: "tool_result", tool_use_id: use.id, content: text, is_error: true };
  }
}
