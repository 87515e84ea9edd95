// The one listing both benchmark peers serve (stdio and HTTP), written as a user of the official
// SDK would write it: readdir, sort, then read proposal.md and tasks.md of the page's changes.
import { readdir, readFile } from "node:fs/promises";
import { z } from "zod";

const read = (path) => readFile(path, "utf8").catch(() => undefined);

/** Registers the `changes_active` tool over `<root>/openspec/changes` on an SDK `McpServer`. */
export function registerListing(server, root) {
  const changes = `${root}/openspec/changes`;
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
  return server;
}
