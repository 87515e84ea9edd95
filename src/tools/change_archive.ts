/**
 * The `change_archive` tool.
 *
 * @module
 */
import { lazyZod } from "../zod/zod.ts";
import { archiveChange } from "../repository/archive_change.ts";
import { requireApproval } from "../review/review_change.ts";
import { existingSlug, receiptSchema } from "./schemas.ts";
import { defineTool } from "./tool.ts";

export const changeArchive = lazyZod((z) =>
  defineTool({
    name: "change_archive",
    alias: "change.archive",
    title: "Archive a change",
    description:
      "Merge a change's delta specs into openspec/specs/ and move it to openspec/changes/archive/YYYY-MM-DD-<slug>/, exactly as `openspec archive <slug> --yes`. All-or-nothing: when any spec would fail, nothing is written.",
    input: z.object({
      slug: existingSlug(),
      skipSpecs: z.boolean().default(false).describe(
        "Move the change without merging its delta specs",
      ),
    }),
    output: z.looseObject({
      slug: z.string(),
      archivedAs: z.string(),
      path: z.string(),
      specsUpdated: z.boolean(),
      receipt: receiptSchema(),
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
    mutates: true,
    async run(input, deps, ctx) {
      if (deps.requireApproval) await requireApproval(deps.repo, input.slug);
      const archived = await archiveChange(deps.repo, input, ctx.caller, ctx.progress);
      const t = archived.totals;
      return {
        structured: { ...archived },
        text: `Change '${archived.slug}' archived successfully as '${archived.archivedAs}'` +
          (t ? ` (+${t.added} ~${t.modified} -${t.removed} →${t.renamed})` : "") +
          (archived.tasks.completed < archived.tasks.total
            ? `; ${archived.tasks.total - archived.tasks.completed} task(s) were not done`
            : ""),
        links: [{
          uri: `changes://archived/${archived.slug}`,
          name: "archive_summary.json",
          mimeType: "application/json",
        }],
        receipt: archived.receipt,
      };
    },
  })
);
