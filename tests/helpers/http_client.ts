/**
 * The official MCP SDK client over HTTP: Streamable HTTP (stateful or stateless server) and the
 * legacy HTTP+SSE transport.
 *
 * @module
 */
// The SDK's "./*" export maps types to "*.d.ts", which misses for "x.js" specifiers; these
// directives point the type checker at the right declarations.
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp"
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
// @ts-types="@modelcontextprotocol/sdk/client/sse"
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";

/** A connected client. */
export interface HttpClient {
  client: Client;
  /** The session id the server issued (Streamable HTTP, stateful only). */
  sessionId(): string | undefined;
  close(): Promise<void>;
}

/** Connects the SDK client to `<url>/mcp` (Streamable HTTP) or `<url>/sse` (legacy). */
export async function connectHttp(
  url: string,
  kind: "streamable" | "sse",
): Promise<HttpClient> {
  const client = new Client({ name: "task-mcp-e2e-http", version: "1.0.0" }, { capabilities: {} });
  if (kind === "sse") {
    const transport = new SSEClientTransport(new URL(`${url}/sse`));
    await client.connect(transport);
    return { client, sessionId: () => undefined, close: () => client.close() };
  }
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`));
  await client.connect(transport);
  return {
    client,
    sessionId: () => transport.sessionId,
    async close() {
      // DELETE /mcp, as a well-behaved client does, then drop the GET stream.
      if (transport.sessionId) await transport.terminateSession().catch(() => {});
      await client.close();
    },
  };
}
