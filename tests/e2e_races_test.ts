/**
 * Writes racing what others do to the repository: a change archived by the OpenSpec CLI while
 * `change_write` calls are in flight, and a link in a change re-pointed out of the project
 * while it is written through. Nothing comes back that was moved away, and nothing outside the
 * project is created or changed.
 */
import { assert, assertEquals } from "@std/assert";
import { startFlipper } from "../src/fs/_test_flipper.ts";
import { initialize, type RawServer, spawnRaw } from "./helpers/raw.ts";
import { snapshot, tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";
import { tempDir } from "../src/fs/_test_temp_dir.ts";

type CallResult = { isError?: boolean; structuredContent?: { error?: { code: string } } };

/** Sends tool calls and returns their outcomes, one id per call. */
function caller(server: RawServer) {
  let id = 0;
  return {
    async send(name: string, args: Record<string, unknown>): Promise<number> {
      const n = ++id;
      await server.send({
        jsonrpc: "2.0",
        id: n,
        method: "tools/call",
        params: { name, arguments: args },
      });
      return n;
    },
    async outcome(n: number): Promise<CallResult> {
      return (await server.response(n, 60_000)).result as CallResult;
    },
  };
}

const exists = (path: string) => Deno.lstat(path).then(() => true, () => false);

eachTarget("a change archived while writes are in flight is never re-created", async (t) => {
  const root = await tempProject();
  const server = spawnRaw(t, root);
  await initialize(server);
  const tools = caller(server);
  const errors: Record<string, number> = {};
  let succeeded = 0;
  try {
    for (let round = 0; round < 12; round++) {
      const slug = `moving-${round}`;
      const open = await tools.outcome(await tools.send("change_open", { title: "Moving", slug }));
      assertEquals(open.isError, undefined, JSON.stringify(open));
      const writes: number[] = [];
      for (let i = 0; i < 40; i++) {
        const args = { slug, path: `specs/w-${i}/spec.md`, content: `# W ${round} ${i}\n` };
        writes.push(await tools.send("change_write", args));
      }
      // Move the folder as `openspec archive` does, at a different point of the queue each round.
      await new Promise((r) => setTimeout(r, round * 3));
      const archived = `${root}/openspec/changes/archive/2026-01-01-${slug}`;
      await Deno.mkdir(`${root}/openspec/changes/archive`, { recursive: true });
      await Deno.rename(`${root}/openspec/changes/${slug}`, archived);
      const results: CallResult[] = [];
      for (const n of writes) results.push(await tools.outcome(n));
      assertEquals(await exists(`${root}/openspec/changes/${slug}`), false, `${slug} came back`);
      for (const i of writes.keys()) {
        const result = results[i]!;
        if (result.isError) {
          const code = result.structuredContent?.error?.code ?? "none";
          errors[code] = (errors[code] ?? 0) + 1;
          continue;
        }
        // Answered success: written before the move, so it moved with the change.
        succeeded++;
        const text = await Deno.readTextFile(`${archived}/specs/w-${i}/spec.md`);
        assertEquals(text, `# W ${round} ${i}\n`);
      }
    }
  } finally {
    await server.closeStdin();
    await server.status();
  }
  assertEquals(Object.keys(errors), ["CHANGE_ALREADY_ARCHIVED"], JSON.stringify(errors));
  assert(succeeded > 0, "no write finished before its change moved");
  await Deno.remove(root, { recursive: true });
});

eachTarget(
  "change_write never writes outside the project while specs/ is re-pointed",
  async (t) => {
    const root = await tempProject();
    const outside = await tempDir("task-mcp-outside-");
    await Deno.mkdir(`${outside}/cap`);
    await Deno.writeTextFile(`${outside}/cap/spec.md`, "# Outside\n");
    const server = spawnRaw(t, root);
    await initialize(server);
    const tools = caller(server);
    const slug = "swapped-change";
    const open = await tools.outcome(await tools.send("change_open", { title: "Swapped", slug }));
    assertEquals(open.isError, undefined, JSON.stringify(open));
    const specs = `${root}/openspec/changes/${slug}/specs`;
    await Deno.remove(specs, { recursive: true });
    await Deno.mkdir(`${root}/inside-specs/cap`, { recursive: true });
    await Deno.symlink(`${root}/inside-specs`, specs);
    const flipper = await startFlipper(specs, `${root}/inside-specs`, outside);
    const errors: Record<string, number> = {};
    let succeeded = 0;
    let flips = 0;
    try {
      for (let i = 0; i < 150; i++) {
        const calls = await Promise.all([
          tools.send("change_write", { slug, path: "specs/cap/spec.md", content: `# In ${i}\n` }),
          tools.send("change_write", { slug, path: `specs/new-${i}/spec.md`, content: "# New\n" }),
        ]);
        for (const n of calls) {
          const result = await tools.outcome(n);
          if (!result.isError) succeeded++;
          else {
            const code = result.structuredContent?.error?.code ?? "none";
            errors[code] = (errors[code] ?? 0) + 1;
          }
        }
      }
    } finally {
      flips = await flipper.stop();
      await server.closeStdin();
      await server.status();
    }
    assert(flips > 100, `the link was re-pointed only ${flips} times`);
    assertEquals(await snapshot(outside), { "cap/spec.md": "# Outside\n" });
    const names = [];
    for await (const e of Deno.readDir(outside)) names.push(e.name);
    assertEquals(names, ["cap"], "folders appeared outside the project");
    assertEquals(Object.keys(errors), ["PATH_NOT_ALLOWED"], JSON.stringify(errors));
    assert(succeeded > 0, "no write went through while the link pointed inside");
    await Deno.remove(root, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  },
);
