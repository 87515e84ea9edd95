/**
 * The `change_show` tool.
 *
 * @module
 */
import { CHANGE_VIEW, uiMeta } from "../ui/app_uris.ts";
import { lazyZod } from "../zod/zod.ts";
import { describeChange } from "../repository/show_change.ts";
import { requireChange } from "../repository/find_change.ts";
import { changeDiff, summarizeReview } from "../review/review_change.ts";
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
    meta: uiMeta(CHANGE_VIEW),
    async run(input, deps) {
      const shown = await describeChange(deps.repo, input.slug);
      const change = await requireChange(deps.repo, input.slug);
      // The review (decision, anchored comments) and what archive would do to each requirement.
      const [{ digest: _, ...review }, requirements] = await Promise.all([
        summarizeReview(change),
        changeDiff(deps.repo, change),
      ]);
      const p = shown.progress;
      const sentBack = review.decision?.action === "reject" && review.decision.comment
        ? `\nSent back by ${review.decision.by}: ${review.decision.comment}`
        : "";
      const comments = sentBack +
        review.comments.map((c) => `\n- ${c.anchor ? `[${c.anchor}] ` : ""}${c.by}: ${c.text}`)
          .join("");
      return {
        structured: { ...shown, review, requirements },
        text:
          `Change '${shown.slug}' — ${shown.title}: ${p.completed}/${p.total} tasks, ${shown.deltaCount} delta(s); review: ${review.state}${comments}`,
        links: changeLinks(shown.slug, shown.documents.specs.map((s) => s.slice(6))),
      };
    },
  })
);
