/**
 * `openspec instructions apply --json`: the tasks of the file the schema tracks, progress, the
 * artifacts still missing, and warnings about delta specs validate or archive would reject.
 *
 * @module
 */
import { hasDeltaSections, parseDeltaPlan } from "../openspec/delta_plan.ts";
import { listTasks } from "../openspec/task_progress.ts";
import type { RepoContext } from "../repository/context.ts";
import { buildOrder, type ChangeWorkflow, isSpecsOutput, outputsOf } from "./change_workflow.ts";
import { operationInputs } from "./project_config.ts";

const basename = (p: string) => p.slice(p.lastIndexOf("/") + 1);

function remedy(slug: string, artifact: string | undefined, many = false): string {
  return `${many ? "Create each with" : "Create it with"} \`openspec instructions ${
    artifact ?? "<artifact>"
  } --change ${slug}\` (\`openspec status --change ${slug}\` shows what is left).`;
}

/** Everything still to build before apply, following `requires` from `apply.requires`. */
function missingChain(w: ChangeWorkflow, required: string[]): string[] {
  const byId = new Map(w.loaded.schema.artifacts.map((a) => [a.id, a]));
  const missing = new Set<string>();
  const seen = new Set(required);
  const queue = [...required];
  while (queue.length) {
    const id = queue.shift()!;
    const a = byId.get(id);
    if (!a) continue;
    if (!w.completed.has(id)) missing.add(id);
    for (const dep of a.requires) {
      if (!seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  const order = new Map(buildOrder(w).map((id, i) => [id, i]));
  return [...missing].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

async function warnings(w: ChangeWorkflow, ctx: RepoContext, changeDir: string) {
  const specArtifacts = w.loaded.schema.artifacts.filter((a) => isSpecsOutput(a.generates));
  if (!specArtifacts.length || specArtifacts.some((a) => w.skipped.has(a.id))) return [];
  const found: string[] = [];
  const candidates = w.files.filter((f) =>
    f.startsWith("specs/") && !f.slice(6).split("/").some((s) => s.startsWith(".")) &&
    basename(f) !== "spec.md" && f.toLowerCase().endsWith(".md")
  ).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const f of candidates) {
    if (!hasDeltaSections(parseDeltaPlan(await ctx.fs.readText(`${w.dir}/${f}`)))) continue;
    const rel = f.slice(6);
    const capability = rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : rel.slice(0, -3);
    found.push(
      `specs/${rel} is not a capability's spec.md, so \`openspec validate ${w.slug}\` rejects it and archive never merges it. Move its requirements into specs/${capability}/spec.md.`,
    );
  }
  if (specArtifacts.some((a) => outputsOf(w, a.generates).length > 0)) return found;
  const target = specArtifacts.length === 1 ? specArtifacts[0]!.id : "<artifact-id>";
  return [
    ...found,
    `This change has no delta specs and does not declare \`skip_specs: true\`, so \`openspec validate ${w.slug}\` fails on it. ` +
    `Write the delta specs before implementing (\`openspec instructions ${target} --change ${w.slug}\`), ` +
    `or add \`skip_specs: true\` to ${changeDir}/.openspec.yaml if this change really changes no specified behavior.`,
  ];
}

/** Apply instructions for a loaded change. */
export async function applyInstructions(w: ChangeWorkflow, ctx: RepoContext) {
  const { schema } = w.loaded;
  const changeDir = ctx.fs.absolute(w.dir);
  const required = schema.apply?.requires ?? schema.artifacts.map((a) => a.id);
  const tracks = schema.apply?.tracks ?? null;
  const missingArtifacts = required.filter((id) => {
    const a = schema.artifacts.find((x) => x.id === id);
    return !w.skipped.has(id) && a !== undefined && outputsOf(w, a.generates).length === 0;
  });
  const missingPrerequisites = missingChain(w, required);
  const contextFiles: Record<string, string[]> = {};
  for (const a of schema.artifacts) {
    const outputs = outputsOf(w, a.generates);
    if (outputs.length) contextFiles[a.id] = outputs.map((p) => `${changeDir}/${p}`);
  }
  const trackedFiles = tracks ? outputsOf(w, tracks) : [];
  const parsed = [];
  for (const f of trackedFiles) parsed.push(...listTasks(await ctx.fs.readText(`${w.dir}/${f}`)));
  const tasks = parsed.filter((t) => t.text.length > 0)
    .map((t, i) => ({ id: `${i + 1}`, description: t.text, done: t.done }));
  const total = parsed.length;
  const complete = parsed.filter((t) => t.done).length;
  const trackedBy = schema.artifacts.find((a) => a.generates === tracks)?.id;
  let state: "blocked" | "all_done" | "ready";
  let instruction: string;
  if (missingArtifacts.length) {
    state = "blocked";
    const chain = missingPrerequisites.length > missingArtifacts.length
      ? `\nNot created yet, in build order: ${missingPrerequisites.join(", ")}.` +
        " Build the ones this change needs before applying - the schema says which are conditional."
      : "";
    instruction = `Cannot apply this change yet. Missing artifacts: ${
      missingArtifacts.join(", ")
    }.${chain}\n${
      remedy(
        w.slug,
        missingPrerequisites.length === 1 ? missingPrerequisites[0] : undefined,
        missingPrerequisites.length > 1,
      )
    }`;
  } else if (tracks && trackedFiles.length === 0) {
    state = "blocked";
    instruction = `The ${basename(tracks)} file is missing and must be created.\n${
      remedy(w.slug, trackedBy)
    }`;
  } else if (tracks && tasks.length === 0) {
    state = "blocked";
    instruction = `The ${
      basename(tracks)
    } file exists but contains no tasks to work on.\nAdd tasks to ${
      basename(tracks)
    }, or rebuild it: ${remedy(w.slug, trackedBy)}`;
  } else if (tracks && total > 0 && complete === total) {
    state = "all_done";
    instruction =
      "All tasks are complete! This change is ready to be archived.\nConsider running tests and reviewing the changes before archiving.";
  } else {
    state = "ready";
    instruction = schema.apply?.instruction?.trim() ??
      (tracks
        ? "Read context files, work through pending tasks, mark complete as you go.\nPause if you hit blockers or need clarification."
        : "All required artifacts complete. Proceed with implementation.");
  }
  const warned = state === "blocked" ? [] : await warnings(w, ctx, changeDir);
  return {
    changeName: w.slug,
    changeDir,
    schemaName: w.loaded.name,
    contextFiles,
    progress: { total, complete, remaining: total - complete },
    tasks,
    taskTrackingConfigured: tracks !== null,
    state,
    ...(missingArtifacts.length ? { missingArtifacts } : {}),
    ...(missingPrerequisites.length ? { missingPrerequisites } : {}),
    ...(warned.length ? { warnings: warned } : {}),
    instruction,
    ...operationInputs(w.config, "apply"),
  };
}
