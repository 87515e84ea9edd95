/**
 * `openspec status --json` and `openspec instructions <artifact|apply|archive> --json` of the
 * real CLI against task-mcp's, on every interop fixture and on projects with custom schemas.
 *
 * Normalised, because they describe how the CLI was started rather than the repository:
 * `root.source` (how the CLI found the project: `nearest`, `--store`…) is dropped from the
 * CLI's JSON, and task-mcp's own `next` (the task-mcp call to make) from ours. Absolute paths
 * are compared as they are: both sides run on the same folder.
 */
import { assertEquals } from "@std/assert";
import { createDiskFileSystem } from "../src/fs/disk.ts";
import { createRepoContext } from "../src/repository/context.ts";
import { changeStatus } from "../src/workflow/change_status.ts";
import { instructions } from "../src/workflow/instructions.ts";
import { type CliJob, runCliBatch } from "./helpers/cli_batch.ts";
import { copyDir } from "./helpers/repo.ts";
import { PROJECT } from "./helpers/targets.ts";

const FIXTURES = `${PROJECT}/tests/fixtures/openspec`;

/** Three custom schemas; `research-first` tracks its tasks in `plan/todo.md`. */
const SCHEMAS: Record<string, Record<string, string>> = {
  "research-first": {
    "schema.yaml": `name: research-first
version: 1
description: Research, then propose, specify and plan
artifacts:
  - id: research
    generates: research.md
    description: What we learned first
    template: research.md
    instruction: |
      Write down what you found out.
  - id: proposal
    generates: proposal.md
    description: The proposal
    template: proposal.md
    requires: [research]
  - id: specs
    generates: "specs/**/*.md"
    description: Delta specs
    template: spec.md
    requires: [proposal]
  - id: plan
    generates: plan/todo.md
    description: The plan as a checklist
    template: todo.md
    requires: [specs, proposal]
apply:
  requires: [plan]
  tracks: plan/todo.md
  instruction: Work through plan/todo.md top to bottom.
`,
    "templates/research.md": "# Research\n\n## Findings\n",
    "templates/proposal.md": "# Proposal\n\n## Why\n\n## What Changes\n",
    "templates/spec.md": "## ADDED Requirements\n",
    "templates/todo.md": "# Todo\n\n- [ ] 1.1 First step\n",
  },
  minimal: {
    "schema.yaml": `name: minimal
version: 1
artifacts:
  - id: notes
    generates: notes.md
    description: Free-form notes
    template: notes.md
`,
    "templates/notes.md": "# Notes\n",
  },
  "docs-glob": {
    "schema.yaml": `name: docs-glob
version: 2
artifacts:
  - id: brief
    generates: brief.md
    description: The brief
    template: brief.md
  - id: chapters
    generates: "chapters/*.md"
    description: One file per chapter
    template: chapter.md
    requires: [brief]
  - id: review
    generates: review.md
    description: Review notes
    template: review.md
    requires: [brief, chapters]
apply:
  requires: [review]
  tracks: checklist.md
`,
    "templates/brief.md": "# Brief\n",
    "templates/chapter.md": "# Chapter\n",
    "templates/review.md": "# Review\n",
  },
};

const CONFIG = `schema: research-first
context: |
  We write TypeScript and test with Deno.
rules:
  proposal:
    - Keep it under a page
  plan:
    - One checkbox per step
operations:
  apply:
    guidance:
      - Run the tests after every step
  archive:
    guidance:
      - Summarise the outcome
`;

/** Changes of the custom-schema project, at several stages, by folder and files. */
const CUSTOM_CHANGES: Record<string, Record<string, string>> = {
  "fresh-research": { ".openspec.yaml": "schema: research-first\n" },
  "config-default": { "research.md": "# R\n" },
  "half-way": {
    ".openspec.yaml": "schema: research-first\n",
    "research.md": "# R\n",
    "proposal.md": "# P\n",
  },
  "planned": {
    ".openspec.yaml": "schema: research-first\n",
    "research.md": "# R\n",
    "proposal.md": "# P\n",
    "specs/notes/spec.md": "## ADDED Requirements\n",
    "specs/stray.md": "## ADDED Requirements\n\n### Requirement: X\nThe system SHALL x.\n",
    "plan/todo.md": "# Todo\n\n- [x] 1.1 Done\n- [ ] 1.2 Open\n- [ ]\n",
  },
  "plan-done": {
    ".openspec.yaml": "schema: research-first\n",
    "research.md": "# R\n",
    "proposal.md": "# P\n",
    "specs/x/spec.md": "## ADDED Requirements\n",
    "plan/todo.md": "- [x] 1.1 Done\n- [X] 1.2 Done too\n",
  },
  "skipping-specs": {
    ".openspec.yaml": "schema: research-first\nskip_specs: true\n",
    "research.md": "# R\n",
    "proposal.md": "# P\n",
  },
  "notes-empty": { ".openspec.yaml": "schema: minimal\n" },
  "notes-done": { ".openspec.yaml": "schema: minimal\n", "notes.md": "# N\n" },
  "docs-started": {
    ".openspec.yaml": "schema: docs-glob\n",
    "brief.md": "# B\n",
    "chapters/01-intro.md": "# I\n",
    "chapters/.draft.md": "# hidden\n",
  },
  "docs-reviewed": {
    ".openspec.yaml": "schema: docs-glob\n",
    "brief.md": "# B\n",
    "chapters/b.md": "# B\n",
    "chapters/a.md": "# A\n",
    "review.md": "# R\n",
  },
  "unknown-schema": { ".openspec.yaml": "schema: nowhere\n" },
};

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const full = `${dir}/${path}`;
    await Deno.mkdir(full.slice(0, full.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(full, text);
  }
}

async function changeNames(root: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(`${root}/openspec/changes`)) {
      if (e.isDirectory && e.name !== "archive") names.push(e.name);
    }
  } catch { /* no changes */ }
  return names.sort();
}

const ARTIFACT_GUESSES = [
  "proposal",
  "specs",
  "design",
  "tasks",
  "research",
  "plan",
  "notes",
  "brief",
  "chapters",
  "review",
  "nope",
];

/** Ours; a refusal as the CLI prints one: `{status: [{code, message, severity}]}`. */
async function ours(root: string, args: string[]): Promise<unknown> {
  const ctx = createRepoContext({ fs: createDiskFileSystem({ root }) });
  const change = args[args.indexOf("--change") + 1]!;
  try {
    const data = args[0] === "status"
      ? await changeStatus(ctx, change)
      : await instructions(ctx, change, args[1]!);
    const { next: _, ...rest } = data as Record<string, unknown>;
    return JSON.parse(JSON.stringify(rest));
  } catch (error) {
    const details = (error as { details?: { openspec?: unknown } }).details;
    if (details?.openspec === undefined) throw error;
    return { status: [details.openspec] };
  }
}

function normalise(cli: unknown): unknown {
  if (!cli || typeof cli !== "object") return cli;
  const { root, ...rest } = cli as { root?: { source?: string } };
  if (!root) return rest;
  const { source: _, ...path } = root;
  return { ...rest, root: path };
}

/** The CLI jobs of every change of the projects. */
async function jobsFor(roots: string[]): Promise<CliJob[]> {
  const jobs: CliJob[] = [];
  for (const root of roots) {
    for (const name of await changeNames(root)) {
      jobs.push({ cwd: root, args: ["status", "--change", name, "--json"] });
      for (const what of [...ARTIFACT_GUESSES, "apply", "archive"]) {
        jobs.push({ cwd: root, args: ["instructions", what, "--change", name, "--json"] });
      }
    }
  }
  return jobs;
}

/** Runs the jobs in two CLI processes and compares each answer with ours. */
async function compareProjects(roots: string[]): Promise<number> {
  const jobs = await jobsFor(roots);
  const half = Math.ceil(jobs.length / 2);
  const cli = (await Promise.all([
    runCliBatch(jobs.slice(0, half)),
    runCliBatch(jobs.slice(half)),
  ])).flat();
  let compared = 0;
  for (const [i, job] of jobs.entries()) {
    let expected = normalise(cli[i]);
    let actual = await ours(job.cwd, job.args);
    // Parser messages (YAML, schema fields) are worded by different libraries: a refusal is
    // compared on its severity, its code and its message up to the first colon.
    const refusal = (x: unknown) => (x as { status?: { message: string }[] })?.status?.[0];
    if (refusal(expected) && refusal(actual)) {
      const cut = (x: unknown) => ({ ...refusal(x), message: refusal(x)!.message.split(":")[0] });
      [expected, actual] = [cut(expected), cut(actual)];
    }
    assertEquals(actual, expected, `${job.cwd}: openspec ${job.args.join(" ")}`);
    if (expected !== undefined) compared++;
  }
  return compared;
}

Deno.test("status and instructions match the CLI on every interop fixture", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "task-mcp-workflow-" });
  try {
    const roots: string[] = [];
    for await (const fixture of Deno.readDir(FIXTURES)) {
      if (!fixture.isDirectory) continue;
      roots.push(`${tmp}/${fixture.name}`);
      await copyDir(`${FIXTURES}/${fixture.name}`, roots.at(-1)!);
    }
    const compared = await compareProjects(roots);
    assertEquals(compared > 500, true, `only ${compared} answers compared`);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("status and instructions match the CLI on three custom schemas", async () => {
  const root = await Deno.makeTempDir({ prefix: "task-mcp-workflow-" });
  try {
    for (const [name, files] of Object.entries(SCHEMAS)) {
      await writeFiles(`${root}/openspec/schemas/${name}`, files);
    }
    await writeFiles(`${root}/openspec`, { "config.yaml": CONFIG });
    await Deno.mkdir(`${root}/openspec/specs`, { recursive: true });
    for (const [name, files] of Object.entries(CUSTOM_CHANGES)) {
      await Deno.mkdir(`${root}/openspec/changes/${name}`, { recursive: true });
      await writeFiles(`${root}/openspec/changes/${name}`, files);
    }
    const compared = await compareProjects([root]);
    assertEquals(compared > 60, true, `only ${compared} answers compared`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
