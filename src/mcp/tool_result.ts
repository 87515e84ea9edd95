/**
 * Renders a backend {@link ToolCallOutcome} as an MCP `CallToolResult` for one revision.
 *
 * Choices, with the reasons:
 * - Domain failures are results with `isError: true`, never JSON-RPC errors, so the model can read
 *   them and correct itself (spec: errors that come from the tool belong in the result).
 * - The receipt of a mutation goes into `_meta["task-mcp/receipt"]`, not into
 *   `structuredContent`: a tool's `outputSchema` may forbid extra properties, and the SDK client
 *   validates `structuredContent` against it.
 * - `structuredContent: { error }` is sent only when the tool's `outputSchema` leaves room for it
 *   (no schema, or one that declares an `error` property, e.g. in an `anyOf` branch as the tool
 *   registry publishes it). The SDK client validates `structuredContent` against the schema even
 *   when `isError` is true and throws on a mismatch, which would hide the error from the model.
 * - `structuredContent` and `resource_link` blocks exist from 2025-06-18. Before that, links
 *   become one text block so the model still sees them.
 *
 * @module
 */

import type {
  ObjectJsonSchema,
  ResourceLinkInfo,
  ToolCallOutcome,
  ToolErrorInfo,
} from "./backend.ts";
import { atLeast, type ProtocolVersion } from "./protocol_version.ts";
import { jsonText, reuseJson } from "./serialize.ts";

/** The `_meta` key under which a mutation's receipt travels. */
export const RECEIPT_META_KEY = "task-mcp/receipt";

/** What rendering needs to know about the call besides its outcome. */
export interface RenderContext {
  version: ProtocolVersion;
  /** The tool's `outputSchema`, if it declares one (see the module notes). */
  outputSchema: ObjectJsonSchema | undefined;
}

/** A successful outcome. */
export type ToolSuccessOutcome = ToolCallOutcome & { ok: true };

/**
 * Wraps a renderer of successes so that a backend serving the same structured object again (a
 * cached listing page) gets the same rendered object, whose JSON text the transports then
 * write once (see `reuseJson`). Only plain outcomes are kept — `plain` says which: receipts and
 * links are per call. `variant` keeps renderings of one outcome for different readers apart.
 * MCP's `tools/call` results and the envelope API's are both rendered through it.
 *
 * @example
 * ```ts
 * import { renderedOnce } from "./tool_result.ts";
 * const render = renderedOnce((outcome, _variant: "") => ({ text: outcome.text }));
 * const outcome = { ok: true as const, structured: { n: 1 }, text: "One" };
 * render(outcome, "", true) === render(outcome, "", true); // true
 * ```
 */
export function renderedOnce<V extends string, R extends object>(
  render: (outcome: ToolSuccessOutcome, variant: V) => R,
): (outcome: ToolSuccessOutcome, variant: V, plain: boolean) => R {
  const rendered = new WeakMap<object, { text: string; variant: V; result: R }>();
  return (outcome, variant, plain) => {
    const hit = plain ? rendered.get(outcome.structured) : undefined;
    if (hit && hit.text === outcome.text && hit.variant === variant) return hit.result;
    const result = render(outcome, variant);
    if (!plain) return result;
    rendered.set(outcome.structured, { text: outcome.text, variant, result });
    return reuseJson(result);
  };
}

/**
 * A text content block.
 *
 * @example
 * ```ts
 * import { textBlock } from "./tool_result.ts";
 * textBlock("Done"); // { type: "text", text: "Done" }
 * ```
 */
export function textBlock(value: string): Record<string, unknown> {
  return { type: "text", text: value };
}

/**
 * Builds the `tools/call` result for `outcome`.
 *
 * @example
 * ```ts
 * import { renderToolOutcome } from "./tool_result.ts";
 * const result = renderToolOutcome(
 *   { ok: true, structured: { n: 1 }, text: "One" },
 *   { version: "2025-06-18", outputSchema: undefined },
 * );
 * result.structuredContent; // { n: 1 }
 * ```
 */
export function renderToolOutcome(
  outcome: ToolCallOutcome,
  context: RenderContext,
): Record<string, unknown> {
  const structured = atLeast(context.version, "2025-06-18");
  if (!outcome.ok) {
    const result: Record<string, unknown> = {
      content: [textBlock(errorText(outcome.error))],
      isError: true,
    };
    if (structured && schemaAllowsError(context.outputSchema)) {
      result.structuredContent = { error: errorObject(outcome.error) };
    }
    return result;
  }
  const plain = !outcome.receipt && !outcome.links?.length;
  return renderSuccess(outcome, structured ? "structured" : "text", plain);
}

const renderSuccess = renderedOnce((outcome, variant: "structured" | "text") => {
  const structured = variant === "structured";
  const json = jsonText(reuseJson(outcome.structured));
  // The JSON text block is the spec's backwards-compatibility copy of structuredContent, and
  // the only structured data older clients get.
  const content: Record<string, unknown>[] = [textBlock(outcome.text)];
  if (json !== outcome.text) content.push(textBlock(json));
  const links = outcome.links ?? [];
  if (structured) {
    content.push(...links.map(resourceLink));
  } else if (links.length > 0) {
    content.push(textBlock(linksText(links)));
  }
  const result: Record<string, unknown> = { content };
  if (structured) result.structuredContent = outcome.structured;
  if (outcome.receipt) result._meta = { [RECEIPT_META_KEY]: outcome.receipt };
  return result;
});

/**
 * Whether `schema` may accept `{ error: … }`: absent, or declaring an `error` property at the
 * root or in an `anyOf`/`oneOf` branch. A cheap structural check, not a validator.
 */
function schemaAllowsError(schema: unknown): boolean {
  if (schema === undefined) return true;
  return declaresError(schema);
}

function declaresError(schema: unknown): boolean {
  if (typeof schema !== "object" || schema === null) return false;
  const { properties, anyOf, oneOf } = schema as Record<string, unknown>;
  if (typeof properties === "object" && properties !== null && "error" in properties) return true;
  return [anyOf, oneOf].some((branches) => Array.isArray(branches) && branches.some(declaresError));
}

function errorObject(error: ToolErrorInfo): Record<string, unknown> {
  const { code, message, hint, details } = error;
  return details === undefined ? { code, message, hint } : { code, message, hint, details };
}

/** `CODE: message`, then the hint and details on their own lines, for the model to read. */
function errorText(error: ToolErrorInfo): string {
  const lines = [`${error.code}: ${error.message}`];
  if (error.hint) lines.push(`Hint: ${error.hint}`);
  if (error.details !== undefined) lines.push(`Details: ${JSON.stringify(error.details)}`);
  return lines.join("\n");
}

function resourceLink(link: ResourceLinkInfo): Record<string, unknown> {
  return { type: "resource_link", ...link };
}

function linksText(links: ResourceLinkInfo[]): string {
  const lines = links.map((link) => `- ${link.name}: ${link.uri}`);
  return `Resources:\n${lines.join("\n")}`;
}
