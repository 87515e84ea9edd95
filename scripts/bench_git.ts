/**
 * Git mode's speed, on a loopback `git daemon`, all measured in one run:
 *
 * - a `change_task` round trip over HTTP in git mode (fetch, commit, push inside) against the
 *   plain git commands that same work needs (`git fetch`, `git commit -a`, `git push`, and the
 *   edit of tasks.md), timed here;
 * - `changes_active` in git mode against the same server without git, on 1000 changes;
 * - two instances on two clones of one remote, ticking concurrently: mutations per second
 *   together, and whether every tick is on the remote.
 *
 * Usage: `bun scripts/bench_git.ts [--runs=40] [--ticks=200] [--out=bench/git.md]` after
 * `bun scripts/build.ts` (it runs dist/task-mcp).
 *
 * @module
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import process from "node:process";
import { makeBenchRepo } from "./bench_repo.ts";

const option = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const RUNS = Number(option("runs", "40"));
const TICKS = Number(option("ticks", "200"));
const OUT = option("out", "bench/git.md");
const BIN = `${process.cwd()}/dist/task-mcp`;

const git = (cwd: string, ...args: string[]) => {
  const out = spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "B",
      GIT_AUTHOR_EMAIL: "b@x",
      GIT_COMMITTER_NAME: "B",
      GIT_COMMITTER_EMAIL: "b@x",
    },
  });
  if (out.status !== 0) throw new Error(`git ${args.join(" ")}: ${out.stderr}`);
  return out.stdout;
};
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]!;
const ms = (n: number) => n.toFixed(2);

/** A remote seeded from `seed` (a folder holding openspec/), served by its own git daemon. */
async function remote(seed: string, base: string) {
  mkdirSync(base, { recursive: true });
  git(base, "init", "-q", "--bare", "-b", "main", "remote.git");
  git(seed, "init", "-q", "-b", "main");
  git(seed, "add", "-A");
  git(seed, "commit", "-q", "-m", "Seed");
  git(seed, "push", "-q", `${base}/remote.git`, "main");
  const port = await freePort();
  const daemon = spawn("git", [
    "daemon",
    "--enable=receive-pack",
    `--base-path=${base}`,
    "--export-all",
    "--reuseaddr",
    "--listen=127.0.0.1",
    `--port=${port}`,
    base,
  ], { stdio: "ignore" });
  const url = `git://127.0.0.1:${port}/remote.git`;
  for (let i = 0; spawnSync("git", ["ls-remote", url]).status !== 0; i++) {
    if (i > 100) throw new Error("git daemon did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, daemon };
}

/** Starts the binary on `root`; resolves to its URL once it listens. */
function serve(root: string, args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(BIN, ["serve", "--root", root, "--port", "0", "--stateless", ...args], {
    env: {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? "/tmp",
      RATE_LIMIT: "0",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let text = "";
    child.stderr!.on("data", (chunk) => {
      text += chunk;
      const port = /"msg":"listening".*?"port":(\d+)/.exec(text)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}`, child });
    });
    child.on("exit", () => reject(new Error(`server exited: ${text}`)));
  });
}

async function call(url: string, name: string, args: Record<string, unknown>) {
  const res = await fetch(`${url}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      "mcp-protocol-version": "2025-06-18",
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name, arguments: args },
    }),
  });
  const body = await res.json() as {
    result: { isError?: boolean; structuredContent: Record<string, unknown> };
  };
  if (body.result.isError) throw new Error(JSON.stringify(body.result.structuredContent));
  return body.result.structuredContent;
}

const tasksFile = (n: number) =>
  `## 1. Work\n\n${
    Array.from({ length: n }, (_, i) => `- [ ] 1.${i + 1} Task ${i + 1}`).join("\n")
  }\n`;

const scratch = `${process.env.TMPDIR ?? "/tmp"}/task-mcp-bench-git-${process.pid}`;
const cleanup: Array<() => void> = [];
try {
  // 1. A change_task round trip against the plain git commands.
  const seed = `${scratch}/seed`;
  mkdirSync(`${seed}/openspec/changes/ticks`, { recursive: true });
  mkdirSync(`${seed}/openspec/specs`, { recursive: true });
  writeFileSync(`${seed}/openspec/changes/ticks/tasks.md`, tasksFile(2 * RUNS + TICKS));
  writeFileSync(
    `${seed}/openspec/changes/ticks/.openspec.yaml`,
    "schema: spec-driven\ncreated: 2026-01-01\n",
  );
  const one = await remote(seed, `${scratch}/one`);
  cleanup.push(() => one.daemon.kill());
  git(scratch, "clone", "-q", one.url, `${scratch}/plain`);
  const plain: number[] = [];
  const file = `${scratch}/plain/openspec/changes/ticks/tasks.md`;
  for (let i = 1; i <= RUNS; i++) {
    const started = performance.now();
    git(`${scratch}/plain`, "fetch", "-q", "origin");
    writeFileSync(file, readFileSync(file, "utf8").replace(`- [ ] 1.${i} `, `- [x] 1.${i} `));
    git(`${scratch}/plain`, "commit", "-q", "-a", "-m", `Tick 1.${i}`);
    git(`${scratch}/plain`, "push", "-q", "origin", "HEAD:main");
    plain.push(performance.now() - started);
  }
  mkdirSync(`${scratch}/a`);
  const a = await serve(`${scratch}/a`, ["--git-remote", one.url]);
  cleanup.push(() => a.child.kill());
  const ours: number[] = [];
  for (let i = RUNS + 1; i <= 2 * RUNS; i++) {
    const started = performance.now();
    const tick = await call(a.url, "change_task", { slug: "ticks", task: `1.${i}`, done: true });
    ours.push(performance.now() - started);
    if (!(tick.receipt as { pushed: boolean }).pushed) throw new Error("a tick was not pushed");
  }

  console.error("round trips measured");
  // 2. Listing speed, git mode against plain, on 1000 changes.
  const big = makeBenchRepo(1000, "task-mcp-bench-git-list-");
  cleanup.push(() => rmSync(big, { recursive: true, force: true }));
  const copy = `${scratch}/list-plain`;
  spawnSync("cp", ["-a", big, copy]);
  const two = await remote(big, `${scratch}/two`);
  cleanup.push(() => two.daemon.kill());
  mkdirSync(`${scratch}/list-git`);
  const listGit = await serve(`${scratch}/list-git`, ["--git-remote", two.url]);
  cleanup.push(() => listGit.child.kill());
  const listPlain = await serve(copy, []);
  cleanup.push(() => listPlain.child.kill());
  const listing = { git: [] as number[], plain: [] as number[] };
  for (let i = 0; i < 30; i++) {
    await call(listGit.url, "changes_active", { limit: 50 });
    await call(listPlain.url, "changes_active", { limit: 50 });
  }
  for (let i = 0; i < 200; i++) {
    for (const [name, url] of [["git", listGit.url], ["plain", listPlain.url]] as const) {
      const started = performance.now();
      await call(url, "changes_active", { limit: 50 });
      listing[name].push(performance.now() - started);
    }
  }

  console.error("listings measured");
  // 3. Two instances on one remote, ticking at once.
  mkdirSync(`${scratch}/b`);
  const b = await serve(`${scratch}/b`, ["--git-remote", one.url]);
  cleanup.push(() => b.child.kill());
  const first = 2 * RUNS + 1;
  const started = performance.now();
  const results = await Promise.all(
    Array.from(
      { length: TICKS },
      (_, k) =>
        call(k % 2 ? b.url : a.url, "change_task", {
          slug: "ticks",
          task: `1.${first + k}`,
          done: true,
        })
          .then(() => true, () => false),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const check = `${scratch}/check`;
  git(scratch, "clone", "-q", one.url, check);
  const ticked =
    readFileSync(`${check}/openspec/changes/ticks/tasks.md`, "utf8").match(/- \[x\]/g)?.length ?? 0;
  const lost = 2 * RUNS + TICKS - ticked;

  const ratio = median(ours) / median(plain);
  const listRatio = median(listing.git) / median(listing.plain);
  const rate = TICKS / seconds;
  const report = `# Git mode benchmark

Command: \`bun scripts/bench_git.ts --runs=${RUNS} --ticks=${TICKS}\` (run ${
    new Date().toISOString()
  },
${process.platform}/${process.arch}, ${cpus().length} CPUs, git ${
    git(scratch, "--version").trim().replace("git version ", "")
  }).
Remotes are bare repositories served by \`git daemon\` on 127.0.0.1; the server is \`dist/task-mcp\`
with \`--stateless\`, called over HTTP from this script. Times in milliseconds.

## \`change_task\` round trip against the plain git commands

| work | runs | median | p99 |
| --- | --- | --- | --- |
| plain git: \`git fetch\` + edit tasks.md + \`git commit -a\` + \`git push\` | ${RUNS} | ${
    ms(median(plain))
  } | ${ms(p99(plain))} |
| task-mcp git mode: \`change_task\` over HTTP (fetch, commit, push inside) | ${RUNS} | ${
    ms(median(ours))
  } | ${ms(p99(ours))} |

Ratio of medians: **${ratio.toFixed(2)}×** (target ≤ 1.3×).

## \`changes_active\` (first page of 50, 1000 changes), 200 calls each, alternating

| server | median | p99 |
| --- | --- | --- |
| plain | ${ms(median(listing.plain))} | ${ms(p99(listing.plain))} |
| git mode | ${ms(median(listing.git))} | ${ms(p99(listing.git))} |

Git mode / plain: **${listRatio.toFixed(2)}×** (target within 10%).

## Two instances on two clones of one remote

${TICKS} \`change_task\` calls sent at once, alternately to each instance, each ticking its own task
of one tasks.md: ${results.filter(Boolean).length} succeeded in ${seconds.toFixed(2)} s —
**${rate.toFixed(1)} mutations/s** together (target ≥ 20). Ticks on the remote afterwards:
${ticked} of ${2 * RUNS + TICKS} (lost: ${lost}).
`;
  writeFileSync(OUT, report);
  console.log(report);
} finally {
  for (const fn of cleanup.reverse()) {
    try {
      fn();
    } catch { /* gone */ }
  }
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(0);
