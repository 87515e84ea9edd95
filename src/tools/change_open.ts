/**
 * The `change_open` tool.
 *
 * @module
 */
import { lazyZod } from "../mcp/zod.ts";
import { openChange } from "../repository/open_change.ts";
import { TEMPLATE_NAMES } from "../repository/templates.ts";
import { capability, limitedText, newSlug, receiptSchema, TEXT_LIMITS } from "./schemas.ts";
import { changeLinks, defineTool } from "./tool.ts";

export const changeOpen = lazyZod((z) =>
  defineTool({
    name: "change_open",
    alias: "change.open",
    title: "Open a change",
    description:
      "Create a new OpenSpec change under openspec/changes/<slug>/ from a template (feature, bugfix or chore): proposal.md, tasks.md, a delta spec skeleton under specs/<capability>/spec.md (design.md for features) and .openspec.yaml. Replace every {{…}} placeholder before archiving.",
    input: z.object({
      title: limitedText(z, TEXT_LIMITS.title).min(1).describe(
        "Human-readable title of the change",
      ),
      slug: newSlug(),
      template: z.enum(TEMPLATE_NAMES).default("feature").describe(
        "Change template type for structured initialization",
      ),
      rationale: limitedText(z, TEXT_LIMITS.rationale).optional().describe(
        "Reason for creating this change (the Why section)",
      ),
      owner: limitedText(z, TEXT_LIMITS.owner).optional().describe(
        "Owner or team responsible for the change",
      ),
      ttl: z.int().min(60).max(86400).optional().describe(
        "Time-to-live in seconds (1 minute to 24 hours); reported as expiresAt",
      ),
      capability: capability().optional().describe(
        "Capability the delta spec targets (kebab-case path); defaults to the slug",
      ),
    }),
    output: z.looseObject({
      slug: z.string(),
      title: z.string(),
      template: z.string(),
      capability: z.string(),
      path: z.string(),
      files: z.array(z.string()),
      createdAt: z.string(),
      receipt: receiptSchema(),
    }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    async run(input, deps, ctx) {
      const opened = await deps.serialize(
        () => openChange(deps.repo, input, ctx.caller, deps.maxDocumentBytes),
        ctx.signal,
      );
      return {
        structured: { ...opened },
        text: `Change '${opened.slug}' created successfully with ${opened.template} template`,
        links: changeLinks(opened.slug, [`${opened.capability}/spec.md`]),
        receipt: opened.receipt,
      };
    },
  })
);
