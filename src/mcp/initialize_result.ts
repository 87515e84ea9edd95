/**
 * The result of `initialize`: the negotiated revision, what we offer, who we are.
 *
 * @module
 */

import type { McpBackend } from "./backend.ts";
import { atLeast, type ProtocolVersion } from "./protocol_version.ts";
import { serverInfoForVersion } from "./version_shape.ts";

/**
 * Builds the `initialize` result for `version`.
 *
 * Only implemented features are declared (clients gate methods on them). `completions` is
 * declared from 2025-03-26, the revision that introduced the capability. `push` is false when
 * the transport cannot deliver unsolicited messages (stateless HTTP): then `subscribe` and
 * `listChanged` would be promises we cannot keep.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { initializeResult } from "./initialize_result.ts";
 * import { createApp } from "../app.ts";
 * import { createMemoryFileSystem } from "../fs/memory.ts";
 * const { backend } = createApp({ fs: createMemoryFileSystem() });
 * const result = initializeResult(backend, "2024-11-05", true);
 * assertEquals("completions" in (result.capabilities as object), false);
 * ```
 */
export function initializeResult(
  backend: McpBackend,
  version: ProtocolVersion,
  push: boolean,
): Record<string, unknown> {
  const capabilities: Record<string, unknown> = {
    tools: {},
    resources: push ? { subscribe: true, listChanged: true } : {},
    prompts: {},
    logging: {},
  };
  if (atLeast(version, "2025-03-26")) capabilities.completions = {};
  const result: Record<string, unknown> = {
    protocolVersion: version,
    capabilities,
    serverInfo: serverInfoForVersion(backend.serverInfo, version),
  };
  if (backend.instructions) result.instructions = backend.instructions;
  return result;
}
