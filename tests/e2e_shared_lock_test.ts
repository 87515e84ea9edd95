/**
 * The repository lock between real processes that share nothing but the folder: two servers
 * that are each pid 1 of their own PID namespace (two containers on one volume), ticking and
 * archiving at once.
 */
import { assertEquals } from "@std/assert";
import { initialize, spawnRaw } from "./helpers/raw.ts";
import { seedRules } from "./helpers/rules_repo.ts";
import { inPidNamespace, noPidNamespaces, scratchProject } from "./helpers/shared_volume.ts";
import { eachTarget } from "./helpers/targets.ts";

type CallResult = { isError?: boolean; structuredContent?: unknown };
const TASKS = 200;
const ARCHIVES = 8;

eachTarget(
  "two servers that are both pid 1 lose no tick and no archived requirement",
  async (t) => {
    const root = await scratchProject();
    await seedRules(root, ARCHIVES);
    const change = `${root}/openspec/changes/ticks`;
    await Deno.mkdir(change, { recursive: true });
    await Deno.writeTextFile(
      `${change}/.openspec.yaml`,
      "schema: spec-driven\ncreated: 2026-01-01\n",
    );
    const lines = Array.from({ length: TASKS }, (_, i) => `- [ ] 1.${i + 1} Task ${i + 1}`);
    await Deno.writeTextFile(`${change}/tasks.md`, `## 1. Work\n\n${lines.join("\n")}\n`);
    const servers = [spawnRaw(inPidNamespace(t), root), spawnRaw(inPidNamespace(t), root)];
    await Promise.all(servers.map(initialize));
    const sent: number[][] = [[], []];
    const send = (i: number, name: string, args: Record<string, unknown>) => {
      sent[i % 2]!.push(i);
      return servers[i % 2]!.send({
        jsonrpc: "2.0",
        id: i,
        method: "tools/call",
        params: { name, arguments: args },
      });
    };
    // Everything at once: every tick, and the archives in between.
    await Promise.all([
      ...Array.from(
        { length: TASKS },
        (_, i) => send(i + 1, "change_task", { slug: "ticks", task: `1.${i + 1}`, done: true }),
      ),
      ...Array.from(
        { length: ARCHIVES },
        (_, i) => send(1000 + i, "change_archive", { slug: `rule-${i}` }),
      ),
    ]);
    for (const [s, ids] of sent.entries()) {
      for (const id of ids) {
        const result = (await servers[s]!.response(id, 30_000)).result as CallResult;
        assertEquals(result.isError, undefined, JSON.stringify(result));
      }
    }
    for (const s of servers) {
      await s.closeStdin();
      assertEquals((await s.status()).code, 0);
    }
    const tasks = await Deno.readTextFile(`${change}/tasks.md`);
    assertEquals(tasks.match(/- \[x\]/g)?.length, TASKS, "every tick is in tasks.md");
    const spec = await Deno.readTextFile(`${root}/openspec/specs/rules/spec.md`);
    const merged = [...spec.matchAll(/### Requirement: Rule (-?\d+)/g)].map((m) => Number(m[1]));
    assertEquals(
      merged.sort((a, b) => a - b),
      Array.from({ length: ARCHIVES + 1 }, (_, i) => i - 1),
    );
  },
  { ignore: noPidNamespaces !== undefined },
);
