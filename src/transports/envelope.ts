/**
 * The tool envelope of the HTTP API: `{ tool, input, apiVersion? }`, validated where it enters.
 *
 * Failures follow the API reference's table: a missing field or a malformed body is
 * `VALIDATION_ERROR` (400), a tool name that cannot be one is `INVALID_TOOL_NAME` (400), a
 * well-formed name we do not have is `TOOL_NOT_FOUND` (404). The input itself is validated by
 * the tool, whose `INVALID_INPUT` arrives as a tool failure.
 *
 * @module
 */
import { DomainError } from "../errors.ts";
import type { ResolvedTool } from "../mcp/backend.ts";

/** The API version this server speaks; any 1.x request is answered with it. */
export const API_VERSION = "1.0.0";

/** A valid envelope, with its tool resolved. */
export interface EnvelopeRequest<T = ResolvedTool> {
  /** The name as the client sent it (`change.open` or `change_open`); echoed in results. */
  tool: string;
  /** The tool that name resolves to (the backend's `findTool`). */
  canonical: T;
  input: Record<string, unknown>;
  /** The version the client asked for, or {@link API_VERSION}. */
  apiVersion: string;
}

// MCP's tool-name alphabet; anything else cannot name a tool of ours.
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

/**
 * Validates a parsed request body. `findTool` maps a tool name or alias to the tool (the
 * backend's `findTool`), here to its canonical name.
 *
 * @example
 * ```ts
 * import { assertEquals, assertThrows } from "@std/assert";
 * import { parseEnvelope } from "./envelope.ts";
 * import { DomainError } from "../errors.ts";
 * const resolve = (name: string) => name === "change.open" ? "change_open" : undefined;
 * assertEquals(parseEnvelope({ tool: "change.open", input: { slug: "a-b-c" } }, resolve), {
 *   tool: "change.open",
 *   canonical: "change_open",
 *   input: { slug: "a-b-c" },
 *   apiVersion: "1.0.0",
 * });
 * assertThrows(() => parseEnvelope({ input: {} }, resolve), DomainError); // VALIDATION_ERROR
 * ```
 */
export function parseEnvelope<T>(
  body: unknown,
  findTool: (name: string) => T | undefined,
  toolNames: () => string[] = () => [],
): EnvelopeRequest<T> {
  // Only the shape here: each field's own check below picks the error code the reference wants.
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalid("Request body must be a JSON object", "body", "expected an object");
  }
  const { tool, input, apiVersion } = body as Record<string, unknown>;
  if (tool === undefined || tool === null) {
    throw invalid("Invalid request format", "tool", "required field missing");
  }
  if (typeof tool !== "string" || !TOOL_NAME.test(tool)) {
    throw new DomainError(
      "INVALID_TOOL_NAME",
      "Tool name must be 1-128 letters, digits, '_', '.' or '-'",
      { field: "tool", value: tool },
    );
  }
  const version = apiVersion ?? API_VERSION;
  const match = typeof version === "string" ? VERSION.exec(version) : null;
  if (!match || typeof version !== "string") {
    throw invalid("Invalid API version", "apiVersion", "expected a version like 1.0.0");
  }
  if (match[1] !== API_VERSION.split(".")[0]) {
    throw new DomainError("VALIDATION_ERROR", `API version "${version}" is not supported`, {
      field: "apiVersion",
      value: version,
      supported: "1.x",
    }, `Send apiVersion ${API_VERSION} or leave it out`);
  }
  const canonical = findTool(tool);
  if (canonical === undefined) {
    const available = toolNames();
    throw new DomainError(
      "TOOL_NOT_FOUND",
      `Tool '${tool}' not found`,
      { tool, available },
      available.length ? `Use one of: ${available.join(", ")}` : undefined,
    );
  }
  if (input === undefined) {
    throw invalid("Invalid request format", "input", "required field missing");
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw invalid("Invalid request format", "input", "expected an object");
  }
  return { tool, canonical, input: input as Record<string, unknown>, apiVersion: version };
}

function invalid(message: string, field: string, issue: string): DomainError {
  return new DomainError("VALIDATION_ERROR", message, { field, issue });
}
