/**
 * The `change_task` tool.
 *
 * @module
 */
import { lazyZod } from "../zod/zod.ts";
import { setTask } from "../workflow/set_task.ts";
import { existingSlug, limitedText, TEXT_LIMITS } from "./schemas.ts";
import { defineTool } from "./tool.ts";

export const changeTask = lazyZod((z) =>
  defineTool({
    name: "change_task",
    alias: "change.task",
    title: "Tick or untick a task",
    description:
      "Mark one task of a change's tasks.md as done or not done, by its number (for example 2.3). Only that checkbox changes.",
    input: z.object({
      slug: existingSlug(),
      // Clients and models send `1.1` as a JSON number as often as a string; a number is read
      // as written (so 1.10 arrives as 1.1: send the string for such ids).
      task: z.union([z.string(), z.number().nonnegative()]).transform(String)
        .pipe(
          limitedText(z, TEXT_LIMITS.task).regex(/^\d+(?:\.\d+)*$/, {
            message: "must be a task number such as 2.3",
          }),
        )
        .describe('The task number, e.g. "2.3"'),
      done: z.boolean().describe("true to tick the task, false to untick it"),
    }),
    output: z.looseObject({
      slug: z.string(),
      task: z.string(),
      done: z.boolean(),
      changed: z.boolean(),
      progress: z.object({ total: z.number(), completed: z.number() }),
    }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    mutates: true,
    async run(input, deps, ctx) {
      const update = await setTask(deps.repo, input, ctx.caller);
      const state = update.done ? "done" : "not done";
      return {
        structured: { ...update },
        text: `${
          update.changed ? "Marked" : "Already"
        } task ${update.task} of '${update.slug}' ${state} (${update.progress.completed}/${update.progress.total} complete)`,
        receipt: update.receipt,
      };
    },
  })
);
