/**
 * Prompts for the spec-driven workflow: propose a change, apply it, archive it.
 *
 * @module
 */
import { ErrorCode, type PromptInfo, type PromptResult, ProtocolError } from "../mcp/backend.ts";
import { DomainError } from "../errors.ts";
import { FsError } from "../fs/file_system.ts";
import { describeChange } from "../repository/show_change.ts";
import { TEMPLATE_NAMES, templateInfo } from "../repository/templates.ts";
import { existingSlug } from "../tools/schemas.ts";
import { proposeArgs } from "./propose_args.ts";
import type { ToolDeps } from "../tools/tool.ts";

/** The prompts of `prompts/list`. */
export const PROMPTS: PromptInfo[] = [
  {
    name: "propose",
    title: "Propose a change",
    description:
      "Open a new OpenSpec change from a template and fill in its proposal, delta spec and tasks",
    arguments: [
      { name: "title", description: "What the change is about (free text)", required: true },
      {
        name: "template",
        description: "feature, bugfix or chore (default feature); other words join the title",
        required: false,
      },
      { name: "rationale", description: "Why the change is needed", required: false },
    ],
  },
  {
    name: "apply",
    title: "Apply a change",
    description: "Work through the tasks of an active change, ticking each one when it is done",
    arguments: [{ name: "slug", description: "The change to apply", required: true }],
  },
  {
    name: "archive",
    title: "Archive a change",
    description: "Validate a finished change and archive it, merging its specs",
    arguments: [{ name: "slug", description: "The change to archive", required: true }],
  },
];

const slugFromTitle = (title: string) =>
  title.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
    .slice(0, 64).replace(/-+$/, "") || "new-change";

const user = (text: string): PromptResult["messages"][number] => ({
  role: "user",
  content: { type: "text", text },
});

/** Renders a prompt; throws `InvalidParams` for an unknown prompt or a missing argument. */
export async function getPrompt(
  deps: ToolDeps,
  name: string,
  args: Record<string, string>,
): Promise<PromptResult> {
  const prompt = PROMPTS.find((p) => p.name === name);
  if (!prompt) throw new ProtocolError(ErrorCode.InvalidParams, `Unknown prompt "${name}"`);
  for (const arg of prompt.arguments) {
    if (arg.required && !args[arg.name]?.trim()) {
      throw new ProtocolError(
        ErrorCode.InvalidParams,
        `Prompt "${name}" needs the argument "${arg.name}"`,
      );
    }
  }
  if (name === "propose") {
    const parsed = proposeArgs(args, [...TEMPLATE_NAMES]);
    const template = parsed.template ?? "feature";
    const info = templateInfo(template);
    const title = parsed.title;
    args = { ...args, rationale: parsed.rationale ?? "" };
    return {
      description: `Propose "${title}" as a ${template} change`,
      messages: [user(
        [
          `Propose an OpenSpec change titled "${title}" using the ${template} template.`,
          info ? `About this template: ${info.description}. ${info.about}` : "",
          args.rationale ? `Why: ${args.rationale}` : "",
          "",
          "1. Call change_open with the title, a kebab-case slug (for example " +
          `"${slugFromTitle(title)}"), template "${template}"${
            args.rationale ? " and the rationale" : ""
          }.`,
          "2. Read the created documents (the resource links in the result) and replace every {{…}} placeholder using change_write: the proposal's Why and What Changes, the delta spec's requirements (each with a SHALL/MUST sentence and at least one #### Scenario with WHEN/THEN lines), and the tasks.",
          "3. Call change_validate and fix every reported issue until the change is valid.",
        ].filter((l) => l !== "").join("\n"),
      )],
    };
  }
  const slug = args.slug!.trim();
  // The tools' rule: a change name, never a path ("..", ".", "a/b").
  if (!existingSlug().safeParse(slug).success) {
    throw new ProtocolError(ErrorCode.InvalidParams, `Invalid slug ${JSON.stringify(slug)}`);
  }
  let shown;
  try {
    shown = await describeChange(deps.repo, slug);
  } catch (error) {
    if (error instanceof DomainError) {
      throw new ProtocolError(ErrorCode.InvalidParams, error.message);
    }
    // A slug that is a path ("../x") is refused by the filesystem guard: the client's mistake.
    if (error instanceof FsError && error.code === "OUTSIDE_ROOT") {
      throw new ProtocolError(ErrorCode.InvalidParams, `Invalid slug: ${error.message}`);
    }
    throw error;
  }
  const open = shown.tasks.filter((t) => !t.done);
  if (name === "apply") {
    return {
      description: `Apply change '${shown.slug}'`,
      messages: [user([
        `Implement the OpenSpec change '${shown.slug}' (${shown.title}).`,
        `Read change://${shown.slug}/proposal, change://${shown.slug}/design and the delta specs first.`,
        `${open.length} of ${shown.tasks.length} task(s) are open:`,
        ...open.map((t) => `- [ ] ${t.text}`),
        "",
        "Work through them in order. After finishing each task, call change_task with its number and done: true. Keep the delta specs in step with what you build (change_write).",
      ].join("\n"))],
    };
  }
  return {
    description: `Archive change '${shown.slug}'`,
    messages: [user([
      `Archive the OpenSpec change '${shown.slug}' (${shown.title}).`,
      open.length
        ? `Warning: ${open.length} task(s) are still open; finish them or confirm they are no longer needed.`
        : "All tasks are done.",
      "1. Call change_validate and fix every error (archive refuses a change whose delta specs would not merge).",
      "2. Call change_archive with the slug, then report the archive summary (changes://archived/<slug>).",
    ].join("\n"))],
  };
}
