/**
 * A task-mcp process driven with raw JSON-RPC lines, for what an SDK client hides: framing,
 * malformed input, stdout purity, exit behaviour.
 *
 * @module
 */
import { TextLineStream } from "@std/streams";
import { INITIALIZE } from "../../src/mcp/_test_mcp.ts";
import type { Target } from "./targets.ts";

/** A running `task-mcp stdio` with line-level access. */
export interface RawServer {
  process: Deno.ChildProcess;
  /** Writes text to stdin as is. */
  write(text: string): Promise<void>;
  /** Sends one JSON-RPC message as a line. */
  send(message: unknown): Promise<void>;
  /** The next line of stdout, parsed; rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Waits for the response with this id, skipping notifications; keeps the others. */
  response(id: number | string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Every stdout line seen so far, raw. */
  lines: string[];
  closeStdin(): Promise<void>;
  status(): Promise<Deno.CommandStatus>;
  stderr(): Promise<string>;
}

/** Starts `task-mcp stdio --root <root>` with piped stdio. */
export function spawnRaw(
  target: Target,
  root: string,
  env: Record<string, string> = {},
): RawServer {
  const process = new Deno.Command(target.command, {
    args: [...target.prefix, "stdio", "--root", root],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env,
  }).spawn();
  const writer = process.stdin.getWriter();
  const reader = process.stdout.pipeThrough(new TextDecoderStream())
    .pipeThrough(new TextLineStream()).getReader();
  const lines: string[] = [];
  const pending: Record<string, unknown>[] = [];
  const stderrText = new Response(process.stderr).text();
  const encoder = new TextEncoder();
  const next = async (timeoutMs = 10_000) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timed out waiting for a line")), timeoutMs);
    });
    try {
      const { value, done } = await Promise.race([reader.read(), timeout]);
      if (done) throw new Error("stdout ended");
      lines.push(value);
      return JSON.parse(value) as Record<string, unknown>;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    process,
    lines,
    write: (text) => writer.write(encoder.encode(text)),
    send: (message) => writer.write(encoder.encode(JSON.stringify(message) + "\n")),
    next,
    async response(id, timeoutMs) {
      const i = pending.findIndex((m) => m.id === id);
      if (i >= 0) return pending.splice(i, 1)[0]!;
      for (;;) {
        const message = await next(timeoutMs);
        if (message.id === id && !("method" in message)) return message;
        if ("id" in message && !("method" in message)) pending.push(message);
      }
    },
    closeStdin: () => writer.close(),
    status: () => process.status,
    stderr: () => stderrText,
  };
}

/** Initializes a raw server. */
export async function initialize(server: RawServer): Promise<void> {
  await server.send(INITIALIZE);
  await server.response(0);
  await server.send({ jsonrpc: "2.0", method: "notifications/initialized" });
}

/** What a `tools/call` answers, as the end-to-end tests read it. */
export interface ToolCallResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown> & { error?: { code: string } };
}

let toolCallId = 1_000_000;

/** Calls a tool and waits for its result (protocol errors throw). */
export async function callTool(
  server: RawServer,
  name: string,
  args: Record<string, unknown>,
  timeoutMs = 20_000,
): Promise<ToolCallResult> {
  const id = ++toolCallId;
  await server.send({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: { name, arguments: args },
  });
  const answer = await server.response(id, timeoutMs);
  if (!answer.result) throw new Error(`${name}: ${JSON.stringify(answer)}`);
  return answer.result as ToolCallResult;
}
