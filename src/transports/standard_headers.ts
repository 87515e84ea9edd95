/**
 * The standard request headers of Streamable HTTP in the 2026-07-28 revision
 * (`basic/transports/streamable-http.mdx` §Request Metadata): `MCP-Protocol-Version`,
 * `Mcp-Method` and `Mcp-Name` mirror the body so that intermediaries can route on them, and a
 * server that reads the body "MUST reject requests where the values specified in the headers do
 * not match", with HeaderMismatch (−32020, HTTP 400). A required header that is missing fails
 * the same way. Values are compared after trimming optional whitespace (RFC 9110 §5.5) and
 * decoding the `=?base64?…?=` form; method names are case-sensitive.
 *
 * We publish no `x-mcp-header` parameters, so `Mcp-Param-*` headers are ignored.
 *
 * @module
 */
import { failure, type JsonRpcRequest, type JsonRpcResponse, META, metaOf } from "../mcp/mod.ts";

/** Methods whose `params.name` or `params.uri` travels in `Mcp-Name`. */
const NAMED: Readonly<Record<string, "name" | "uri">> = {
  "tools/call": "name",
  "prompts/get": "name",
  "resources/read": "uri",
};

const HEADER_MISMATCH = -32020;

/**
 * The HeaderMismatch error for `request`, or `undefined` when its headers agree with the body.
 *
 * @example
 * ```ts
 * import { checkStandardHeaders } from "./standard_headers.ts";
 * const headers = new Headers({ "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "prompts/list" });
 * const message = {
 *   jsonrpc: "2.0" as const,
 *   id: 7,
 *   method: "tools/list",
 *   params: { _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28" } },
 * };
 * checkStandardHeaders(headers, message)?.error.code; // -32020
 * ```
 */
export function checkStandardHeaders(
  headers: Headers,
  message: JsonRpcRequest,
): (JsonRpcResponse & { error: { code: number } }) | undefined {
  const mismatch = (text: string) =>
    failure(message.id, HEADER_MISMATCH, `Header mismatch: ${text}`);
  const version = headers.get("mcp-protocol-version")?.trim();
  if (!version) return mismatch("the MCP-Protocol-Version header is required");
  const inBody = metaOf(message.params)?.[META.protocolVersion];
  if (typeof inBody === "string" && inBody !== version) {
    return mismatch(
      `MCP-Protocol-Version header value "${version}" does not match the body's "${inBody}"`,
    );
  }
  const method = headers.get("mcp-method")?.trim();
  if (method === undefined) return mismatch("the Mcp-Method header is required");
  if (method !== message.method) {
    return mismatch(
      `Mcp-Method header value "${method}" does not match the body's "${message.method}"`,
    );
  }
  const field = NAMED[message.method];
  if (field === undefined) return undefined;
  const value = (message.params as Record<string, unknown> | undefined)?.[field];
  // Without a name in the body the core refuses the request; there is nothing to compare.
  if (typeof value !== "string") return undefined;
  const raw = headers.get("mcp-name");
  if (raw === null) return mismatch("the Mcp-Name header is required");
  const name = decodeHeaderValue(raw.trim());
  if (name !== value) {
    return mismatch(`Mcp-Name header value "${raw.trim()}" does not match the body's ${field}`);
  }
  return undefined;
}

/**
 * A header value in the revision's `=?base64?…?=` form decoded (UTF-8), others as they are;
 * `undefined` when the encoded form does not decode.
 */
export function decodeHeaderValue(value: string): string | undefined {
  if (!value.startsWith("=?base64?") || !value.endsWith("?=") || value.length < 11) return value;
  const encoded = value.slice(9, -2);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined;
  try {
    const bytes = Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
