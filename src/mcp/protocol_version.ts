/**
 * The MCP protocol revisions this server speaks, and what each one allows.
 *
 * Revisions are ISO dates, so plain string comparison orders them.
 *
 * @module
 */

/**
 * Every revision `initialize` negotiates (the legacy, handshake-based era), oldest first. These
 * are also what the 2025 `MCP-Protocol-Version` header may carry.
 */
export const PROTOCOL_VERSIONS = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"] as const;

/** One of {@link PROTOCOL_VERSIONS}. */
export type LegacyProtocolVersion = typeof PROTOCOL_VERSIONS[number];

/**
 * The revisions served per request, without a handshake: the request's `_meta` names the
 * revision (`io.modelcontextprotocol/protocolVersion`).
 */
export const MODERN_PROTOCOL_VERSIONS = ["2026-07-28"] as const;

/** One of {@link MODERN_PROTOCOL_VERSIONS}. */
export type ModernProtocolVersion = typeof MODERN_PROTOCOL_VERSIONS[number];

/** Any revision we speak. */
export type ProtocolVersion = LegacyProtocolVersion | ModernProtocolVersion;

/**
 * Every revision we speak, newest first: `supportedVersions` of `server/discover` and `supported`
 * of an UnsupportedProtocolVersionError. The legacy ones are reached through `initialize`.
 */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly ProtocolVersion[] = [
  ...MODERN_PROTOCOL_VERSIONS,
  ...[...PROTOCOL_VERSIONS].reverse(),
];

/** The revision `initialize` answers when the client asks for one it cannot negotiate. */
export const LATEST_PROTOCOL_VERSION: LegacyProtocolVersion = "2025-11-25";

/**
 * Whether `value` is a revision `initialize` negotiates. HTTP transports use this for the
 * `MCP-Protocol-Version` header: any supported value is accepted, even one that differs from the
 * negotiated revision (the conformance suite depends on that).
 *
 * @example
 * ```ts
 * import { isProtocolVersion } from "./protocol_version.ts";
 * isProtocolVersion("2025-06-18"); // true
 * isProtocolVersion("2026-07-28"); // false
 * ```
 */
export function isProtocolVersion(value: unknown): value is LegacyProtocolVersion {
  return typeof value === "string" && (PROTOCOL_VERSIONS as readonly string[]).includes(value);
}

/**
 * Whether `value` is a revision served per request.
 *
 * @example
 * ```ts
 * import { isModernProtocolVersion } from "./protocol_version.ts";
 * isModernProtocolVersion("2026-07-28"); // true
 * isModernProtocolVersion("2025-11-25"); // false
 * ```
 */
export function isModernProtocolVersion(value: unknown): value is ModernProtocolVersion {
  return typeof value === "string" &&
    (MODERN_PROTOCOL_VERSIONS as readonly string[]).includes(value);
}

/**
 * The revision `initialize` answers for a requested one: the request itself when it is a legacy
 * revision we support, else our latest legacy one (a modern revision has no handshake). The spec
 * makes the client decide whether it can live with the answer, so an unknown version is never an
 * error.
 *
 * @example
 * ```ts
 * import { negotiateProtocolVersion } from "./protocol_version.ts";
 * negotiateProtocolVersion("2025-03-26"); // "2025-03-26"
 * negotiateProtocolVersion("1999-01-01"); // "2025-11-25"
 * ```
 */
export function negotiateProtocolVersion(requested: string): LegacyProtocolVersion {
  return isProtocolVersion(requested) ? requested : LATEST_PROTOCOL_VERSION;
}

/** Whether `version` is `minimum` or newer. */
export function atLeast(version: ProtocolVersion, minimum: ProtocolVersion): boolean {
  return version >= minimum;
}

/**
 * Whether JSON-RPC batches are allowed: 2025-03-26 added them ("MUST support receiving") and
 * 2025-06-18 removed them again.
 */
export function allowsBatches(version: ProtocolVersion | undefined): boolean {
  return version === "2025-03-26";
}
