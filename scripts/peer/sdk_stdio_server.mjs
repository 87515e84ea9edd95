// The benchmark peer: the minimal MCP server a user would write with the official SDK on Node,
// serving the same listing of active changes over stdio. Used only by scripts/bench_stdio.ts.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { registerListing } from "./listing.mjs";

const root = process.argv[2] ?? process.cwd();
const server = registerListing(new McpServer({ name: "sdk-peer", version: "1.0.0" }), root);
await server.connect(new StdioServerTransport());
process.stdin.on("end", () => process.exit(0));
