/**
 * Prompts for the spec-driven workflow: propose a change, apply it, archive it.
 *
 * @module
 */
import { ErrorCode, type PromptInfo, type PromptResult, ProtocolError } from "../backend_types.ts";
import { DomainError } from "../errors.ts";
import { FsError } from "../fs/file_system.ts";
import { describeChange } from "../repository/show_change.ts";
import { TEMPLATE_NAMES, type TemplateName } from "../repository/templates.ts";
import { existingSlug, TEXT_LIMITS } from "../tools/schemas.ts";
import { proposeArgs } from "./propose_args.ts";
import { applyLines, archiveLines, proposeLines } from "./workflow_text.ts";
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

const user = (text: string): PromptResult["messages"][number] => ({
  role: "user",
  content: { type: "text", text },
});

/**
 * Longest prompt arguments, in characters: the `change_open` limits of the same fields (a slug
 * is bounded by its pattern, a template by its names).
 */
const ARGUMENT_LIMITS: Record<string, number> = {
  title: TEXT_LIMITS.title,
  rationale: TEXT_LIMITS.rationale,
  template: TEXT_LIMITS.template,
  slug: 200,
};

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
    const limit = ARGUMENT_LIMITS[arg.name];
    const length = args[arg.name]?.length ?? 0;
    if (limit !== undefined && length > limit) {
      throw new ProtocolError(
        ErrorCode.InvalidParams,
        `Prompt argument "${arg.name}" is ${length} characters: the limit is ${limit}`,
      );
    }
  }
  try {
    if (name === "propose") {
      const parsed = proposeArgs(args, [...TEMPLATE_NAMES]);
      // proposeArgs returns a template only when it is one of the names it was given.
      const template = parsed.template as TemplateName | undefined;
      const lines = await proposeLines(deps.repo, parsed.title, template, parsed.rationale);
      return {
        description: `Propose "${parsed.title}"`,
        messages: [user(lines.filter((l) => l !== "").join("\n"))],
      };
    }
    const slug = args.slug!.trim();
    // The tools' rule: a change name, never a path ("..", ".", "a/b").
    if (!existingSlug().safeParse(slug).success) {
      throw new ProtocolError(ErrorCode.InvalidParams, `Invalid slug ${JSON.stringify(slug)}`);
    }
    const shown = await describeChange(deps.repo, slug);
    const lines = name === "apply" ? await applyLines(deps.repo, shown.slug) : [
      `Archive the OpenSpec change '${shown.slug}' (${shown.title}).`,
      shown.tasks.some((t) => !t.done)
        ? `Warning: ${
          shown.tasks.filter((t) => !t.done).length
        } task(s) are still open; finish them or confirm they are no longer needed.`
        : "All tasks are done.",
      ...await archiveLines(deps.repo, shown.slug),
    ];
    return {
      description: `${name === "apply" ? "Apply" : "Archive"} change '${shown.slug}'`,
      messages: [user(lines.filter((l) => l !== "").join("\n"))],
    };
  } catch (error) {
    if (error instanceof DomainError) {
      throw new ProtocolError(ErrorCode.InvalidParams, error.message, {
        code: error.code,
        hint: error.hint,
        ...error.details,
      });
    }
    // A slug that is a path ("../x") is refused by the filesystem guard: the client's mistake.
    if (error instanceof FsError && error.code === "OUTSIDE_ROOT") {
      throw new ProtocolError(ErrorCode.InvalidParams, `Invalid slug: ${error.message}`);
    }
    throw error;
  }
}
