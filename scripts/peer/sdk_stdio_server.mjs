// The benchmark peer: the minimal MCP server a user would write with the official SDK on Node,
// serving the same listing of active changes over stdio. Used only by scripts/bench_stdio.ts.
import { readdir, readFile } from "node:fs/promises";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const root = process.argv[2] ?? process.cwd();
const changes = `${root}/openspec/changes`;
const read = (path) => readFile(path, "utf8").catch(() => undefined);

const server = new McpServer({ name: "sdk-peer", version: "1.0.0" });
server.registerTool(
  "changes_active",
  {
    description: "List active changes",
    inputSchema: {
      limit: z.number().int().min(1).max(200).default(50),
      offset: z.number().int().min(0).default(0),
    },
  },
  async ({ limit, offset }) => {
    const names = (await readdir(changes, { withFileTypes: true }))
      .filter((d) => d.isDirectory() && d.name !== "archive" && !d.name.startsWith("."))
      .map((d) => d.name).sort();
    const items = await Promise.all(
      names.slice(offset, offset + limit).map(async (slug) => {
        const [proposal, tasks] = await Promise.all([
          read(`${changes}/${slug}/proposal.md`),
          read(`${changes}/${slug}/tasks.md`),
        ]);
        const title = /^#\s+(.+)$/m.exec(proposal ?? "")?.[1] ?? slug;
        const boxes = [...(tasks ?? "").matchAll(/^\s*[-*+]\s*\[([ xX])\]/gm)];
        return {
          slug,
          title,
          progress: { total: boxes.length, completed: boxes.filter((b) => b[1] !== " ").length },
        };
      }),
    );
    const page = {
      page: Math.floor(offset / limit) + 1,
      pageSize: limit,
      total: names.length,
      items,
    };
    return { content: [{ type: "text", text: JSON.stringify(page) }], structuredContent: page };
  },
);
await server.connect(new StdioServerTransport());
process.stdin.on("end", () => process.exit(0));
