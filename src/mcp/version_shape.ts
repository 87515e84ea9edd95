/**
 * Fits what the backend describes to the negotiated revision, dropping fields that revision does
 * not define. After negotiation the spec requires both sides to use only the negotiated features,
 * and strict clients validate with that revision's schema.
 *
 * @module
 */

import type {
  McpBackend,
  PromptInfo,
  ResourceInfo,
  ResourceTemplateInfo,
  ToolInfo,
} from "./backend.ts";
import { atLeast, type ProtocolVersion } from "./protocol_version.ts";

/**
 * A tool as `tools/list` publishes it: `title` and `outputSchema` only from 2025-06-18,
 * `annotations` only from 2025-03-26. On 2025-03-26 the title moves into `annotations.title`,
 * which that revision's clients use as the display name.
 */
export function toolForVersion(tool: ToolInfo, version: ProtocolVersion): Record<string, unknown> {
  const shaped: Record<string, unknown> = {
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema,
  };
  if (atLeast(version, "2025-06-18")) {
    shaped.title = tool.title;
    if (tool.outputSchema) shaped.outputSchema = tool.outputSchema;
    if (tool.annotations) shaped.annotations = tool.annotations;
    if (tool._meta) shaped._meta = tool._meta;
  } else if (atLeast(version, "2025-03-26")) {
    shaped.annotations = { title: tool.title, ...tool.annotations };
  }
  return shaped;
}

/** A resource, template or prompt without `title` before 2025-06-18. */
export function withoutNewFields<T extends ResourceInfo | ResourceTemplateInfo | PromptInfo>(
  item: T,
  version: ProtocolVersion,
): T | Omit<T, "title"> {
  if (atLeast(version, "2025-06-18") || item.title === undefined) return item;
  const { title: _title, ...rest } = item;
  return rest;
}

/**
 * The `serverInfo` of `initialize`: `title` from 2025-06-18, `description` from 2025-11-25.
 */
export function serverInfoForVersion(
  info: McpBackend["serverInfo"],
  version: ProtocolVersion,
): Record<string, unknown> {
  const shaped: Record<string, unknown> = { name: info.name, version: info.version };
  if (info.title !== undefined && atLeast(version, "2025-06-18")) shaped.title = info.title;
  if (info.description !== undefined && atLeast(version, "2025-11-25")) {
    shaped.description = info.description;
  }
  return shaped;
}
