/**
 * The official MCP SDK client, connected to a task-mcp process over stdio.
 *
 * @module
 */
// The SDK's "./*" export maps types to "*.d.ts", which misses for "x.js" specifiers; these
// directives point the type checker at the right declarations.
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Target } from "./targets.ts";

/** A connected client and the way to stop it. */
export interface Connected {
  client: Client;
  stderr(): string;
  close(): Promise<void>;
}

/** Starts `task-mcp stdio --root <root>` and connects the SDK client to it. */
export async function connectStdio(
  target: Target,
  root: string,
  env: Record<string, string> = {},
): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: target.command,
    args: [...target.prefix, "stdio", "--root", root],
    env: { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "/tmp", ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Uint8Array) => stderr += new TextDecoder().decode(chunk));
  const client = new Client({ name: "task-mcp-e2e", version: "1.0.0" }, {
    capabilities: {},
  });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

/** The structured content of a successful tool call; throws with the text on `isError`. */
export async function call<T = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<T> {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) {
    const text = (result.content as { type: string; text?: string }[])
      .map((c) => c.text ?? "").join("\n");
    throw new Error(`${name} failed: ${text}`);
  }
  return result.structuredContent as T;
}
