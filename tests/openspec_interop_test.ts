/** Interoperability test: our OpenSpec engine against the real `openspec` CLI on every fixture repo. @module */
import { assertEquals } from "@std/assert";
import { runCliBatchRaw } from "./helpers/cli_batch.ts";
import {
  archiveName,
  type ChangeFiles,
  countTasks,
  planArchive,
  showChange,
  validateChange,
} from "../src/openspec/mod.ts";

const ROOT = new URL("../", import.meta.url);
const CLI = new URL("node_modules/@fission-ai/openspec/bin/openspec.js", ROOT).pathname;
const FIXTURES = new URL("tests/fixtures/openspec/", ROOT).pathname;
/** The CLI reads files with Node's UTF-8 decoder, which keeps a leading BOM. */
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const LANES = 2;

type Files = Map<string, Uint8Array>;

/** Every file under `dir`, keyed by POSIX path relative to it. */
async function readTree(dir: string, prefix = ""): Promise<Files> {
  const files: Files = new Map();
  const entries = [];
  for await (const entry of Deno.readDir(dir)) entries.push(entry);
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    const full = `${dir}/${entry.name}`;
    if (entry.isDirectory) {
      for (const [path, bytes] of await readTree(full, rel)) files.set(path, bytes);
    } else if (entry.isFile) {
      files.set(rel, await Deno.readFile(full));
    }
  }
  return files;
}

async function writeTree(dir: string, files: Files): Promise<void> {
  for (const [path, bytes] of files) {
    const full = `${dir}/${path}`;
    await Deno.mkdir(full.slice(0, full.lastIndexOf("/")), { recursive: true });
    await Deno.writeFile(full, bytes);
  }
}

/**
 * CLI runs are batched, many in one Node process (`tests/helpers/cli_batch.ts`): Node start-up
 * dominates a CLI run. The "batch fidelity" test below checks that a batched run prints what a
 * separately spawned CLI prints.
 */
const CLI_ENV = { OPENSPEC_TELEMETRY: "0", NO_COLOR: "1" };

interface Job {
  cwd: string;
  args: string[];
}

function parseJson(stdout: string, job: Job): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`openspec ${job.args.join(" ")} printed no JSON:\n${stdout}`);
  }
}

/** Runs `jobs` in one batched Node process and returns each job's parsed JSON output. */
async function runBatch(jobs: Job[]): Promise<unknown[]> {
  return (await runCliBatchRaw(jobs)).map(({ stdout }, i) => parseJson(stdout, jobs[i] as Job));
}

/** Runs jobs split over a few batched processes (one per core). */
async function runJobs(jobs: Job[]): Promise<unknown[]> {
  const lanes: Job[][] = Array.from({ length: LANES }, () => []);
  jobs.forEach((job, i) => lanes[i % LANES]?.push(job));
  const outputs = await Promise.all(
    lanes.map((lane) => lane.length ? runBatch(lane) : Promise.resolve([])),
  );
  return jobs.map((_, i) => outputs[i % LANES]?.[Math.floor(i / LANES)]);
}

/** One real `openspec` process, as a user would run it. */
async function runCliProcess(job: Job): Promise<unknown> {
  const output = await new Deno.Command("node", {
    args: [CLI, ...job.args],
    cwd: job.cwd,
    env: CLI_ENV,
    stdout: "piped",
  })
    .output();
  return parseJson(new TextDecoder().decode(output.stdout), job);
}

function changeFiles(files: Files, name: string): ChangeFiles {
  const base = `openspec/changes/${name}/`;
  const text = (path: string) => {
    const bytes = files.get(base + path);
    return bytes === undefined ? undefined : decoder.decode(bytes);
  };
  const change: ChangeFiles = { name, specFiles: [] };
  const metadataText = text(".openspec.yaml");
  const tasksText = text("tasks.md");
  const proposalText = text("proposal.md");
  if (metadataText !== undefined) change.metadataText = metadataText;
  if (tasksText !== undefined) change.tasksText = tasksText;
  if (proposalText !== undefined) change.proposalText = proposalText;
  for (const [path, bytes] of files) {
    if (!path.startsWith(`${base}specs/`)) continue;
    const rel = path.slice(`${base}specs/`.length);
    if (rel.split("/").some((segment) => segment.startsWith("."))) continue;
    change.specFiles.push({ path: rel, text: decoder.decode(bytes) });
  }
  return change;
}

function mainSpecReader(files: Files) {
  return (capability: string) => {
    const bytes = files.get(`openspec/specs/${capability}/spec.md`);
    return bytes === undefined ? undefined : decoder.decode(bytes);
  };
}

/** Names of the active changes of a fixture repo. */
function changeNames(files: Files): string[] {
  const names = new Set<string>();
  for (const path of files.keys()) {
    const match = /^openspec\/changes\/([^/]+)\//.exec(path);
    if (match?.[1] && match[1] !== "archive") names.add(match[1]);
  }
  return [...names].sort();
}

/** The main specs after applying our archive plan to the fixture's files. */
function expectedSpecs(files: Files, plan: ReturnType<typeof planArchive>): Map<string, string> {
  const specs = new Map<string, string>();
  for (const [path, bytes] of files) {
    if (path.startsWith("openspec/specs/")) specs.set(path, decoder.decode(bytes));
  }
  if (!plan.ok) return specs;
  for (const spec of plan.specs) {
    const path = `openspec/specs/${spec.capability}/spec.md`;
    if (spec.action === "delete") specs.delete(path);
    else if (spec.text !== undefined) specs.set(path, spec.text);
  }
  return specs;
}

interface CliResults {
  list: unknown;
  validate: unknown;
  show: unknown;
  archive: unknown;
  specsAfter: Map<string, string>;
  specsDir: string;
}

async function readSpecs(dir: string): Promise<Map<string, string>> {
  const specs = new Map<string, string>();
  const root = `${dir}/openspec/specs`;
  if (!(await Deno.stat(root).then(() => true, () => false))) return specs;
  for (const [path, bytes] of await readTree(root, "openspec/specs")) {
    specs.set(path, decoder.decode(bytes));
  }
  return specs;
}

interface Case {
  id: string;
  files: Files;
  name: string;
  readDir: string;
  archiveDir: string;
}

/** Copies every fixture, runs validate/show on one copy and archive on another, all batched. */
async function runAll(cases: Case[]): Promise<CliResults[]> {
  const jobs: Job[] = [];
  const listJob = new Map<string, number>();
  for (const c of cases) {
    if (!listJob.has(c.readDir)) {
      listJob.set(c.readDir, jobs.length);
      jobs.push({ cwd: c.readDir, args: ["list", "--json"] });
    }
    jobs.push({ cwd: c.readDir, args: ["validate", c.name, "--strict", "--json"] });
    jobs.push({ cwd: c.readDir, args: ["show", c.name, "--json"] });
    jobs.push({ cwd: c.archiveDir, args: ["archive", c.name, "--yes", "--json"] });
  }
  const outputs = await runJobs(jobs);
  return Promise.all(cases.map(async (c) => {
    const at = jobs.findIndex((job) => job.cwd === c.readDir && job.args[1] === c.name);
    return {
      list: outputs[listJob.get(c.readDir) ?? -1],
      validate: outputs[at],
      show: outputs[at + 1],
      archive: outputs[at + 2],
      specsAfter: await readSpecs(c.archiveDir),
      specsDir: `${await Deno.realPath(c.archiveDir)}/openspec/specs`,
    };
  }));
}

type Json = Record<string, unknown>;

function compare(files: Files, name: string, cli: CliResults): void {
  const change = changeFiles(files, name);
  const reader = mainSpecReader(files);

  // list --json: task progress of this change.
  const listed = ((cli.list as Json).changes as Json[]).find((entry) => entry.name === name) ?? {};
  const progress = countTasks(change.tasksText ?? "");
  assertEquals<unknown>(
    { totalTasks: progress.total, completedTasks: progress.completed },
    { totalTasks: listed.totalTasks, completedTasks: listed.completedTasks },
    `task progress of ${name}`,
  );

  // validate --strict --json: identical issues (durationMs ignored).
  const item = ((cli.validate as Json).items as Json[])[0] ?? {};
  const issues = validateChange(change, reader);
  assertEquals<unknown>(issues, item.issues, `validate issues of ${name}`);
  const strictValid = !issues.some((issue) => issue.level !== "INFO");
  assertEquals<unknown>(strictValid, item.valid, `validate verdict of ${name}`);

  // show --json: same data, or the same error.
  const shown = showChange(change);
  const cliShow = cli.show as Json;
  if (cliShow.status) {
    assertEquals<unknown>(
      shown.ok ? undefined : shown.message,
      (cliShow.status as Json[])[0]?.message,
      `show error of ${name}`,
    );
  } else {
    const { root: _root, ...value } = cliShow;
    assertEquals<unknown>(shown.ok ? shown.value : shown.message, value, `show of ${name}`);
  }

  // archive --yes --json: same verdict, same JSON fields, byte-identical specs.
  const now = new Date();
  const today = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
    .map((n) => String(n).padStart(2, "0")).join("-");
  const target = archiveName(name, today);
  const taken = [...files.keys()].some((path) =>
    path.startsWith(`openspec/changes/archive/${target}/`)
  );
  const plan = planArchive(change, reader, taken ? { existingArchive: target } : {}, {
    specsDir: cli.specsDir,
  });
  const cliArchive = cli.archive as Json;
  if (cliArchive.archive === null) {
    const status = (cliArchive.status as Json[])[0] ?? {};
    assertEquals<unknown>(
      plan.ok ? { ok: true } : { code: plan.code, message: plan.message, fix: plan.fix },
      { code: status.code, message: status.message, fix: status.fix },
      `archive failure of ${name}`,
    );
  } else {
    const result = cliArchive.archive as Json;
    assertEquals<unknown>(
      plan.ok
        ? { specsUpdated: plan.specsUpdated, totals: plan.totals, warnings: plan.warnings }
        : { code: plan.code, message: plan.message },
      { specsUpdated: result.specsUpdated, totals: result.totals, warnings: result.warnings ?? [] },
      `archive result of ${name}`,
    );
  }
  const expected = expectedSpecs(files, plan);
  assertEquals(
    [...cli.specsAfter.keys()].sort(),
    [...expected.keys()].sort(),
    `spec files after archiving ${name}`,
  );
  for (const [path, text] of cli.specsAfter) {
    assertEquals(
      JSON.stringify(expected.get(path)),
      JSON.stringify(text),
      `bytes of ${path} after archiving ${name}`,
    );
  }
}

const workDir = await Deno.makeTempDir({ prefix: "openspec-interop-" });
const cases: Case[] = [];
for (const entry of [...Deno.readDirSync(FIXTURES)].sort((a, b) => a.name < b.name ? -1 : 1)) {
  if (!entry.isDirectory) continue;
  const files = await readTree(`${FIXTURES}${entry.name}`);
  const readDir = `${workDir}/${entry.name}`;
  await writeTree(readDir, files);
  for (const name of changeNames(files)) {
    const archiveDir = `${workDir}/${entry.name}--archive-${name}`;
    await writeTree(archiveDir, files);
    cases.push({ id: `${entry.name}/${name}`, files, name, readDir, archiveDir });
  }
}
const results = runAll(cases);
// Failures surface in the tests that await the results.
results.catch(() => {});

cases.forEach((fixture, i) => {
  Deno.test({
    name: `openspec interop: ${fixture.id}`,
    // The batched CLI runs start before the tests so they overlap.
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => {
      const all = await results;
      compare(fixture.files, fixture.name, all[i] as CliResults);
    },
  });
});

function withoutVolatile(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v) => ["durationMs", "root", "path"].includes(key) ? undefined : v),
  );
}

Deno.test({
  name: "openspec interop: batched runs print what a spawned CLI prints",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await results.catch(() => {});
    const fixture = cases.find((c) => c.id.startsWith("all-four-ops/")) ?? cases[0];
    if (!fixture) return;
    const fresh = await Deno.makeTempDir({ prefix: "openspec-interop-" });
    try {
      await writeTree(fresh, fixture.files);
      const jobs: Job[] = [
        { cwd: fixture.readDir, args: ["validate", fixture.name, "--strict", "--json"] },
        { cwd: fixture.readDir, args: ["show", fixture.name, "--json"] },
      ];
      const spawned = await Promise.all([
        ...jobs.map(runCliProcess),
        runCliProcess({ cwd: fresh, args: ["archive", fixture.name, "--yes", "--json"] }),
      ]);
      const batched = (await results)[cases.indexOf(fixture)] as CliResults;
      assertEquals(
        withoutVolatile(spawned),
        withoutVolatile([batched.validate, batched.show, batched.archive]),
      );
      assertEquals(await readSpecs(fresh), batched.specsAfter);
    } finally {
      await Deno.remove(fresh, { recursive: true });
    }
  },
});

Deno.test({
  name: "openspec interop: clean up",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    await results.catch(() => {});
    await Deno.remove(workDir, { recursive: true });
  },
});
