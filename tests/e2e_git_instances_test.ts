/**
 * Two servers, each on its own clone (two machines), sharing one remote over the git protocol
 * and driven at once over HTTP: git's atomic ref update is the only arbiter between them.
 */
import { assertEquals } from "@std/assert";
import { PROPOSAL } from "./helpers/http_lifecycle.ts";
import {
  callTool,
  type GitScratch,
  gitScratch,
  remoteLog,
  startGitDaemon,
  startGitServer,
} from "./helpers/git_remote.ts";
import type { HttpServer } from "./helpers/http_server.ts";
import { openspec, snapshot } from "./helpers/repo.ts";
import { targets } from "./helpers/targets.ts";

const target = targets()[0]!;
const ARCHIVES = 4;

const requirement = (name: string) =>
  `### Requirement: ${name}\nThe system SHALL support ${name.toLowerCase()}.\n\n` +
  `#### Scenario: ${name} works\n- **WHEN** a user asks for it\n- **THEN** it happens\n`;

/** Pushes, as a person would, a capability and changes that each add a requirement to it. */
async function seedChanges(scratch: GitScratch): Promise<void> {
  const dir = await scratch.clone("person");
  const write = async (path: string, text: string) => {
    await Deno.mkdir(`${dir}/${path.slice(0, path.lastIndexOf("/"))}`, { recursive: true });
    await Deno.writeTextFile(`${dir}/${path}`, text);
  };
  await write(
    "openspec/specs/auth/spec.md",
    `# auth Specification\n\n## Purpose\nSign-in for users of the product.\n\n## Requirements\n\n${
      requirement("Base")
    }`,
  );
  for (let i = 1; i <= ARCHIVES; i++) {
    const change = `openspec/changes/feature-${i}`;
    await write(`${change}/.openspec.yaml`, "schema: spec-driven\ncreated: 2026-01-01\n");
    await write(`${change}/proposal.md`, PROPOSAL);
    await write(`${change}/tasks.md`, "## 1. Work\n\n- [x] 1.1 Done\n");
    await write(
      `${change}/specs/auth/spec.md`,
      `## ADDED Requirements\n\n${requirement(`Feature ${i}`)}`,
    );
  }
  await write(
    "openspec/changes/ticks/tasks.md",
    `## 1. Work\n\n${
      Array.from({ length: 20 }, (_, i) => `- [ ] 1.${i + 1} Task ${i + 1}`).join("\n")
    }\n`,
  );
  await write(
    "openspec/changes/ticks/.openspec.yaml",
    "schema: spec-driven\ncreated: 2026-01-01\n",
  );
  await scratch.git(dir, "add", "-A");
  await scratch.git(dir, "commit", "-q", "-m", "Changes to archive");
  await scratch.git(dir, "push", "-q", "origin", "HEAD:main");
}

Deno.test({
  name: `[${target.name}] two instances on one remote lose and duplicate nothing`,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const scratch = await gitScratch();
    await seedChanges(scratch);
    const seeded = (await scratch.git(`${scratch.dir}/remote.git`, "rev-parse", "main")).trim();
    const daemon = await startGitDaemon(scratch.dir);
    const servers: HttpServer[] = [];
    try {
      for (const name of ["a", "b"]) {
        await Deno.mkdir(`${scratch.dir}/${name}`);
        servers.push(await startGitServer(target, `${scratch.dir}/${name}`, daemon.url));
      }
      const call = (i: number, name: string, args: Record<string, unknown>) =>
        callTool(servers[i % 2]!.url, name, args);

      // 50 opens of 10 slugs: each slug created once, the others told it exists.
      const opened = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          call(i, "change_open", {
            title: "Concurrent",
            slug: `slug-${i % 10}`,
            template: "chore",
          })),
      );
      const codes = opened.map((r) => (r.error as { code?: string } | undefined)?.code ?? "ok");
      assertEquals(codes.filter((c) => c === "ok").length, 10, codes.join(","));
      assertEquals(codes.filter((c) => c === "CHANGE_ALREADY_EXISTS").length, 40);
      const log = await remoteLog(scratch);
      for (let k = 0; k < 10; k++) {
        assertEquals(log.filter((l) => l.endsWith(`|openspec: open slug-${k}`)).length, 1);
      }

      // Ticks of different tasks of one change, from both: every tick lands.
      const ticks = await Promise.all(
        Array.from(
          { length: 20 },
          (_, i) => call(i, "change_task", { slug: "ticks", task: `1.${i + 1}`, done: true }),
        ),
      );
      assertEquals(ticks.filter((r) => r.error).length, 0, JSON.stringify(ticks));
      const tasks = await scratch.git(
        `${scratch.dir}/remote.git`,
        "show",
        "main:openspec/changes/ticks/tasks.md",
      );
      assertEquals(tasks.match(/- \[x\]/g)?.length, 20, tasks);

      // Archives of changes that all add to one capability: each merged exactly once.
      const archived = await Promise.all(
        Array.from(
          { length: ARCHIVES },
          (_, i) => call(i, "change_archive", { slug: `feature-${i + 1}` }),
        ),
      );
      assertEquals(archived.filter((r) => r.error).length, 0, JSON.stringify(archived));
      const order = (await remoteLog(scratch)).map((l) => /openspec: archive (\S+)$/.exec(l)?.[1])
        .filter((s): s is string => !!s);
      assertEquals(order.length, ARCHIVES);
      // The CLI archives the same changes, in the order the remote's history shows.
      const cli = await scratch.clone("cli");
      await scratch.git(cli, "checkout", "-q", seeded);
      for (const slug of order) {
        assertEquals((await openspec(cli, "archive", slug, "--yes")).code, 0);
      }
      const fresh = await scratch.clone("fresh");
      const specs = (dir: string) => snapshot(`${dir}/openspec/specs`);
      assertEquals(await specs(fresh), await specs(cli));
      const merged = (await specs(fresh))["auth/spec.md"]!;
      for (let i = 1; i <= ARCHIVES; i++) {
        assertEquals(merged.split(`### Requirement: Feature ${i}\n`).length, 2, merged);
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await daemon.stop();
      await scratch.remove();
    }
  },
});
