/**
 * The workflow part of the prompts: what the project's schema and the OpenSpec instructions say
 * to do, so that an agent connected to task-mcp alone follows the OpenSpec workflow.
 *
 * @module
 */
import type { RepoContext } from "../repository/context.ts";
import { templateInfo, type TemplateName } from "../repository/templates.ts";
import { instructions } from "../workflow/instructions.ts";
import { openPlan } from "../workflow/open_plan.ts";
import { readProjectConfig } from "../workflow/project_config.ts";
import { loadSchema } from "../workflow/schema_source.ts";

const slugFromTitle = (title: string) =>
  title.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
    .slice(0, 64).replace(/-+$/, "") || "new-change";

/** The lines of `propose` for the project's schema. Throws the `change_open` refusal. */
export async function proposeLines(
  repo: RepoContext,
  title: string,
  template: TemplateName | undefined,
  rationale: string | undefined,
): Promise<string[]> {
  const plan = await openPlan(repo.fs, template);
  const slug = slugFromTitle(title);
  const why = rationale ? ` and the rationale` : "";
  const context = (await readProjectConfig(repo.fs))?.context?.trim();
  const head = [
    `Propose an OpenSpec change titled "${title}" (workflow schema '${plan.schema}').`,
    rationale ? `Why: ${rationale}` : "",
    context ? `Project context (do not copy it into the documents):\n${context}` : "",
  ];
  const follow = [
    `Then repeat: call change_status for the next artifact, read its instructions resource (change://${slug}/instructions/<artifact>: template, instruction, rules), and write it with change_write at its outputPath — until every artifact is done.`,
    "Finally call change_validate and fix every reported issue until the change is valid.",
  ];
  if (!plan.template) {
    const { schema } = await loadSchema(repo.fs, plan.schema);
    const artifacts = schema.artifacts.map((a) => `${a.id} (${a.generates})`).join(", ");
    return [
      ...head,
      `Its artifacts, in order: ${artifacts}.`,
      "",
      `1. Call change_open with the title and a kebab-case slug (for example "${slug}")${why}, without a template.`,
      `2. ${follow[0]}`,
      `3. ${follow[1]}`,
    ];
  }
  const info = templateInfo(plan.template);
  return [
    ...head,
    `Use the ${plan.template} template. ${info ? `${info.description}. ${info.about}` : ""}`,
    "",
    `1. Call change_open with the title, a kebab-case slug (for example "${slug}"), template "${plan.template}"${why}.`,
    "2. Replace every {{…}} placeholder with change_write: the proposal's Why and What Changes, the delta spec's requirements (each with a SHALL/MUST sentence and at least one #### Scenario with WHEN/THEN lines), and the tasks.",
    `3. ${follow[0]}`,
    `4. ${follow[1]}`,
  ];
}

/** The lines of `apply`: the schema's apply instructions, tasks and what is missing. */
export async function applyLines(repo: RepoContext, slug: string): Promise<string[]> {
  const apply = await instructions(repo, slug, "apply") as Record<string, unknown> & {
    state: string;
    instruction: string;
    tasks: { description: string; done: boolean }[];
    progress: { total: number; complete: number };
    warnings?: string[];
    operationGuidance?: string[];
    context?: string;
  };
  const open = apply.tasks.filter((t) => !t.done);
  return [
    `Implement the OpenSpec change '${slug}' (schema '${apply.schemaName}'); state: ${apply.state}.`,
    apply.instruction,
    `(Where this names \`openspec instructions <artifact>\`, read change://${slug}/instructions/<artifact>; for \`openspec status\`, call change_status.)`,
    apply.context ? `Project context:\n${apply.context.trim()}` : "",
    ...(apply.warnings ?? []).map((w) => `Warning: ${w}`),
    ...(apply.operationGuidance ?? []).map((g) => `Guidance: ${g}`),
    `Read change://${slug}/instructions/apply for the context files, and the change's documents first.`,
    `${open.length} of ${apply.progress.total} task(s) are open:`,
    ...open.map((t) => `- [ ] ${t.description}`),
    "",
    "Work through them in order. After finishing each task, call change_task with its number and done: true. Keep the delta specs in step with what you build (change_write).",
  ];
}

/** The lines of `archive`: the project's archive guidance and the validate-then-archive steps. */
export async function archiveLines(repo: RepoContext, slug: string): Promise<string[]> {
  const archive = await instructions(repo, slug, "archive") as { operationGuidance?: string[] };
  return [
    ...(archive.operationGuidance ?? []).map((g) => `Guidance: ${g}`),
    "1. Call change_validate: it must say archivable: true; fix every archiveBlockers entry (with change_write) and every error first.",
    "2. Call change_archive with the slug, then report the archive summary (changes://archived/<slug>).",
  ];
}
