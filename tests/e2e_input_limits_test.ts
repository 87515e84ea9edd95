/**
 * Length limits of free-text inputs, end to end over stdio: an oversized title, owner or
 * rationale is INVALID_INPUT naming the field and the limit (and not echoed back whole), nothing
 * is written, and a change whose documents would pass `MAX_DOCUMENT_KB` is not created either.
 */
import { assert, assertEquals } from "@std/assert";
import { initialize, type RawServer, spawnRaw } from "./helpers/raw.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

type ToolError = { code: string; message: string; details: Record<string, unknown> };

async function callTool(server: RawServer, id: number, name: string, args: unknown) {
  await server.send({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: { name, arguments: args },
  });
  const line = (await server.response(id, 20_000)).result as {
    isError?: boolean;
    structuredContent: { error?: ToolError };
  };
  return { line, error: line.structuredContent.error, size: server.lines.at(-1)?.length ?? 0 };
}

async function changes(root: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(`${root}/openspec/changes`)) {
      if (entry.name !== "archive" && !entry.name.startsWith(".")) names.push(entry.name);
    }
  } catch { /* no changes folder yet */ }
  return names;
}

eachTarget(
  "input limits: oversized title, owner and rationale are refused, naming field and limit",
  async (t) => {
    const root = await tempProject();
    const server = spawnRaw(t, root);
    try {
      await initialize(server);
      const cases = [
        { field: "title", limit: 200, args: { title: "T".repeat(600 * 1024), slug: "big-title" } },
        {
          field: "owner",
          limit: 100,
          args: { title: "Ok", slug: "big-owner", owner: "o".repeat(101) },
        },
        {
          field: "rationale",
          limit: 4000,
          args: { title: "Ok", slug: "big-why", rationale: "r".repeat(4001) },
        },
      ];
      let id = 1;
      for (const { field, limit, args } of cases) {
        const { line, error, size } = await callTool(server, id++, "change_open", args);
        assertEquals(line.isError, true);
        assertEquals(error?.code, "INVALID_INPUT");
        assertEquals(error?.details.field, field);
        assertEquals(error?.details.limit, limit);
        assert(
          error?.message.includes(`${field}: must be at most ${limit} characters`),
          error?.message,
        );
        assert(size < 4096, `a ${size}-character answer echoes the input`);
      }
      // The same fields at their limits are accepted.
      const ok = await callTool(server, id++, "change_open", {
        title: "T".repeat(200),
        slug: "at-the-limits",
        owner: "o".repeat(100),
        rationale: "r".repeat(4000),
      });
      assertEquals(ok.line.isError, undefined, JSON.stringify(ok.error));
      assertEquals(await changes(root), ["at-the-limits"]);
      // A listing filter and a prompt argument have the same limits.
      const filter = await callTool(server, id++, "changes_active", { owner: "o".repeat(101) });
      assertEquals(filter.error?.details.field, "owner");
      await server.send({
        jsonrpc: "2.0",
        id: 99,
        method: "prompts/get",
        params: { name: "propose", arguments: { title: "T".repeat(201) } },
      });
      const prompt = await server.response(99);
      assertEquals((prompt.error as { code: number }).code, -32602);
      assertEquals(
        (prompt.error as { message: string }).message,
        'Prompt argument "title" is 201 characters: the limit is 200',
      );
    } finally {
      await server.closeStdin();
      await server.status();
      await Deno.remove(root, { recursive: true });
    }
  },
);

eachTarget("input limits: change_open never writes a document over MAX_DOCUMENT_KB", async (t) => {
  const root = await tempProject();
  const server = spawnRaw(t, root, { MAX_DOCUMENT_KB: "2" });
  try {
    await initialize(server);
    const { error } = await callTool(server, 1, "change_open", {
      title: "Long why",
      slug: "long-why",
      rationale: "r".repeat(3000),
    });
    assertEquals(error?.code, "CONTENT_TOO_LARGE");
    assertEquals(error?.details.limit, 2048);
    assertEquals(await changes(root), []);
  } finally {
    await server.closeStdin();
    await server.status();
    await Deno.remove(root, { recursive: true });
  }
});

eachTarget(
  "input limits: a listing clips a huge title written by hand, so its page can be sent",
  async (t) => {
    const root = await tempProject();
    for (const slug of ["hand-one", "hand-two", "hand-three"]) {
      const dir = `${root}/openspec/changes/${slug}`;
      await Deno.mkdir(dir, { recursive: true });
      // 400 KB each: three of them made the default page over 1 MB (413 over HTTP, for everyone).
      await Deno.writeTextFile(
        `${dir}/proposal.md`,
        `# ${"T".repeat(400 * 1024)}\n\n## Why\n\nx\n`,
      );
      await Deno.writeTextFile(
        `${dir}/.openspec.yaml`,
        `schema: spec-driven\nowner: ${"o".repeat(500)}\n`,
      );
    }
    const server = spawnRaw(t, root);
    try {
      await initialize(server);
      await server.send({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "changes_active", arguments: {} },
      });
      const result = (await server.response(1, 20_000)).result as {
        structuredContent: { items: { title: string; owner?: string }[] };
      };
      const items = result.structuredContent.items;
      assertEquals(items.length, 3);
      for (const item of items) {
        assertEquals(item.title, `${"T".repeat(200)}…`);
        assertEquals(item.owner, `${"o".repeat(100)}…`);
      }
      assert((server.lines.at(-1)?.length ?? 0) < 64 * 1024, "the page is too large");
    } finally {
      await server.closeStdin();
      await server.status();
      await Deno.remove(root, { recursive: true });
    }
  },
);
