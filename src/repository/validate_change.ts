/**
 * `change_validate`: OpenSpec's verdict on a change, plus what archive would refuse and the
 * template placeholders an author has not replaced yet.
 *
 * @module
 */
import {
  archiveName,
  planArchive,
  validateChange,
  type ValidationIssue,
  withDeltaPlanCache,
} from "../openspec/mod.ts";
import type { RepoContext } from "./context.ts";
import { requireChange } from "./find_change.ts";
import type { LoadedChange } from "./load_change.ts";
import { ARCHIVE, localDate } from "./layout.ts";
import { readMainSpecs } from "./main_specs.ts";
import { projectContext } from "./project_context.ts";
import { findPlaceholders } from "./placeholders.ts";

/** One finding; `source` says whether the OpenSpec CLI reports it too. */
export interface Issue extends ValidationIssue {
  source: "openspec" | "task-mcp";
}

/** The result of {@link validate}. */
export interface ValidationReport {
  slug: string;
  valid: boolean;
  strict: boolean;
  /** The verdict `openspec validate` gives in the same mode (without task-mcp's extra checks). */
  openspecValid: boolean;
  /** Whether `change_archive` (without `skipSpecs`) would accept the change today. */
  archivable: boolean;
  /** Why `change_archive` would refuse it; empty when {@link archivable}. */
  archiveBlockers: string[];
  summary: { errors: number; warnings: number; info: number };
  issues: Issue[];
}

const ARCHIVE_WOULD_REFUSE = "Archive would refuse";
const UNFILLED = "Unfilled template placeholder";

/** The placeholder findings of a change: errors in delta specs, warnings elsewhere. */
export function placeholderIssues(change: LoadedChange): Issue[] {
  const issues: Issue[] = [];
  const add = (level: "ERROR" | "WARNING", path: string, text: string | undefined) => {
    for (const p of findPlaceholders(text ?? "")) {
      issues.push({
        level,
        path,
        line: p.line,
        message: `${UNFILLED} ${p.text}: replace it with the real content (change_write)`,
        source: "task-mcp",
      });
    }
  };
  for (const spec of change.files.specFiles) add("ERROR", `specs/${spec.path}`, spec.text);
  add("WARNING", "proposal.md", change.files.proposalText);
  add("WARNING", "design.md", change.designText);
  add("WARNING", "tasks.md", change.files.tasksText);
  return issues;
}

/** Validates a loaded change. */
export async function validateLoaded(
  ctx: RepoContext,
  change: LoadedChange,
  strict: boolean,
): Promise<ValidationReport> {
  const mainSpec = await readMainSpecs(ctx, change);
  const project = await projectContext(ctx);
  // Both read the same deltas: each is parsed once.
  const [cli, plan] = withDeltaPlanCache(() =>
    [
      validateChange(change.files, mainSpec, project),
      planArchive(change.files, mainSpec, {}, project),
    ] as const
  );
  // A placeholder outside the delta specs is a reminder: it never reaches the main specs, and
  // archive accepts it, so strict mode does not fail on it.
  const passes = (list: ValidationIssue[]) =>
    !list.some((i) =>
      i.level === "ERROR" ||
      (strict && i.level === "WARNING" && !i.message.startsWith(UNFILLED))
    );
  // The CLI reports what archive would refuse as INFO only; we promise that a valid change
  // archives, so those findings are errors here.
  const issues: Issue[] = cli.map((i) => ({
    ...i,
    level: i.level === "INFO" && i.message.startsWith(ARCHIVE_WOULD_REFUSE) ? "ERROR" : i.level,
    source: "openspec",
  }));
  // Archive's own delta validation repeats errors reported above; only merge failures are new.
  if (!plan.ok && plan.code !== "archive_validation_failed") {
    for (const message of [plan.message, ...plan.details]) {
      if (!issues.some((i) => i.level === "ERROR" && i.message.includes(message))) {
        issues.push({ level: "ERROR", path: "", message, source: "task-mcp" });
      }
    }
  }
  const placeholders = placeholderIssues(change);
  issues.push(...placeholders);
  const archiveBlockers = await archiveBlockersOf(ctx, change, plan, placeholders);
  const count = (level: string) => issues.filter((i) => i.level === level).length;
  return {
    slug: change.slug,
    valid: passes(issues),
    strict,
    openspecValid: passes(cli),
    archivable: archiveBlockers.length === 0,
    archiveBlockers,
    summary: { errors: count("ERROR"), warnings: count("WARNING"), info: count("INFO") },
    issues,
  };
}

/** What `change_archive` would refuse, in the order it checks (see `archive_change.ts`). */
async function archiveBlockersOf(
  ctx: RepoContext,
  change: LoadedChange,
  plan: ReturnType<typeof planArchive>,
  placeholders: Issue[],
): Promise<string[]> {
  const blockers: string[] = [];
  const unfilled = placeholders.filter((i) => i.level === "ERROR");
  if (unfilled.length) {
    blockers.push(
      `${unfilled.length} template placeholder(s) left in ${
        [...new Set(unfilled.map((i) => i.path))].join(", ")
      }`,
    );
  }
  const archivedAs = archiveName(change.slug, localDate(ctx.now()));
  if (await ctx.fs.stat(`${ARCHIVE}/${archivedAs}`)) {
    blockers.push(`Archive '${archivedAs}' already exists`);
  }
  if (!plan.ok) {
    blockers.push(`${plan.message}${plan.details.length ? `: ${plan.details.join("; ")}` : ""}`);
  }
  return blockers;
}

/** Validates the active change `slug`. */
export async function validate(
  ctx: RepoContext,
  slug: string,
  strict: boolean,
): Promise<ValidationReport> {
  return validateLoaded(ctx, await requireChange(ctx, slug), strict);
}
