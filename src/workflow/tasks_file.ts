/**
 * The file a change tracks its tasks in: `tasks.md` under `spec-driven`, the schema's
 * `apply.tracks` (say `plan/todo.md`) under a custom one.
 *
 * @module
 */
import type { RepoContext } from "../repository/context.ts";
import { resolveWorkflowSchema } from "./change_workflow.ts";
import { isGlob } from "./output_glob.ts";

/**
 * The change-relative path of the change's task file, given the text of its `.openspec.yaml`. A
 * schema whose `tracks` is a glob, or a change whose schema cannot be read, falls back to
 * `tasks.md`, as `openspec list` does.
 */
export async function tasksFile(
  ctx: RepoContext,
  slug: string,
  metadataText: string | undefined,
): Promise<string> {
  try {
    // Only the schema is needed, not the change's artifact state: no walk of the change.
    const { schema } = (await resolveWorkflowSchema(ctx, slug, metadataText)).loaded;
    const tracks = schema.apply
      ? schema.apply.tracks
      : schema.artifacts.find((a) => a.id === "tasks")?.generates;
    return tracks && !isGlob(tracks) ? tracks.replace(/^\.\//, "") : "tasks.md";
  } catch {
    return "tasks.md";
  }
}
