/**
 * `change_show`: everything about one change — the CLI's `show --json` data and more.
 *
 * @module
 */
import { listTasks, showChange } from "../openspec/mod.ts";
import type { RepoContext } from "./context.ts";
import { summarize } from "./change_index.ts";
import { requireChange } from "./find_change.ts";

/** Reads a change and describes it. */
export async function describeChange(ctx: RepoContext, slug: string) {
  const change = await requireChange(ctx, slug);
  const summary = summarize(ctx, change);
  const shown = showChange(change.files);
  const { files } = change;
  return {
    ...(shown.ok
      ? shown.value
      : { id: slug, title: summary.title, deltaCount: 0, deltas: [], showError: shown.message }),
    ...summary,
    documents: {
      proposal: files.proposalText !== undefined,
      design: change.designText !== undefined,
      tasks: files.tasksText !== undefined,
      specs: files.specFiles.map((f) => `specs/${f.path}`),
    },
    tasks: listTasks(files.tasksText ?? "").map((t) => ({
      ...(t.id ? { id: t.id } : {}),
      done: t.done,
      text: t.text,
      line: t.line,
    })),
  };
}
