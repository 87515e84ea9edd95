/**
 * Answers sent at once stay whole and each reaches its own request: on Bun the JSON answers of
 * MCP requests are written through one reused buffer (Bun copies a body when a Response is
 * made), so many concurrent answers of different sizes must each arrive intact, with their own
 * id, equal to the same answer asked alone.
 */
import { assertEquals } from "@std/assert";
import { modernRequest } from "../src/mcp/_test_mcp.ts";
import { withHttpServer } from "./helpers/http_server.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const CHANGES = 12;

eachTarget(
  "concurrent answers of different sizes each arrive whole and to their request",
  async (t) => {
    await withHttpServer(t, await tempProject(), async ({ url }) => {
      const post = async (id: number, method: string, params: Record<string, unknown> = {}) => {
        const { message, headers } = modernRequest(id, method, params);
        const response = await fetch(`${url}/mcp`, {
          method: "POST",
          headers: { ...headers, Accept: "application/json" },
          body: JSON.stringify(message),
        });
        assertEquals(response.status, 200);
        return JSON.parse(await response.text());
      };
      // limit 0: the tool list; else a page of `limit` changes.
      const call = (id: number, limit: number) =>
        limit === 0
          ? post(id, "tools/list")
          : post(id, "tools/call", { name: "changes_active", arguments: { limit } });
      for (let i = 0; i < CHANGES; i++) {
        await post(i, "tools/call", {
          name: "change_open",
          arguments: { title: `Change ${i} ${"longer ".repeat(i)}`, slug: `c-${i}` },
        });
      }
      const alone = new Map<number, unknown>();
      for (let limit = 0; limit <= CHANGES; limit++) {
        alone.set(limit, (await call(1, limit)).result);
      }
      const pages = [...alone.values()].map((r) => JSON.stringify(r).length);
      assertEquals(new Set(pages).size, pages.length); // every answer has its own size

      // 120 requests in flight together: the tool list and pages of 1 to 12 changes.
      const answers = await Promise.all(Array.from({ length: 120 }, async (_, n) => {
        const id = 1000 + n;
        const limit = n % (CHANGES + 1);
        return { id, limit, body: await call(id, limit) };
      }));
      for (const { id, limit, body } of answers) {
        assertEquals(body.id, id);
        assertEquals(body.result, alone.get(limit), `the answer to request ${id}`);
      }
    });
  },
);
