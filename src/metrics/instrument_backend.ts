/**
 * Counts tool calls by tool and outcome, and the audit events (receipts) mutations produce, by
 * wrapping the backend that every transport reaches.
 *
 * @module
 */
import type { CallContext, ToolCallOutcome } from "../backend_types.ts";
import type { SecurityMetrics } from "./security_metrics.ts";

/** What {@link instrumentBackend} wraps: the MCP layer's `McpBackend` is one. */
export interface Instrumentable {
  readonly serverInfo: unknown;
  readonly instructions?: string;
  resolveTool(name: string): string | undefined;
  callTool(name: string, args: unknown, ctx: CallContext): Promise<ToolCallOutcome>;
}

/**
 * The backend with counting `callTool`. The tool label is the canonical name, or `unknown` for
 * names the registry does not know, so client input never becomes a label.
 *
 * @example
 * ```ts
 * import { instrumentBackend } from "./instrument_backend.ts";
 * import { createSecurityMetrics } from "./security_metrics.ts";
 * declare const backend: import("./instrument_backend.ts").Instrumentable;
 * const counted = instrumentBackend(backend, createSecurityMetrics());
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
    async callTool(name: string, args: unknown, ctx: CallContext) {
      const tool = backend.resolveTool(name) ?? "unknown";
      try {
        const outcome = await backend.callTool(name, args, ctx);
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
