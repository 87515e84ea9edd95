/**
 * The data of `openspec instructions <artifact|apply|archive> --change <name> --json`: what to
 * write next and how (template, instruction, project context and rules), and for apply the
 * tasks, progress and what is still missing.
 *
 * @module
 */
import { workflowError } from "./workflow_error.ts";
import type { RepoContext } from "../repository/context.ts";
import { requireChange } from "../repository/find_change.ts";
import { planningHome } from "./change_status.ts";
import { type ChangeWorkflow, loadChangeWorkflow, outputsOf } from "./change_workflow.ts";
import { operationInputs, readProjectConfig } from "./project_config.ts";
import { SchemaError } from "./workflow_schema.ts";
import { applyInstructions } from "./apply_instructions.ts";

const SKIP_SPECS_WARNING =
  "This change declares skip_specs: true in .openspec.yaml (no spec-level behavior changes), so this artifact is skipped.\n" +
  "Do not create spec files - they will conflict with that marker. If requirements now change, remove skip_specs from .openspec.yaml and rerun this command.";

/** Instructions for one artifact of the change's schema. */
export async function artifactInstructions(w: ChangeWorkflow, ctx: RepoContext, id: string) {
  const { schema } = w.loaded;
  const artifact = schema.artifacts.find((a) => a.id === id);
  if (!artifact) {
    throw workflowError(
      "DOCUMENT_NOT_FOUND",
      `Artifact '${id}' not found in schema '${w.loaded.name}'. Valid artifacts:\n  ${
        schema.artifacts.map((a) => a.id).join("\n  ")
      }`,
      { artifact: id, schema: w.loaded.name, artifacts: schema.artifacts.map((a) => a.id) },
      `Use one of: ${[...schema.artifacts.map((a) => a.id), "apply", "archive"].join(", ")}`,
    );
  }
  let template: string;
  try {
    template = await w.loaded.template(artifact.template);
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    throw workflowError("DOCUMENT_NOT_FOUND", error.message, { artifact: id });
  }
  const changeDir = ctx.fs.absolute(w.dir);
  const rules = w.config?.rules && Object.hasOwn(w.config.rules, id) ? w.config.rules[id] : [];
  return {
    changeName: w.slug,
    artifactId: id,
    schemaName: w.loaded.name,
    changeDir,
    planningHome: planningHome(ctx),
    outputPath: artifact.generates,
    resolvedOutputPath: `${changeDir}/${artifact.generates}`,
    existingOutputPaths: outputsOf(w, artifact.generates).map((p) => `${changeDir}/${p}`),
    description: artifact.description,
    ...(artifact.instruction !== undefined ? { instruction: artifact.instruction } : {}),
    ...(w.config?.context?.trim() ? { context: w.config.context.trim() } : {}),
    ...(rules?.length ? { rules } : {}),
    ...(w.skipped.has(id) ? { skipped: true, warning: SKIP_SPECS_WARNING } : {}),
    template,
    dependencies: artifact.requires.map((dep) => {
      const d = schema.artifacts.find((a) => a.id === dep);
      return {
        id: dep,
        done: w.completed.has(dep),
        path: d?.generates ?? dep,
        description: d?.description ?? "",
        ...(w.skipped.has(dep) ? { skipped: true } : {}),
      };
    }),
    unlocks: schema.artifacts.filter((a) => a.requires.includes(id)).map((a) => a.id),
    root: { path: ctx.fs.root },
  };
}

/**
 * `openspec instructions <name> --json` for the change `slug`: an artifact of its schema,
 * `apply` or `archive`. Throws `CHANGE_NOT_FOUND` or `DOCUMENT_NOT_FOUND`.
 */
export async function instructions(ctx: RepoContext, slug: string, name: string) {
  if (name === "archive") {
    await requireChange(ctx, slug);
    return {
      changeName: slug,
      ...operationInputs(await readProjectConfig(ctx.fs), "archive"),
      root: { path: ctx.fs.root },
    };
  }
  const w = await loadChangeWorkflow(ctx, slug);
  if (name === "apply") {
    return {
      ...await applyInstructions(w, ctx),
      root: { path: ctx.fs.root },
    };
  }
  return await artifactInstructions(w, ctx, name);
}
