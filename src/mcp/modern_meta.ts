/**
 * The per-request `_meta` of the 2026-07-28 revision: which requests are modern, and the
 * protocol fields every modern request must carry.
 *
 * `basic/index.mdx` §`_meta`: `io.modelcontextprotocol/protocolVersion` and
 * `io.modelcontextprotocol/clientCapabilities` are required ("A request missing any required
 * field is malformed; the server MUST reject it with JSON-RPC error code `-32602`"),
 * `clientInfo` is a SHOULD, `logLevel` opts the request into `notifications/message`.
 *
 * @module
 */

import { ErrorCode, type LogLevel, ProtocolError } from "./backend.ts";
import { LOG_LEVELS } from "./log_level.ts";
import { unsupportedVersion } from "./modern_errors.ts";
import { isModernProtocolVersion, type ModernProtocolVersion } from "./protocol_version.ts";
import { readTraceContext, type TraceContext } from "./trace_context.ts";

/** The reserved `_meta` keys of the revision. */
export const META = {
  protocolVersion: "io.modelcontextprotocol/protocolVersion",
  clientCapabilities: "io.modelcontextprotocol/clientCapabilities",
  clientInfo: "io.modelcontextprotocol/clientInfo",
  logLevel: "io.modelcontextprotocol/logLevel",
  serverInfo: "io.modelcontextprotocol/serverInfo",
  subscriptionId: "io.modelcontextprotocol/subscriptionId",
} as const;

/** Methods that exist only in the modern era: they are modern even without `_meta`. */
const MODERN_ONLY = new Set(["server/discover", "subscriptions/listen"]);

/** What a modern request's `_meta` says. */
export interface ModernMeta {
  version: ModernProtocolVersion;
  /** The client's capabilities for this request only. */
  capabilities: Record<string, unknown>;
  /** Set: the client wants `notifications/message` at this level and above, for this request. */
  logLevel?: LogLevel;
  progressToken?: string | number;
  trace?: TraceContext;
}

/**
 * Whether a request is modern: a modern-only method, or `_meta` carrying any of the per-request
 * protocol fields. A legacy client never sends those keys, so its requests keep 2025 semantics.
 *
 * @example
 * ```ts
 * import { isModernRequest } from "./modern_meta.ts";
 * isModernRequest("server/discover", {}); // true
 * isModernRequest("tools/list", { _meta: { progressToken: 1 } }); // false
 * ```
 */
export function isModernRequest(method: string, params: unknown): boolean {
  if (MODERN_ONLY.has(method)) return true;
  const meta = metaOf(params);
  return meta !== undefined &&
    (META.protocolVersion in meta || META.clientCapabilities in meta || META.clientInfo in meta);
}

/**
 * Reads and checks the protocol fields of a modern request. Throws a {@link ProtocolError}:
 * −32602 with `data.metaField` for a missing or malformed field, −32022 for a version we do not
 * serve per request.
 *
 * @example
 * ```ts
 * import { readModernMeta } from "./modern_meta.ts";
 * const meta = readModernMeta({
 *   _meta: {
 *     "io.modelcontextprotocol/protocolVersion": "2026-07-28",
 *     "io.modelcontextprotocol/clientCapabilities": {},
 *   },
 * });
 * meta.version; // "2026-07-28"
 * ```
 */
export function readModernMeta(params: unknown): ModernMeta {
  const meta = metaOf(params);
  if (meta === undefined) throw malformed("_meta", "is required");
  const version = meta[META.protocolVersion];
  if (typeof version !== "string") throw malformed(META.protocolVersion, "is required");
  const capabilities = meta[META.clientCapabilities];
  if (!isObject(capabilities)) throw malformed(META.clientCapabilities, "is required");
  const info = meta[META.clientInfo];
  if (info !== undefined && !isObject(info)) throw malformed(META.clientInfo, "must be an object");
  if (!isModernProtocolVersion(version)) throw unsupportedVersion(version);
  const result: ModernMeta = { version, capabilities };
  const level = meta[META.logLevel];
  if (level !== undefined) {
    if (!(LOG_LEVELS as readonly unknown[]).includes(level)) {
      throw malformed(META.logLevel, `must be one of ${LOG_LEVELS.join(", ")}`);
    }
    result.logLevel = level as LogLevel;
  }
  const token = meta.progressToken;
  if (typeof token === "string" || (typeof token === "number" && Number.isFinite(token))) {
    result.progressToken = token;
  }
  const trace = readTraceContext(meta);
  if (trace) result.trace = trace;
  return result;
}

/** `params._meta` when it is an object. */
export function metaOf(params: unknown): Record<string, unknown> | undefined {
  if (!isObject(params)) return undefined;
  const meta = params._meta;
  return isObject(meta) ? meta : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function malformed(field: string, problem: string): ProtocolError {
  const metaField = field === "_meta" ? "_meta" : `_meta.${field}`;
  return new ProtocolError(ErrorCode.InvalidParams, `Invalid params: ${metaField} ${problem}`, {
    metaField,
  });
}
