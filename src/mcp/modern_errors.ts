/**
 * The error codes the 2026-07-28 revision defines, and how a modern request's failures differ
 * from a legacy one's.
 *
 * The revision reserves −32020…−32099 for the specification (`basic/index.mdx` §Error Codes) and
 * forbids −32002 (resource not found; it is −32602 now). The legacy era keeps −32002.
 *
 * @module
 */

import { ErrorCode, ProtocolError } from "./backend.ts";
import { SUPPORTED_PROTOCOL_VERSIONS } from "./protocol_version.ts";

/** Error codes of the 2026-07-28 revision (renumbered from its drafts' −32001/−32003/−32004). */
export const ModernErrorCode = {
  /** HTTP headers disagree with the body, or a required header is missing or malformed. */
  HeaderMismatch: -32020,
  /** The request needs a client capability it did not declare. */
  MissingRequiredClientCapability: -32021,
  /** The request's protocol version is not one we serve. */
  UnsupportedProtocolVersion: -32022,
} as const;

/**
 * The UnsupportedProtocolVersionError for `requested`: `data.supported` lists every revision we
 * speak, newest first, exactly as `server/discover` does.
 *
 * @example
 * ```ts
 * import { unsupportedVersion } from "./modern_errors.ts";
 * unsupportedVersion("1900-01-01").code; // -32022
 * ```
 */
export function unsupportedVersion(requested: string): ProtocolError {
  const legacy = SUPPORTED_PROTOCOL_VERSIONS.includes(requested as never);
  const message = legacy
    ? `Unsupported protocol version: "${requested}" is served after "initialize", not per request`
    : `Unsupported protocol version: "${requested}"`;
  return new ProtocolError(ModernErrorCode.UnsupportedProtocolVersion, message, {
    supported: [...SUPPORTED_PROTOCOL_VERSIONS],
    requested,
  });
}

/**
 * A failure as a modern request reports it: resource not found becomes −32602 with the same
 * message and data (the data carries the `uri`).
 */
export function modernProtocolError(error: ProtocolError): ProtocolError {
  if (error.code !== ErrorCode.ResourceNotFound) return error;
  return new ProtocolError(ErrorCode.InvalidParams, error.message, error.data);
}

/**
 * The HTTP status a modern request's JSON-RPC error travels with on Streamable HTTP
 * (`basic/transports/streamable-http.mdx`, `basic/index.mdx` §`_meta`): 404 for an unknown
 * method; 400 for malformed `_meta` (−32602 whose `data.metaField` names the field), header
 * mismatches, missing client capabilities and unsupported versions; otherwise 200.
 *
 * @example
 * ```ts
 * import { modernHttpStatus } from "./modern_errors.ts";
 * modernHttpStatus({ code: -32601, message: "Method not found" }); // 404
 * modernHttpStatus({ code: -32602, message: "x", data: { metaField: "_meta" } }); // 400
 * modernHttpStatus({ code: -32603, message: "Internal error" }); // 200
 * ```
 */
export function modernHttpStatus(error: { code: number; message: string; data?: unknown }): number {
  if (error.code === ErrorCode.MethodNotFound) return 404;
  const badRequest: number[] = Object.values(ModernErrorCode);
  if (badRequest.includes(error.code)) return 400;
  const data = error.data as { metaField?: unknown } | undefined;
  return error.code === ErrorCode.InvalidParams && typeof data?.metaField === "string" ? 400 : 200;
}
