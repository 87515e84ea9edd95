/**
 * What every test that speaks MCP sends first: the `initialize` request and the headers of a
 * Streamable HTTP client. In-process tests and end-to-end tests take them from here.
 *
 * @module
 */

/** The protocol version a test client asks for unless the test says otherwise. */
export const TEST_PROTOCOL_VERSION = "2025-11-25";

/** The params of an `initialize` request for `version`. */
export function initializeParams(version: string = TEST_PROTOCOL_VERSION) {
  return { protocolVersion: version, capabilities: {}, clientInfo: { name: "t", version: "1" } };
}

/** An `initialize` request. */
export function initializeMessage(
  version: string = TEST_PROTOCOL_VERSION,
  id: number | string = 0,
) {
  return { jsonrpc: "2.0", id, method: "initialize", params: initializeParams(version) };
}

/** The `initialize` request of a {@link TEST_PROTOCOL_VERSION} client, id 0. */
export const INITIALIZE = initializeMessage();

/** The headers an MCP client sends on POST. */
export const MCP_HEADERS = {
  "Content-Type": "application/json",
  "Accept": "application/json, text/event-stream",
};

/**
 * The POST headers of a client inside session `session`, speaking `version`, plus `extra`.
 */
export function sessionHeaders(
  session: string,
  version: string = TEST_PROTOCOL_VERSION,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { ...MCP_HEADERS, "Mcp-Session-Id": session, "MCP-Protocol-Version": version, ...extra };
}

/** The revision whose requests carry their version and capabilities in `_meta`. */
export const MODERN_VERSION = "2026-07-28";

/**
 * A 2026-07-28 request: the message, with the `_meta` a conforming client sends (`params` may
 * replace it), and its standard headers (`MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`).
 */
export function modernRequest(
  id: number | string,
  method: string,
  params: Record<string, unknown> = {},
  capabilities: Record<string, unknown> = {},
) {
  const name = params.name ?? params.uri;
  const _meta = {
    "io.modelcontextprotocol/protocolVersion": MODERN_VERSION,
    "io.modelcontextprotocol/clientCapabilities": capabilities,
  };
  return {
    message: { jsonrpc: "2.0", id, method, params: { _meta, ...params } },
    headers: {
      ...MCP_HEADERS,
      "MCP-Protocol-Version": MODERN_VERSION,
      "Mcp-Method": method,
      ...(typeof name === "string" ? { "Mcp-Name": name } : {}),
    } as Record<string, string>,
  };
}
