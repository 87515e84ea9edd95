/**
 * `change_task`: ticking or unticking one task of the change's task file (`tasks.md`, or what
 * its workflow schema tracks).
 *
 * @module
 */
import type { Receipt } from "../backend_types.ts";
import { DomainError } from "../errors.ts";
import { countTasks, setTaskDone } from "../openspec/mod.ts";
import { makeReceipt, recordReceipt } from "../repository/audit.ts";
import type { RepoContext } from "../repository/context.ts";
import { requireChange, writeInChange } from "../repository/find_change.ts";
import { changeUris } from "../repository/uris.ts";
import { tasksFile } from "./tasks_file.ts";

/** What {@link setTask} did. */
export interface TaskUpdate {
  slug: string;
  task: string;
  done: boolean;
  changed: boolean;
  progress: { total: number; completed: number };
  receipt?: Receipt;
}

/** Sets the state of task `task` (e.g. `2.3`); only that checkbox changes in the file. */
export async function setTask(
  ctx: RepoContext,
  input: { slug: string; task: string; done: boolean },
  caller: string,
): Promise<TaskUpdate> {
  const change = await requireChange(ctx, input.slug);
  const file = await tasksFile(ctx, input.slug, change.files.metadataText);
  const path = `${change.dir}/${file}`;
  // The loaded change holds tasks.md already; a schema's own task file is read here.
  const text = file === "tasks.md"
    ? change.files.tasksText
    : (await ctx.fs.stat(path))?.kind === "file"
    ? await ctx.fs.readText(path)
    : undefined;
  if (text === undefined) {
    throw new DomainError("DOCUMENT_NOT_FOUND", `Change '${input.slug}' has no ${file}`, {
      slug: input.slug,
      path: file,
    }, `Write it first: change_write with slug "${input.slug}" and path "${file}"`);
  }
  const updated = setTaskDone(text, input.task, input.done);
  if (updated === undefined) {
    throw new DomainError(
      "TASK_NOT_FOUND",
      `Task "${input.task}" not found in ${file} of change '${input.slug}'`,
      { field: "task", value: input.task },
    );
  }
  const changed = updated !== text;
  let receipt: Receipt | undefined;
  if (changed) {
    await writeInChange(ctx, change, file, updated);
    receipt = makeReceipt(ctx, "change.task", input.slug, { task: input.task, done: input.done });
    await recordReceipt(ctx, receipt, caller);
    ctx.emit({ uris: changeUris(input.slug), listChanged: false });
  }
  return {
    slug: input.slug,
    task: input.task,
    done: input.done,
    changed,
    progress: countTasks(updated),
    ...(receipt ? { receipt } : {}),
  };
}
