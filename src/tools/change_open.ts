/**
 * The `change_open` tool.
 *
 * @module
 */
import { lazyZod } from "../zod/zod.ts";
import { openChange } from "../workflow/open_change.ts";
import { TEMPLATE_NAMES } from "../repository/templates.ts";
import { capability, limitedText, newSlug, receiptSchema, TEXT_LIMITS } from "./schemas.ts";
import { changeLinks, defineTool } from "./tool.ts";

export const changeOpen = lazyZod((z) =>
  defineTool({
    name: "change_open",
    alias: "change.open",
    title: "Open a change",
    description:
      "Create openspec/changes/<slug>/ for the project's workflow schema. Under spec-driven, from a template (feature, bugfix, chore): proposal.md, tasks.md, specs/<capability>/spec.md, design.md (feature); replace every {{…}} placeholder. Under another schema: an empty change; see change_status.",
    input: z.object({
      title: limitedText(z, TEXT_LIMITS.title).min(1).describe(
        "Human-readable title of the change",
      ),
      slug: newSlug(),
      template: z.enum(TEMPLATE_NAMES).optional().describe("Default feature, where it fits"),
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
      schema: z.string(),
      capability: z.string(),
      path: z.string(),
      files: z.array(z.string()),
      createdAt: z.string(),
      receipt: receiptSchema(),
    }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    mutates: true,
    async run(input, deps, ctx) {
      const opened = await openChange(deps.repo, input, ctx.caller, deps.maxDocumentBytes);
      return {
        structured: { ...opened },
        text: opened.template
          ? `Change '${opened.slug}' created successfully with ${opened.template} template. Next: replace its {{…}} placeholders with change_write (path "specs/${opened.capability}/spec.md", "proposal.md", …); change_status shows what is left`
          : `Change '${opened.slug}' created for schema '${opened.schema}': call change_status for the first artifact to write`,
        links: changeLinks(opened.slug, [`${opened.capability}/spec.md`]),
        receipt: opened.receipt,
      };
    },
  })
);
