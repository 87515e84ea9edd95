/**
 * Counts tool calls by tool and outcome, and the audit events (receipts) mutations produce, by
 * wrapping the backend that every transport reaches.
 *
 * @module
 */
import type { CallContext, ResolvedTool, ToolCallOutcome } from "../backend_types.ts";
import type { SecurityMetrics } from "./security_metrics.ts";

/** What {@link instrumentBackend} wraps: the MCP layer's `McpBackend` is one. */
export interface Instrumentable {
  readonly serverInfo: unknown;
  readonly instructions?: string;
  callTool(tool: ResolvedTool, args: unknown, ctx: CallContext): Promise<ToolCallOutcome>;
}

/**
 * The backend with counting `callTool`. The tool label is the canonical name of a tool the
 * backend found, so client input never becomes a label.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { instrumentBackend } from "./instrument_backend.ts";
 * import { createSecurityMetrics } from "./security_metrics.ts";
 * import { createApp } from "../app.ts";
 * import { createMemoryFileSystem } from "../fs/memory.ts";
 * const { backend } = createApp({ fs: createMemoryFileSystem() });
 * const counted = instrumentBackend(backend, createSecurityMetrics());
 * assertEquals(counted.serverInfo, backend.serverInfo);
 * ```
 */
export function instrumentBackend<B extends Instrumentable>(
  backend: B,
  metrics: SecurityMetrics,
): B {
  return {
    ...backend,
    serverInfo: backend.serverInfo,
    instructions: backend.instructions,
    async callTool(resolved, args, ctx) {
      const tool = resolved.name;
      try {
        const outcome = await backend.callTool(resolved, args, ctx);
        metrics.toolCalls.inc({ tool, outcome: outcome.ok ? "ok" : outcome.error.code });
        if (outcome.ok && outcome.receipt) {
          metrics.auditEvents.inc({ operation: String(outcome.receipt.operation) });
        }
        return outcome;
      } catch (error) {
        metrics.toolCalls.inc({ tool, outcome: "INTERNAL_ERROR" });
        throw error;
      }
    },
  };
}
