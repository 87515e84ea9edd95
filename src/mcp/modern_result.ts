/**
 * Results as the 2026-07-28 revision shapes them: `resultType` on every result, the server's
 * identity in `_meta`, cache hints on the cacheable ones, and the `server/discover` result.
 *
 * Cache hints (`server/utilities/caching.mdx`): what the binary fixes (tools, prompts, templates,
 * discovery) is fresh for an hour and the same for everyone (`public`); what the repository holds
 * (`resources/list`, `resources/read`) changes under other writers at any moment, so it is
 * immediately stale (`ttlMs: 0`, revalidate) and `private` to the caller. Change notifications on
 * `subscriptions/listen` stay the invalidation signal.
 *
 * @module
 */

import type { McpBackend } from "./backend.ts";
import { META } from "./modern_meta.ts";
import { SUPPORTED_PROTOCOL_VERSIONS } from "./protocol_version.ts";
import { isReusedJson, reuseJson } from "./serialize.ts";
import { serverInfoForVersion } from "./version_shape.ts";

/** How long results fixed by the binary stay fresh. */
export const STATIC_TTL_MS = 3_600_000;

/** The cache hints of each cacheable method. */
const CACHE_HINTS: Record<string, { ttlMs: number; cacheScope: "public" | "private" }> = {
  "server/discover": { ttlMs: STATIC_TTL_MS, cacheScope: "public" },
  "tools/list": { ttlMs: STATIC_TTL_MS, cacheScope: "public" },
  "prompts/list": { ttlMs: STATIC_TTL_MS, cacheScope: "public" },
  "resources/templates/list": { ttlMs: STATIC_TTL_MS, cacheScope: "public" },
  "resources/list": { ttlMs: 0, cacheScope: "private" },
  "resources/read": { ttlMs: 0, cacheScope: "private" },
};

/**
 * The server's capabilities as `server/discover` declares them. Only what is implemented:
 * resource subscriptions and list changes through `subscriptions/listen`; no `listChanged` for
 * tools or prompts, whose lists never change while the server runs.
 */
export function modernCapabilities(): Record<string, unknown> {
  return {
    tools: {},
    resources: { subscribe: true, listChanged: true },
    prompts: {},
    completions: {},
    logging: {},
  };
}

/**
 * The `server/discover` result, before {@link finishModernResult} adds `resultType`, identity
 * and cache hints.
 */
export function discoverResult(backend: McpBackend): Record<string, unknown> {
  const result: Record<string, unknown> = {
    supportedVersions: [...SUPPORTED_PROTOCOL_VERSIONS],
    capabilities: modernCapabilities(),
  };
  if (backend.instructions) result.instructions = backend.instructions;
  return result;
}

/**
 * Completes a handler's result for a modern client: `resultType` (`complete` unless the handler
 * produced an `input_required` result, which carries no cache hints), the cache hints of
 * `method`, and `_meta["io.modelcontextprotocol/serverInfo"]` beside any `_meta` the result has.
 * Never changes `result` itself (results may be shared between calls).
 *
 * @example
 * ```ts
 * import { finishModernResult } from "./modern_result.ts";
 * const info = { name: "task-mcp", version: "1.0.0" };
 * const result = finishModernResult("tools/list", { tools: [] }, info);
 * result.resultType; // "complete"
 * result.ttlMs; // 3600000
 * ```
 */
export function finishModernResult(
  method: string,
  result: Record<string, unknown>,
  serverInfo: McpBackend["serverInfo"],
): Record<string, unknown> {
  // An unchanging result (a cached page) is finished once: its JSON is then written once too.
  if (!isReusedJson(result)) return finish(method, result, serverInfo);
  const hit = finished.get(result);
  if (hit?.method === method && hit.serverInfo === serverInfo) return hit.value;
  const value = reuseJson(finish(method, result, serverInfo));
  finished.set(result, { method, serverInfo, value });
  return value;
}

/** The finished form of each unchanging result (see `reuseJson`). */
const finished = new WeakMap<object, {
  method: string;
  serverInfo: McpBackend["serverInfo"];
  value: Record<string, unknown>;
}>();

function finish(
  method: string,
  result: Record<string, unknown>,
  serverInfo: McpBackend["serverInfo"],
): Record<string, unknown> {
  const meta = {
    ...(result._meta as Record<string, unknown> | undefined),
    [META.serverInfo]: serverInfoForVersion(serverInfo, "2026-07-28"),
  };
  if (result.resultType === "input_required") return { ...result, _meta: meta };
  return { ...result, resultType: "complete", ...CACHE_HINTS[method], _meta: meta };
}
