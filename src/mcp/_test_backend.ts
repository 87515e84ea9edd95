/**
 * An in-memory {@link McpBackend} for the MCP layer's tests, plus helpers to open a session.
 * It behaves like a tiny real application: tools change its resources and report the change.
 *
 * @module
 */

import {
  type CallContext,
  type ChangeEvent,
  type CompletionRef,
  ErrorCode,
  type McpBackend,
  type PromptInfo,
  ProtocolError,
  type ResolvedTool,
  type ResourceContents,
  type ToolCallOutcome,
  type ToolInfo,
} from "./backend.ts";
import { initializeParams } from "./_test_mcp.ts";
import type { JsonRpcId, JsonRpcNotification, JsonRpcResponse } from "./json_rpc.ts";
import { createMcpServer, type McpServerOptions } from "./server.ts";
import type { SessionOptions } from "./session_types.ts";

const objectSchema = { type: "object" as const, additionalProperties: false };

/** An in-memory application with changes as resources. */
export class MemoryBackend implements McpBackend {
  readonly serverInfo = {
    name: "task-mcp-test",
    version: "0.0.1",
    title: "Task MCP (test)",
    description: "In-memory backend",
  };
  readonly instructions = "Open a change with change_open.";
  readonly changes = new Map<string, string>();
  /** Every call, with its context so tests can use it after the call ended. */
  readonly calls: { name: string; args: unknown; ctx: CallContext }[] = [];
  readonly #listeners = new Set<(event: ChangeEvent) => void>();
  /** Resolves every running `wait` call. */
  release: () => void = () => {};

  constructor(changeCount = 3) {
    for (let i = 1; i <= changeCount; i++) this.changes.set(`change-${i}`, `# Change ${i}`);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  listTools(): ToolInfo[] {
    const tool = (name: string, extra: Partial<ToolInfo> = {}): ToolInfo => ({
      name,
      title: `Title of ${name}`,
      description: `Does ${name}`,
      inputSchema: { type: "object" },
      ...extra,
    });
    return [
      tool("change_open", {
        // Success or error shape, as the real tool registry publishes it.
        outputSchema: {
          type: "object",
          anyOf: [
            { properties: { slug: { type: "string" } }, required: ["slug"] },
            { properties: { error: { type: "object" } }, required: ["error"] },
          ],
        },
        annotations: { destructiveHint: false },
      }),
      tool("echo", { annotations: { readOnlyHint: true } }),
      // An output schema with no room for `{ error }`.
      tool("strict", {
        outputSchema: {
          type: "object",
          properties: { value: { type: "number" } },
          required: ["value"],
          additionalProperties: false,
        },
      }),
      tool("fail", { inputSchema: objectSchema }),
      tool("crash"),
      tool("protocol_fail"),
      tool("wait"),
      tool("progress"),
    ];
  }

  findTool(name: string): ResolvedTool | undefined {
    const canonical = name.replaceAll(".", "_");
    const info = this.listTools().find((tool) => tool.name === canonical);
    return info && { name: canonical, info: () => info };
  }

  async callTool(tool: ResolvedTool, args: unknown, ctx: CallContext): Promise<ToolCallOutcome> {
    const name = tool.name;
    this.calls.push({ name, args, ctx });
    const input = (args ?? {}) as Record<string, unknown>;
    switch (name) {
      case "change_open": {
        const slug = input.slug;
        if (typeof slug !== "string") return invalid("slug must be a string");
        if (this.changes.has(slug)) {
          return failed("CHANGE_EXISTS", `Change "${slug}" already exists`, { slug });
        }
        this.changes.set(slug, `# ${slug}`);
        this.emit({ uris: [`change://${slug}`], listChanged: true });
        const receipt = { id: "r-1", timestamp: "2025-01-01T00:00:00Z", operation: name, slug };
        return {
          ok: true,
          structured: { slug },
          text: `Opened change "${slug}"`,
          links: [{ uri: `change://${slug}`, name: slug, mimeType: "text/markdown" }],
          receipt,
        };
      }
      case "echo":
        return { ok: true, structured: { echoed: input }, text: JSON.stringify({ echoed: input }) };
      case "fail":
        return failed("NOPE", "It failed", { attempt: 1 });
      case "strict":
        return input.fail
          ? failed("STRICT", "Strictly failed")
          : { ok: true, structured: { value: 1 }, text: "1" };
      case "crash":
        throw new Error("secret internal detail at /home/user/repo");
      case "protocol_fail":
        throw new ProtocolError(ErrorCode.InvalidParams, "Bad thing", { field: "x" });
      case "wait":
        await new Promise<void>((resolve) => {
          ctx.signal.addEventListener("abort", () => resolve());
          const previous = this.release;
          this.release = () => {
            previous();
            resolve();
          };
        });
        return { ok: true, structured: { waited: true }, text: "done waiting" };
      case "progress":
        ctx.progress(1, 3, "one");
        ctx.progress(1, 3, "again"); // not increasing: must be dropped
        ctx.log("debug", "a debug line");
        ctx.log("warning", { step: 2 });
        ctx.progress(2, 3);
        await Promise.resolve();
        return { ok: true, structured: {}, text: "progressed" };
    }
    throw new Error(`unreachable tool ${name}`);
  }

  listResources() {
    return Promise.resolve(
      [...this.changes.keys()].map((slug) => ({
        uri: `change://${slug}`,
        name: slug,
        title: `Change ${slug}`,
        mimeType: "text/markdown",
      })),
    );
  }

  listResourceTemplates() {
    return [{ uriTemplate: "change://{slug}", name: "change", title: "A change" }];
  }

  readResource(uri: string): Promise<ResourceContents[]> {
    const slug = uri.replace(/^change:\/\//, "");
    const text = this.changes.get(slug);
    if (text === undefined) {
      return Promise.reject(
        new ProtocolError(ErrorCode.ResourceNotFound, `Resource not found: "${uri}"`, { uri }),
      );
    }
    return Promise.resolve([{ uri, mimeType: "text/markdown", text }]);
  }

  listPrompts(): PromptInfo[] {
    return [{
      name: "review",
      title: "Review a change",
      description: "Reviews a change",
      arguments: [{ name: "slug", description: "The change", required: true }],
    }];
  }

  getPrompt(name: string, args: Record<string, string>) {
    if (name !== "review" || args.slug === undefined) {
      return Promise.reject(new ProtocolError(ErrorCode.InvalidParams, "Missing argument: slug"));
    }
    return Promise.resolve({
      description: "Review",
      messages: [{ role: "user" as const, content: { type: "text" as const, text: args.slug } }],
    });
  }

  complete(ref: CompletionRef, argument: { name: string; value: string }) {
    const pool = ref.type === "ref/prompt"
      ? [...this.changes.keys()]
      : Array.from({ length: 150 }, (_, i) => `value-${i}`);
    return Promise.resolve({ values: pool.filter((v) => v.startsWith(argument.value)) });
  }

  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reports a change as the file watcher would. */
  emit(event: ChangeEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }
}

function failed(code: string, message: string, details?: unknown): ToolCallOutcome {
  return { ok: false, error: { code, message, hint: "Try something else", details } };
}

function invalid(message: string): ToolCallOutcome {
  return failed("INVALID_INPUT", message);
}

/** A JSON-RPC request object. */
export function request(id: JsonRpcId, method: string, params?: Record<string, unknown>) {
  return params === undefined
    ? { jsonrpc: "2.0", id, method }
    : { jsonrpc: "2.0", id, method, params };
}

/** A JSON-RPC notification object. */
export function note(method: string, params?: Record<string, unknown>) {
  return params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params };
}

/** Options of {@link openSession}. */
export interface OpenOptions extends McpServerOptions {
  backend?: MemoryBackend;
  /** Skip `initialize`/`notifications/initialized`. */
  raw?: boolean;
  session?: Partial<SessionOptions>;
}

/** A server on a {@link MemoryBackend} with one session, initialised at `version`. */
export async function openSession(version = "2025-11-25", options: OpenOptions = {}) {
  const backend = options.backend ?? new MemoryBackend();
  const errors: unknown[][] = [];
  const server = createMcpServer(backend, {
    logger: { error: (...args: unknown[]) => errors.push(args) },
    ...options,
  });
  const sent: JsonRpcNotification[] = [];
  const session = server.createSession({
    caller: "test",
    send: (message) => sent.push(message),
    ...options.session,
  });
  let nextId = 100;
  /** Sends one request and returns its single response. */
  const call = async (method: string, params?: Record<string, unknown>) => {
    const response = await session.handle(request(nextId++, method, params));
    if (response === undefined || Array.isArray(response)) {
      throw new Error(`Expected one response, got ${JSON.stringify(response)}`);
    }
    return response;
  };
  let init: JsonRpcResponse | undefined;
  if (!options.raw) {
    init = await call("initialize", initializeParams(version));
    await session.handle(note("notifications/initialized"));
  }
  return { backend, server, session, sent, errors, call, init };
}

/** The result of a successful response; throws for an error response. */
export function resultOf(response: JsonRpcResponse): Record<string, unknown> {
  if ("error" in response) throw new Error(`Error response: ${JSON.stringify(response.error)}`);
  return response.result;
}

/** The error of an error response; throws for a success. */
export function errorOf(response: unknown): { code: number; message: string; data?: unknown } {
  const value = response as { error?: { code: number; message: string; data?: unknown } };
  if (!value?.error) throw new Error(`Expected an error, got ${JSON.stringify(response)}`);
  return value.error;
}
