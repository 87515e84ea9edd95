/**
 * The `change_show` tool.
 *
 * @module
 */
import { lazyZod } from "../zod/zod.ts";
import { describeChange } from "../repository/show_change.ts";
import { existingSlug } from "./schemas.ts";
import { changeLinks, defineTool } from "./tool.ts";

export const changeShow = lazyZod((z) =>
  defineTool({
    name: "change_show",
    alias: "change.show",
    title: "Show a change",
    description:
      "Describe an active change: title, metadata, task progress and task list, documents present, and its parsed deltas (the data of `openspec show <slug> --json`).",
    input: z.object({ slug: existingSlug() }),
    output: z.looseObject({
      id: z.string(),
      title: z.string(),
      deltaCount: z.number(),
      deltas: z.array(z.unknown()),
      slug: z.string(),
      status: z.string(),
    }),
    annotations: { readOnlyHint: true, idempotentHint: true },
    async run(input, deps) {
      const shown = await describeChange(deps.repo, input.slug);
      const p = shown.progress;
      return {
        structured: shown,
        text:
          `Change '${shown.slug}' — ${shown.title}: ${p.completed}/${p.total} tasks, ${shown.deltaCount} delta(s)`,
        links: changeLinks(shown.slug, shown.documents.specs.map((s) => s.slice(6))),
      };
    },
  })
);
