/**
 * OpenSpec engine: pure functions (strings in, data out) that reproduce the
 * `@fission-ai/openspec` 1.13.2 CLI's validate, show, list and archive behaviour.
 *
 * Extensions to the minimal API, for information the CLI reads from disk:
 * `validateChange` and `planArchive` take an optional {@link ProjectContext}
 * (known workflow schemas, the project's default schema, the absolute specs
 * directory used in one archive warning), and archive failures carry the CLI's
 * `fix` text.
 *
 * @module
 */
export type {
  ChangeFiles,
  IssueLevel,
  MainSpecReader,
  ProjectContext,
  ValidationIssue,
} from "./types.ts";
export { validateChange } from "./change_validation.ts";
export {
  archiveName,
  type ArchiveOptions,
  type ArchivePlanFailure,
  type ArchivePlanSuccess,
  type ArchiveSpecPlan,
  planArchive,
} from "./archive_plan.ts";
export type { OperationCounts } from "./merge_operations.ts";
export { countTasks, listTasks, setTaskDone, type TaskLine } from "./task_progress.ts";
export { changeTitle, showChange, type ShowDelta } from "./change_show.ts";
export { changeNameError } from "./change_name.ts";
export { validateSpec } from "./spec_validation.ts";
export { requirementCount } from "./requirement_count.ts";
export { type DeltaOperation, parseDeltaSpec } from "./delta_spec.ts";
export { withDeltaPlanCache } from "./delta_plan.ts";
