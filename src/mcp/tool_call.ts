/**
 * One tool call under its limits, for MCP's `tools/call` and the envelope API alike.
 *
 * - Cancellation: the caller's signal (a client's `notifications/cancelled`, a closed session,
 *   a client gone away) reaches the tool through the call's own signal.
 * - Deadline: when it passes, the call's signal is aborted — a mutation still waiting for its
 *   turn never starts — and REQUEST_TIMEOUT is answered at once. A mutation already running is
 *   all-or-nothing and finishes; its receipt still reaches the audit log.
 * - Response cap: an answer whose JSON exceeds the limit becomes RESPONSE_TOO_LARGE.
 *
 * What a caller sends for an outcome (MCP content blocks, the envelope's result) is its own
 * `render`; the cap measures what it rendered.
 *
 * @module
 */
import type { CallContext, McpBackend, ResolvedTool, ToolCallOutcome } from "./backend.ts";
import {
  byteSize,
  type CallLimits,
  type LimitError,
  responseTooLarge,
  startDeadline,
} from "./call_limits.ts";
import { jsonText } from "./serialize.ts";

/** What one call needs besides the backend. */
export interface ToolCall<R> {
  tool: ResolvedTool;
  args: unknown;
  /** The caller's context; its signal is the caller's cancellation. */
  ctx: CallContext;
  limits?: CallLimits;
  /** What is sent for an outcome. */
  render(outcome: ToolCallOutcome): R;
  /**
   * The JSON text the cap measures for a rendered answer, or `undefined` to send it uncapped;
   * default the answer's own JSON (none when it has no JSON form).
   */
  measure?(rendered: R): string | undefined;
}

/** The rendered answer, or the limit that stopped the call. */
export type ToolCallResult<R> = { ok: true; value: R } | { ok: false; error: LimitError };

/**
 * Runs `call.tool` through `backend` under `call.limits`. Rejects only when the backend throws
 * before the deadline.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * import { runToolCall } from "./tool_call.ts";
 * import { createApp } from "../app.ts";
 * import { createMemoryFileSystem } from "../fs/memory.ts";
 * const { backend } = createApp({ fs: createMemoryFileSystem() });
 * const tool = backend.findTool("changes.active")!;
 * const answer = await runToolCall(backend, {
 *   tool,
 *   args: {},
 *   ctx: { signal: new AbortController().signal, caller: "doc", progress() {}, log() {} },
 *   limits: { timeoutMs: 30_000, maxBytes: 1024 * 1024 },
 *   render: (outcome) => outcome,
 * });
 * assert(answer.ok); // else answer.error.code is "REQUEST_TIMEOUT" or "RESPONSE_TOO_LARGE"
 * ```
 */
export async function runToolCall<R>(
  backend: McpBackend,
  call: ToolCall<R>,
): Promise<ToolCallResult<R>> {
  const maxBytes = call.limits?.maxBytes ?? Infinity;
  const timeoutMs = call.limits?.timeoutMs;
  const run = (signal: AbortSignal) =>
    backend.callTool(call.tool, call.args, { ...call.ctx, signal })
      .then((outcome): ToolCallResult<R> => {
        const value = call.render(outcome);
        if (!Number.isFinite(maxBytes)) return { ok: true, value };
        const text = call.measure ? call.measure(value) : jsonOf(value);
        // Cheap for a cached result: its JSON text is reused (see reuseJson), not written again.
        const size = text === undefined ? 0 : byteSize(text, maxBytes);
        return size <= maxBytes
          ? { ok: true, value }
          : { ok: false, error: responseTooLarge(size, maxBytes) };
      });
  // No deadline of its own (an MCP request's is the request's): the caller's signal is the call's.
  if (timeoutMs === undefined || !Number.isFinite(timeoutMs)) return await run(call.ctx.signal);
  const caller = call.ctx.signal;
  const aborter = new AbortController();
  const stop = () => aborter.abort(caller.reason);
  if (caller.aborted) stop();
  else caller.addEventListener("abort", stop, { once: true });
  const deadline = startDeadline(timeoutMs, aborter);
  const expired = deadline.expired.then((error): ToolCallResult<R> => ({ ok: false, error }));
  try {
    return await Promise.race([run(aborter.signal), expired]);
  } finally {
    deadline.clear();
    caller.removeEventListener("abort", stop);
  }
}

/** The JSON text of `value`; none when JSON cannot write it (the transport answers that). */
function jsonOf(value: unknown): string | undefined {
  try {
    return jsonText(value);
  } catch {
    return undefined;
  }
}
