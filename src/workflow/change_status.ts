/**
 * The data of `openspec status --change <name> --json`: every artifact of the change's schema
 * as done, ready, blocked or skipped, where each one is written, and the next step.
 *
 * @module
 */
import type { RepoContext } from "../repository/context.ts";
import { CHANGES } from "../repository/layout.ts";
import {
  buildOrder,
  type ChangeWorkflow,
  loadChangeWorkflow,
  outputsOf,
} from "./change_workflow.ts";
import { DEFAULT_SCHEMA } from "./schema_source.ts";

/** One artifact's state. */
export interface ArtifactStatus {
  id: string;
  outputPath: string;
  status: "done" | "ready" | "blocked" | "skipped";
  requires: string[];
  missingDeps?: string[];
}

/** Where the CLI says a change lives. */
export function planningHome(ctx: RepoContext) {
  return {
    kind: "repo",
    root: ctx.fs.root,
    changesDir: ctx.fs.absolute(CHANGES),
    defaultSchema: DEFAULT_SCHEMA,
  };
}

/** The artifacts' states, in build order. */
export function artifactStatuses(w: ChangeWorkflow): ArtifactStatus[] {
  const { artifacts } = w.loaded.schema;
  const position = new Map(artifacts.map((a, i) => [a.id, i]));
  const statuses = artifacts.map((a): ArtifactStatus => {
    const base = { id: a.id, outputPath: a.generates };
    if (w.skipped.has(a.id)) return { ...base, status: "skipped", requires: a.requires };
    if (w.completed.has(a.id)) return { ...base, status: "done", requires: a.requires };
    const missing = a.requires.filter((r) => !w.completed.has(r));
    if (missing.length === 0) return { ...base, status: "ready", requires: a.requires };
    missing.sort((x, y) => position.get(x)! - position.get(y)!);
    return { ...base, status: "blocked", requires: a.requires, missingDeps: missing };
  });
  const order = new Map(buildOrder(w).map((id, i) => [id, i]));
  return statuses.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

/** The CLI's next-step sentence: instructions for the first ready artifact, else apply. */
export function nextSteps(slug: string, statuses: ArtifactStatus[], complete: boolean): string[] {
  const ready = statuses.find((a) => a.status === "ready");
  if (ready) {
    const command = `openspec instructions ${ready.id} --change "${slug}" --json`;
    return [`Run ${command} before writing that artifact.`];
  }
  if (complete) {
    const command = `openspec instructions apply --change "${slug}" --json`;
    return [
      `All planning artifacts are complete. Run ${command} to inspect implementation progress.`,
    ];
  }
  return [];
}

/** `openspec status --json` for the change `slug`, plus `next`: the task-mcp call to make. */
export async function changeStatus(ctx: RepoContext, slug: string) {
  const w = await loadChangeWorkflow(ctx, slug);
  const { fs } = ctx;
  const changeRoot = fs.absolute(w.dir);
  const artifactPaths: Record<string, unknown> = {};
  for (const a of w.loaded.schema.artifacts) {
    artifactPaths[a.id] = {
      outputPath: a.generates,
      resolvedOutputPath: `${changeRoot}/${a.generates}`,
      existingOutputPaths: outputsOf(w, a.generates).map((p) => `${changeRoot}/${p}`),
    };
  }
  const artifacts = artifactStatuses(w);
  const isComplete = w.loaded.schema.artifacts.every((a) => w.completed.has(a.id));
  const ready = artifacts.find((a) => a.status === "ready");
  return {
    changeName: slug,
    schemaName: w.loaded.name,
    planningHome: planningHome(ctx),
    changeRoot,
    artifactPaths,
    isPlanningComplete: isComplete,
    isComplete,
    applyRequires: w.loaded.schema.apply?.requires ?? w.loaded.schema.artifacts.map((a) => a.id),
    nextSteps: nextSteps(slug, artifacts, isComplete),
    actionContext: {
      mode: "repo-local",
      sourceOfTruth: "repo",
      planningArtifacts: artifacts.map((a) => a.id),
      linkedContext: [],
      allowedEditRoots: [fs.root],
      requiresAffectedAreaSelection: false,
      constraints: [
        "Repo-local change artifacts and implementation edits are scoped to this project.",
      ],
    },
    artifacts,
    root: { path: fs.root },
    next: ready
      ? {
        artifact: ready.id,
        instructions: `change://${slug}/instructions/${ready.id}`,
        write: { tool: "change_write", path: ready.outputPath },
      }
      : { artifact: "apply", instructions: `change://${slug}/instructions/apply` },
  };
}
