/**
 * The `change_archive` tool.
 *
 * @module
 */
import type { CallContext } from "../backend_types.ts";
import { DomainError } from "../errors.ts";
import { countTasks } from "../openspec/mod.ts";
import { lazyZod } from "../zod/zod.ts";
import { archiveChange } from "../repository/archive_change.ts";
import type { RepoContext } from "../repository/context.ts";
import { requireChange } from "../repository/find_change.ts";
import { validateLoaded } from "../repository/validate_change.ts";
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
    // The question is asked before the repository lock is taken: a person may take a while. An
    // unapproved change is refused before anyone is asked; the approval is checked again under
    // the lock, since it can be withdrawn while the question is open.
    async confirm(input, deps, ctx) {
      if (!ctx.elicit) return;
      if (deps.requireApproval) await requireApproval(deps.repo, input.slug);
      await confirmArchive(deps.repo, input.slug, ctx.elicit);
    },
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

/**
 * When the client can ask its user: a change with unfinished tasks or validation warnings is
 * archived only after the user confirms. Clients that cannot ask get the archive as before (the
 * result names the unfinished tasks). Throws ARCHIVE_REFUSED, having changed nothing, unless the
 * answer is an explicit yes.
 */
async function confirmArchive(
  repo: RepoContext,
  slug: string,
  elicit: NonNullable<CallContext["elicit"]>,
): Promise<void> {
  const change = await requireChange(repo, slug);
  const tasks = countTasks(change.files.tasksText ?? "");
  const openTasks = tasks.total - tasks.completed;
  const warnings = (await validateLoaded(repo, change, false)).summary.warnings;
  if (openTasks === 0 && warnings === 0) return;
  const reasons = [
    ...(openTasks > 0 ? [`${openTasks} of ${tasks.total} task(s) are not done`] : []),
    ...(warnings > 0 ? [`validation reports ${warnings} warning(s)`] : []),
  ];
  const answer = await elicit({
    key: "confirm_archive",
    message: `Change "${slug}": ${reasons.join(" and ")}. Archive it anyway?`,
    requestedSchema: {
      type: "object",
      properties: {
        archive: { type: "boolean", title: "Archive anyway", default: false },
      },
      required: ["archive"],
    },
  });
  if (answer.action === "accept" && answer.content?.archive === true) return;
  throw new DomainError(
    "ARCHIVE_REFUSED",
    `Change "${slug}" was not archived: the archive was not confirmed`,
    { reason: "not_confirmed", openTasks, warnings },
    "Finish the tasks (change_task) and fix the warnings (change_validate), or confirm the archive",
  );
}
