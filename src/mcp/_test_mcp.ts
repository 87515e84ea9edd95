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
