/**
 * The `change_review` tool: a person's approval, a change sent back, or a review comment,
 * for clients where a person is in the loop. The dashboard records reviews through it too.
 *
 * @module
 */
import { lazyZod } from "../zod/zod.ts";
import { recordReview } from "../review/review_change.ts";
import { existingSlug, limitedText, receiptSchema } from "./schemas.ts";
import { defineTool } from "./tool.ts";

/** Longest review comment, in characters. */
export const MAX_COMMENT = 4000;

export const changeReview = lazyZod((z) =>
  defineTool({
    name: "change_review",
    alias: "change.review",
    title: "Review a change",
    description:
      "Record a person's review: approve, reject (send back with a comment) or comment, optionally anchored to '<capability>: <requirement>[ / <scenario>]'. Only on the user's word.",
    input: z.object({
      slug: existingSlug(),
      action: z.enum(["approve", "reject", "comment"]),
      comment: limitedText(z, MAX_COMMENT).optional(),
      anchor: limitedText(z, 600).optional(),
    }),
    output: z.looseObject({ state: z.string(), receipt: receiptSchema() }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    mutates: true,
    async run(input, deps, ctx) {
      const done = await recordReview(deps.repo, input, ctx.caller);
      return {
        structured: { ...done },
        text: `Change '${done.slug}': ${done.action} recorded; review state ${done.state}`,
        receipt: done.receipt,
      };
    },
  })
);
