/**
 * `change_validate`: OpenSpec's verdict on a change, plus what archive would refuse and the
 * template placeholders an author has not replaced yet.
 *
 * @module
 */
import {
  planArchive,
  validateChange,
  type ValidationIssue,
  withDeltaPlanCache,
} from "../openspec/mod.ts";
import type { RepoContext } from "./context.ts";
import { requireChange } from "./find_change.ts";
import type { LoadedChange } from "./load_change.ts";
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
  summary: { errors: number; warnings: number; info: number };
  issues: Issue[];
}

const ARCHIVE_WOULD_REFUSE = "Archive would refuse";

/** The placeholder findings of a change: errors in delta specs, warnings elsewhere. */
export function placeholderIssues(change: LoadedChange): Issue[] {
  const issues: Issue[] = [];
  const add = (level: "ERROR" | "WARNING", path: string, text: string | undefined) => {
    for (const p of findPlaceholders(text ?? "")) {
      issues.push({
        level,
        path,
        line: p.line,
        message: `Unfilled template placeholder ${p.text}: replace it with the real content`,
        source: "task-mcp",
      });
    }
  };
  for (const spec of change.files.specFiles) add("ERROR", spec.path, spec.text);
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
  const passes = (list: ValidationIssue[]) =>
    !list.some((i) => i.level === "ERROR" || (strict && i.level === "WARNING"));
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
  issues.push(...placeholderIssues(change));
  const count = (level: string) => issues.filter((i) => i.level === level).length;
  return {
    slug: change.slug,
    valid: passes(issues),
    strict,
    openspecValid: passes(cli),
    summary: { errors: count("ERROR"), warnings: count("WARNING"), info: count("INFO") },
    issues,
  };
}

/** Validates the active change `slug`. */
export async function validate(
  ctx: RepoContext,
  slug: string,
  strict: boolean,
): Promise<ValidationReport> {
  return validateLoaded(ctx, await requireChange(ctx, slug), strict);
}
