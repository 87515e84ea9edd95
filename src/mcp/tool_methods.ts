/**
 * `tools/list` and `tools/call`.
 *
 * @module
 */

import { type CallContext, ErrorCode, ProtocolError } from "./backend.ts";
import { limitProtocolError } from "./call_limits.ts";
import { NO_INPUT } from "./input_broker.ts";
import type { MethodHandler } from "./method_context.ts";
import { paginate } from "./paginate.ts";
import { paramsSchemas, parseParams, toolsCallParams } from "./params.ts";
import { runToolCall } from "./tool_call.ts";
import { renderToolOutcome } from "./tool_result.ts";
import { toolForVersion } from "./version_shape.ts";

/** Handlers for the tool methods, keyed by method name. */
export const toolMethods: Record<string, MethodHandler> = {
  "tools/list": (params, { backend, version, pageSize }) => {
    const { cursor } = parseParams(paramsSchemas.paginated(), params, "tools/list");
    const page = paginate(backend.listTools(), cursor, "tools", pageSize);
    const tools = page.items.map((tool) => toolForVersion(tool, version));
    return page.nextCursor ? { tools, nextCursor: page.nextCursor } : { tools };
  },

  "tools/call": async (params, { backend, version, call, limits, inputFor }) => {
    const { name, arguments: args } = toolsCallParams(params);
    // The spec lists an unknown tool as a protocol error (−32602), unlike the SDK's McpServer
    // which answers with an isError result. Aliases (`change.open`) name the same tool.
    const tool = backend.findTool(name);
    if (tool === undefined) {
      const available = backend.listTools().map((t) => t.name);
      throw new ProtocolError(
        ErrorCode.InvalidParams,
        `Unknown tool: "${name}"; available tools: ${available.join(", ")}`,
        { tool: name, available },
      );
    }
    // A question the tool asks ends the call with `input_required` (modern) or travels as
    // `elicitation/create` while it runs (2025), when the client can answer at all.
    let input = inputFor?.("tools/call", tool.name, args ?? {}) ?? NO_INPUT;
    if (input instanceof Promise) input = await input;
    const ctx: CallContext = { ...call, toolName: name };
    if (input.elicit) ctx.elicit = input.elicit;
    const answer = await runToolCall(backend, {
      tool,
      args: args ?? {},
      ctx,
      limits,
      render: (outcome) =>
        renderToolOutcome(outcome, {
          version,
          // Only a failure needs it (see tool_result.ts): a success never derives the schemas.
          outputSchema: outcome.ok ? undefined : tool.info().outputSchema,
        }),
    });
    // Open questions replace whatever the tool made of their provisional `cancel`.
    const inputRequired = input === NO_INPUT ? undefined : await input.finish();
    if (inputRequired) return inputRequired;
    if (!answer.ok) throw limitProtocolError(answer.error);
    return answer.value;
  },
};
