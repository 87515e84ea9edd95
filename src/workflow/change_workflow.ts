/**
 * One change seen through its workflow schema: which schema it resolves to (the change's
 * `.openspec.yaml`, then `openspec/config.yaml`, then `spec-driven`), which artifacts exist,
 * and which the change skips (`skip_specs: true`), as `openspec status` computes them.
 *
 * @module
 */
import { parse } from "@std/yaml";
import { readMarker, resolveChangeSchema } from "../openspec/change_metadata.ts";
import type { RepoContext } from "../repository/context.ts";
import { requireChange } from "../repository/find_change.ts";
import { changeDir } from "../repository/layout.ts";
import { matchOutputs } from "./output_glob.ts";
import { type ProjectConfig, readProjectConfig } from "./project_config.ts";
import { listSchemaNames, type LoadedSchema, loadSchema } from "./schema_source.ts";
import { SchemaError } from "./workflow_schema.ts";
import { workflowError } from "./workflow_error.ts";

/** A change and its artifact graph state. */
export interface ChangeWorkflow {
  slug: string;
  /** Root-relative folder of the change. */
  dir: string;
  /** Every file of the change, relative to its folder. */
  files: string[];
  loaded: LoadedSchema;
  config?: ProjectConfig;
  /** Artifacts whose output exists, or that the change skips. */
  completed: Set<string>;
  /** Artifacts writing under `specs/` that a `skip_specs: true` change skips. */
  skipped: Set<string>;
}

/** Outputs of an artifact that exist, relative to the change folder. */
export function outputsOf(w: ChangeWorkflow, generates: string): string[] {
  return matchOutputs(w.files, generates);
}

/** Whether `generates` writes into the change's `specs/` folder. */
export const isSpecsOutput = (generates: string) =>
  generates.replace(/^\.\//, "").replace(/\/+/g, "/").startsWith("specs/");

/**
 * Loads the workflow state of the active change `slug`; throws `CHANGE_NOT_FOUND`, or
 * `VALIDATION_FAILED` when its metadata or schema cannot be used (the CLI's refusal too).
 */
export async function loadChangeWorkflow(ctx: RepoContext, slug: string): Promise<ChangeWorkflow> {
  const change = await requireChange(ctx, slug);
  const dir = changeDir(slug);
  const files = (await ctx.fs.tree(dir)).filter((e) => e.kind === "file").map((e) => e.path);
  const metadataText = change.files.metadataText;
  const { loaded, config, context } = await resolveWorkflowSchema(ctx, slug, metadataText);
  const completed = new Set<string>();
  const skipped = new Set<string>();
  const workflow = { slug, dir, files, loaded, ...(config ? { config } : {}), completed, skipped };
  for (const a of loaded.schema.artifacts) {
    if (outputsOf(workflow, a.generates).length) completed.add(a.id);
  }
  if (readMarker(metadataText, "skip_specs", context).declared) {
    for (const a of loaded.schema.artifacts) {
      if (isSpecsOutput(a.generates) && !completed.has(a.id)) {
        completed.add(a.id);
        skipped.add(a.id);
      }
    }
  }
  return workflow;
}

/** A change's schema, loaded, with what resolving it read. */
export interface ResolvedSchema {
  loaded: LoadedSchema;
  config?: ProjectConfig;
  context: { knownSchemas: string[]; projectSchema?: string };
}

/**
 * Resolves the schema of change `slug` from its `.openspec.yaml` text (the change's, then the
 * project's, then `spec-driven`), without walking the change; throws `VALIDATION_FAILED` as
 * {@link loadChangeWorkflow} does.
 */
export async function resolveWorkflowSchema(
  ctx: RepoContext,
  slug: string,
  metadataText: string | undefined,
): Promise<ResolvedSchema> {
  const { fs } = ctx;
  const metaPath = `${changeDir(slug)}/.openspec.yaml`;
  const config = await readProjectConfig(fs);
  const knownSchemas = await listSchemaNames(fs);
  const context = { knownSchemas, ...(config?.schema ? { projectSchema: config.schema } : {}) };
  const name = resolveChangeSchema(metadataText, context);
  if (name === undefined) {
    throw workflowError(
      "VALIDATION_FAILED",
      metadataProblem(metadataText ?? "", knownSchemas),
      { slug, path: metaPath, availableSchemas: knownSchemas },
      `Fix the change's .openspec.yaml by hand: valid YAML whose schema is one of ${
        knownSchemas.join(", ")
      }`,
    );
  }
  try {
    return { loaded: await loadSchema(fs, name), ...(config ? { config } : {}), context };
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    throw workflowError("VALIDATION_FAILED", error.message, { slug, schema: name });
  }
}

/** Why `.openspec.yaml` cannot be used, worded as the CLI words it. */
function metadataProblem(text: string, knownSchemas: string[]): string {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    return `Invalid YAML in metadata file: ${(error as Error).message}`;
  }
  const schema = (data as { schema?: unknown } | null)?.schema;
  if (typeof schema === "string" && schema !== "" && !knownSchemas.includes(schema)) {
    return `Unknown schema '${schema}'. Available: ${knownSchemas.join(", ")}`;
  }
  return "Invalid metadata: the file does not match OpenSpec's change metadata";
}

/** Artifact ids in the schema's build order (dependencies first, ties by declaration). */
export function buildOrder(w: ChangeWorkflow): string[] {
  const artifacts = w.loaded.schema.artifacts;
  const position = new Map(artifacts.map((a, i) => [a.id, i]));
  const pending = new Map(artifacts.map((a) => [a.id, a.requires.length]));
  const byPosition = (a: string, b: string) => position.get(a)! - position.get(b)!;
  const queue = artifacts.filter((a) => a.requires.length === 0).map((a) => a.id);
  const order: string[] = [];
  while (queue.length) {
    queue.sort(byPosition);
    const id = queue.shift()!;
    order.push(id);
    for (const a of artifacts) {
      for (const r of a.requires) {
        if (r !== id) continue;
        const left = pending.get(a.id)! - 1;
        pending.set(a.id, left);
        if (left === 0) queue.push(a.id);
      }
    }
  }
  return order;
}
