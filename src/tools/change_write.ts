/**
 * The `change_write` tool.
 *
 * @module
 */
import { lazyZod } from "../zod/zod.ts";
import { writeDocument } from "../workflow/write_document.ts";
import { existingSlug, limitedText, receiptSchema, TEXT_LIMITS } from "./schemas.ts";
import { defineTool } from "./tool.ts";

export const changeWrite = lazyZod((z) =>
  defineTool({
    name: "change_write",
    alias: "change.write",
    title: "Write a change document",
    description:
      "Create or replace one document of an active change, atomically: proposal.md, design.md, tasks.md, specs/<capability>/spec.md (## ADDED/MODIFIED/REMOVED/RENAMED Requirements), or another output of its schema.",
    input: z.object({
      slug: existingSlug(),
      path: limitedText(z, TEXT_LIMITS.path).min(1).describe(
        "e.g. proposal.md or specs/<capability>/spec.md",
      ),
      content: z.string().describe("The whole new content of the document (Markdown)"),
    }),
    output: z.looseObject({
      slug: z.string(),
      path: z.string(),
      bytes: z.number(),
      created: z.boolean(),
      receipt: receiptSchema(),
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
    mutates: true,
    async run(input, deps, ctx) {
      const written = await writeDocument(deps.repo, input, ctx.caller, deps.maxDocumentBytes);
      const uri = /^specs\/.+\/spec\.md$/.test(written.path)
        ? `change://${written.slug}/delta/${written.path.slice(6)}`
        : /^(proposal|design|tasks)\.md$/.test(written.path)
        ? `change://${written.slug}/${written.path.replace(/\.md$/, "")}`
        : `change://${written.slug}/status`;
      return {
        structured: { ...written },
        text: `${
          written.created ? "Created" : "Replaced"
        } ${written.path} of change '${written.slug}' (${written.bytes} bytes)`,
        links: [{ uri, name: written.path, mimeType: "text/markdown" }],
        receipt: written.receipt,
      };
    },
  })
);
