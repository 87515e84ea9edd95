/**
 * `tools/list` and `tools/call`.
 *
 * @module
 */

import { type CallContext, ErrorCode, ProtocolError } from "./backend.ts";
import { NO_INPUT } from "./input_broker.ts";
import type { MethodHandler } from "./method_context.ts";
import { paginate } from "./paginate.ts";
import { paramsSchemas, parseParams } from "./params.ts";
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

  "tools/call": async (params, { backend, version, call, inputFor }) => {
    const { name, arguments: args } = parseParams(
      paramsSchemas.toolsCall(),
      params,
      "tools/call",
    );
    // The spec lists an unknown tool as a protocol error (−32602), unlike the SDK's McpServer
    // which answers with an isError result. Aliases (`change.open`) resolve to canonical names.
    const canonical = backend.resolveTool(name);
    const tool = canonical === undefined
      ? undefined
      : backend.toolInfo
      ? backend.toolInfo(canonical)
      : backend.listTools().find((candidate) => candidate.name === canonical);
    if (canonical === undefined || tool === undefined) {
      const available = backend.listTools().map((t) => t.name);
      throw new ProtocolError(
        ErrorCode.InvalidParams,
        `Unknown tool: "${name}"; available tools: ${available.join(", ")}`,
        { tool: name, available },
      );
    }
    // A question the tool asks ends the call with `input_required` (modern) or travels as
    // `elicitation/create` while it runs (2025), when the client can answer at all.
    const input = inputFor ? await inputFor("tools/call", canonical, args ?? {}) : NO_INPUT;
    const context: CallContext = { ...call, toolName: name };
    if (input.elicit) context.elicit = input.elicit;
    const outcome = await backend.callTool(canonical, args ?? {}, context);
    const inputRequired = await input.finish();
    if (inputRequired) return inputRequired;
    return renderToolOutcome(outcome, {
      version,
      outputSchema: tool.outputSchema,
    });
  },
};
