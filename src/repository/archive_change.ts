/**
 * `change_archive`: merging a change's delta specs into `openspec/specs/` and moving the change
 * to `openspec/changes/archive/YYYY-MM-DD-<slug>/`, byte for byte as `openspec archive --yes`.
 *
 * Every spec is built and checked in memory first; when anything would fail, nothing is
 * written. The work is then journaled (see `journal.ts`) so that a crash cannot leave it half
 * done, and a failure on the way (a full disk) is undone at once, leaving the change active.
 * The change folder moves unchanged (but for temporary files a killed write left in it): our
 * bookkeeping lives in `.task-mcp/`.
 *
 * @module
 */
import type { Receipt } from "../backend_types.ts";
import { DomainError } from "../errors.ts";
import { archiveName, countTasks, planArchive } from "../openspec/mod.ts";
import { makeReceipt, recordReceipt } from "./audit.ts";
import type { RepoContext } from "./context.ts";
import { requireChange } from "./find_change.ts";
import { abandonArchive, journalWrites } from "./archive_journal.ts";
import {
  applyJournal,
  type ArchiveJournal,
  beginJournal,
  JournalConflict,
  summaryPath,
} from "./journal.ts";
import { ARCHIVE, localDate, mainSpecPath } from "./layout.ts";
import { readMainSpecs } from "./main_specs.ts";
import { projectContext } from "./project_context.ts";
import { placeholderHint } from "./placeholders.ts";
import { placeholderIssues } from "./validate_change.ts";
import { changeUris } from "./uris.ts";

/** What {@link archiveChange} did. */
export interface ArchivedChange {
  slug: string;
  archivedAs: string;
  path: string;
  specsUpdated: boolean;
  totals?: { added: number; modified: number; removed: number; renamed: number };
  specs: { capability: string; action: string }[];
  warnings: string[];
  tasks: { total: number; completed: number };
  receipt: Receipt;
}

/** Archives an active change, or throws and changes nothing. */
export async function archiveChange(
  ctx: RepoContext,
  input: { slug: string; skipSpecs?: boolean },
  caller: string,
  progress: (step: number, total: number, message: string) => void = () => {},
): Promise<ArchivedChange> {
  const { fs } = ctx;
  const change = await requireChange(ctx, input.slug);
  const skipSpecs = input.skipSpecs ?? false;
  if (!skipSpecs) {
    const unfilled = placeholderIssues(change).filter((i) => i.level === "ERROR");
    if (unfilled.length) {
      throw new DomainError(
        "VALIDATION_FAILED",
        `Cannot archive change "${input.slug}": its delta specs still contain ${unfilled.length} template placeholder(s)`,
        { issues: unfilled },
        placeholderHint(input.slug, [...new Set(unfilled.map((i) => i.path))]),
      );
    }
  }
  const now = ctx.now();
  const archivedAs = archiveName(input.slug, localDate(now));
  const target = `${ARCHIVE}/${archivedAs}`;
  if (await fs.stat(target)) {
    throw new DomainError("ARCHIVE_REFUSED", `Archive '${archivedAs}' already exists.`, {
      archivedAs,
    }, "Rename or remove the existing archive folder, or archive on another day");
  }
  const plan = planArchive(
    change.files,
    await readMainSpecs(ctx, change),
    { skipSpecs },
    await projectContext(ctx),
  );
  if (!plan.ok) {
    throw new DomainError(
      plan.code === "archive_validation_failed" ? "VALIDATION_FAILED" : "ARCHIVE_REFUSED",
      plan.message,
      { reason: plan.code, errors: plan.details },
      "Fix the change's delta specs and archive again; no files were changed",
    );
  }
  const writes = await journalWrites(
    ctx,
    plan.specs
      .filter((s) => s.action === "create" || s.action === "update" || s.action === "delete")
      .map((s) => ({
        path: mainSpecPath(s.capability),
        text: s.action === "delete" ? null : s.text ?? "",
      })),
  );
  const tasks = countTasks(change.files.tasksText ?? "");
  const receipt = makeReceipt(ctx, "change.archive", input.slug, {
    previousStatus: "draft",
    newStatus: "archived",
    archivedAs,
  });
  const summary = {
    slug: input.slug,
    title: change.metadata.title,
    archivedAs,
    archivedAt: receipt.timestamp,
    path: fs.absolute(target),
    specsUpdated: plan.specsUpdated,
    ...(plan.totals ? { totals: plan.totals } : {}),
    specs: plan.specs.map((s) => ({ capability: s.capability, action: s.action, ...s.counts })),
    warnings: plan.warnings,
    tasks,
    receipt,
  };
  const journal: ArchiveJournal = {
    version: 2,
    id: ctx.randomId(),
    writes,
    from: change.dir,
    to: target,
    summaryPath: summaryPath(archivedAs),
    summary,
  };
  progress(1, 3, `Built ${writes.length} spec file(s) and checked them`);
  const journalPath = await beginJournal(fs, journal);
  progress(2, 3, "Journaled the archive");
  try {
    await applyJournal(fs, journal, change.tempFiles);
  } catch (error) {
    await abandonArchive(fs, journal, journalPath);
    if (error instanceof JournalConflict) {
      throw new DomainError(
        "STORAGE_ERROR",
        `Cannot archive change "${input.slug}": ${error.message}`,
        { path: fs.absolute(error.path) },
        "Archive again: the change is still active and no main spec was changed",
      );
    }
    throw error;
  }
  await fs.remove(journalPath);
  progress(3, 3, `Archived as ${archivedAs}`);
  await recordReceipt(ctx, receipt, caller);
  ctx.emit({
    uris: [
      ...changeUris(input.slug, change.files.specFiles.map((f) => f.path)),
      `changes://archived/${input.slug}`,
      ...plan.specs.map((s) => `spec://${s.capability}`),
    ],
    listChanged: true,
  });
  return {
    slug: input.slug,
    archivedAs,
    path: fs.absolute(target),
    specsUpdated: plan.specsUpdated,
    ...(plan.totals ? { totals: plan.totals } : {}),
    specs: plan.specs.map((s) => ({ capability: s.capability, action: s.action })),
    warnings: plan.warnings,
    tasks,
    receipt,
  };
}
