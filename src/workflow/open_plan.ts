/**
 * What `change_open` may write for the project's workflow schema. The feature, bugfix and chore
 * templates are variants of the `spec-driven` documents (proposal, delta spec, tasks, design):
 * they fit a schema that generates every document they write, and no other. Under any other
 * schema a change starts as the CLI's `openspec new change` starts it — an empty folder with
 * `.openspec.yaml` — and `change_status` says what to write first.
 *
 * @module
 */
import { DomainError } from "../errors.ts";
import type { FileSystem } from "../fs/file_system.ts";
import { TEMPLATE_NAMES, type TemplateName } from "../repository/templates.ts";
import { matchOutputs } from "./output_glob.ts";
import { readProjectConfig } from "./project_config.ts";
import { DEFAULT_SCHEMA, loadSchema } from "./schema_source.ts";
import type { WorkflowSchema } from "./workflow_schema.ts";
import { workflowError } from "./workflow_error.ts";
import { SchemaError } from "./workflow_schema.ts";

/** The schema a new change gets, and the template to render (none: an empty change). */
export interface OpenPlan {
  schema: string;
  template?: TemplateName;
}

/** Whether every document `template` writes is an output of one of the schema's artifacts. */
export function templateFits(schema: WorkflowSchema, template: TemplateName): boolean {
  const docs = ["proposal.md", "tasks.md", "specs/capability/spec.md"];
  if (template === "feature") docs.push("design.md");
  return docs.every((doc) => schema.artifacts.some((a) => matchOutputs([doc], a.generates).length));
}

/** Resolves the plan for `template` (given or not) under the project's schema. */
export async function openPlan(fs: FileSystem, template?: TemplateName): Promise<OpenPlan> {
  const name = (await readProjectConfig(fs))?.schema ?? DEFAULT_SCHEMA;
  let schema: WorkflowSchema;
  try {
    schema = (await loadSchema(fs, name)).schema;
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    throw workflowError(
      "VALIDATION_FAILED",
      error.message,
      { schema: name },
      "Fix schema: in openspec/config.yaml",
    );
  }
  if (template === undefined) {
    return templateFits(schema, "feature")
      ? { schema: name, template: "feature" }
      : { schema: name };
  }
  if (templateFits(schema, template)) return { schema: name, template };
  const artifacts = schema.artifacts.map((a) => `${a.id} (${a.generates})`).join(", ");
  throw new DomainError(
    "TEMPLATE_NOT_FOUND",
    `Template "${template}" does not fit this project's schema '${name}', whose artifacts are ${artifacts}`,
    {
      template,
      schema: name,
      artifacts: schema.artifacts.map((a) => ({ id: a.id, generates: a.generates })),
      templates: TEMPLATE_NAMES.filter((t) => templateFits(schema, t)),
    },
    `Call change_open without template: it creates an empty '${name}' change; then change_status names the first artifact to write`,
  );
}
