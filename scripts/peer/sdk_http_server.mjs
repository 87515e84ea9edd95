// The HTTP benchmark peer: the Streamable HTTP server a user would write with the official SDK
// on Node and express (stateful, one transport per session, as the SDK's examples do), serving
// the same listing of active changes. Used only by scripts/bench_http.ts.
// Usage: node scripts/peer/sdk_http_server.mjs <root> <port>
import { randomUUID } from "node:crypto";
import express from "express";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { registerListing } from "./listing.mjs";

const root = process.argv[2] ?? process.cwd();
const port = Number(process.argv[3] ?? 0);

function createServer() {
  return registerListing(new McpServer({ name: "sdk-http-peer", version: "1.0.0" }), root);
}

const app = express();
app.use(express.json({ limit: "4mb" }));
const transports = new Map();

app.post("/mcp", async (req, res) => {
  const id = req.headers["mcp-session-id"];
  let transport = typeof id === "string" ? transports.get(id) : undefined;
  if (!transport) {
    if (id || !isInitializeRequest(req.body)) {
      res.status(id ? 404 : 400).json({
        jsonrpc: "2.0",
        error: { code: -32000, message: "Bad session" },
        id: null,
      });
      return;
    }
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => transports.set(sid, transport),
    });
    transport.onclose = () => transport.sessionId && transports.delete(transport.sessionId);
    await createServer().connect(transport);
  }
  await transport.handleRequest(req, res, req.body);
});
const bySession = async (req, res) => {
  const transport = transports.get(req.headers["mcp-session-id"]);
  if (!transport) return void res.status(404).end();
  await transport.handleRequest(req, res);
};
app.get("/mcp", bySession);
app.delete("/mcp", bySession);
app.get("/healthz", (_req, res) => res.json({ status: "healthy" }));

const listener = app.listen(port, "127.0.0.1", () => {
  console.error(JSON.stringify({ msg: "listening", port: listener.address().port }));
});
process.on("SIGTERM", () => process.exit(0));
