/**
 * The MCP protocol revisions this server speaks, and what each one allows.
 *
 * Revisions are ISO dates, so plain string comparison orders them.
 *
 * @module
 */

/** Every revision we negotiate, oldest first. */
export const PROTOCOL_VERSIONS = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"] as const;

/** One of {@link PROTOCOL_VERSIONS}. */
export type ProtocolVersion = typeof PROTOCOL_VERSIONS[number];

/** The revision we answer when the client asks for one we do not know. */
export const LATEST_PROTOCOL_VERSION: ProtocolVersion = "2025-11-25";

/**
 * Whether `value` is a revision we support. HTTP transports use this for the
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
export function isProtocolVersion(value: unknown): value is ProtocolVersion {
  return typeof value === "string" && (PROTOCOL_VERSIONS as readonly string[]).includes(value);
}

/**
 * The revision to answer for a requested one: the request itself when we support it, else our
 * latest. The spec makes the client decide whether it can live with the answer, so an unknown
 * version is never an error.
 *
 * @example
 * ```ts
 * import { negotiateProtocolVersion } from "./protocol_version.ts";
 * negotiateProtocolVersion("2025-03-26"); // "2025-03-26"
 * negotiateProtocolVersion("1999-01-01"); // "2025-11-25"
 * ```
 */
export function negotiateProtocolVersion(requested: string): ProtocolVersion {
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
