/**
 * The data behind the review dashboard, read from the same repository functions the tools use:
 * the board of active changes, one change with its requirement-level diff, and the main specs
 * with the archived changes that shaped them.
 *
 * @module
 */
import type { ChangeSummary } from "../repository/change_index.ts";
import { summarize } from "../repository/change_index.ts";
import type { RepoContext } from "../repository/context.ts";
import { requireChange } from "../repository/find_change.ts";
import { ARCHIVE, CHANGES, mainSpecPath } from "../repository/layout.ts";
import { loadChange, type LoadedChange } from "../repository/load_change.ts";
import { listMainSpecs } from "../repository/main_specs.ts";
import { validateLoaded, type ValidationReport } from "../repository/validate_change.ts";
import { extractRequirementsSection } from "../openspec/requirements_section.ts";
import type { ChangeIndex } from "../repository/change_index.ts";
import type { ChangeDiff } from "./requirement_diff.ts";
import { scenarioNames } from "./requirement_diff.ts";
import { changeDiff, type ReviewSummary, summarizeReview } from "./review_change.ts";

/** valid: strict validation passes; warnings: only warnings; blocked: archive would refuse. */
export type Verdict = "valid" | "warnings" | "blocked";

/** One row of the board. */
export interface BoardRow {
  summary: ChangeSummary;
  verdict: Verdict;
  review: ReviewSummary;
}

function verdictOf(report: ValidationReport): Verdict {
  if (!report.archivable) return "blocked";
  return report.valid ? "valid" : "warnings";
}

/** Every active change, by slug, with its validation verdict and review state. */
export async function boardRows(ctx: RepoContext, index: ChangeIndex): Promise<BoardRow[]> {
  const names = [...await index.names(CHANGES)].sort();
  const rows = await Promise.all(names.map(async (slug) => {
    const change = await loadChange(ctx, slug).catch(() => undefined);
    if (!change) return undefined;
    const [report, review] = await Promise.all([
      validateLoaded(ctx, change, true),
      summarizeReview(change),
    ]);
    return { summary: summarize(ctx, change), verdict: verdictOf(report), review };
  }));
  return rows.filter((r): r is BoardRow => r !== undefined);
}

/** Everything the change page shows. */
export interface ChangePageData {
  change: LoadedChange;
  summary: ChangeSummary;
  report: ValidationReport;
  verdict: Verdict;
  review: ReviewSummary;
  diff: ChangeDiff;
}

/** One active change, or `CHANGE_NOT_FOUND`/`CHANGE_ALREADY_ARCHIVED`. */
export async function changePage(ctx: RepoContext, slug: string): Promise<ChangePageData> {
  const change = await requireChange(ctx, slug);
  const [report, review, diff] = await Promise.all([
    validateLoaded(ctx, change, true),
    summarizeReview(change),
    changeDiff(ctx, change),
  ]);
  return {
    change,
    summary: summarize(ctx, change),
    report,
    verdict: verdictOf(report),
    review,
    diff,
  };
}

/** A main spec in the browser's index. */
export interface SpecEntry {
  capability: string;
  requirements: number;
}

/** The main specs with their requirement counts. */
export async function specIndex(ctx: RepoContext): Promise<SpecEntry[]> {
  const specs = await listMainSpecs(ctx.fs);
  return await Promise.all(specs.map(async ({ capability }) => ({
    capability,
    requirements: extractRequirementsSection(await ctx.fs.readText(mainSpecPath(capability)))
      .bodyBlocks.length,
  })));
}

/** One main spec: its requirements and scenarios, and the archived changes that touched it. */
export interface SpecPageData {
  capability: string;
  text: string;
  requirements: { name: string; raw: string; scenarios: string[] }[];
  history: { archivedAs: string; title?: string }[];
}

/** A main spec, or `undefined` when there is none. */
export async function specPage(
  ctx: RepoContext,
  capability: string,
): Promise<SpecPageData | undefined> {
  const path = mainSpecPath(capability);
  if ((await ctx.fs.stat(path))?.kind !== "file") return undefined;
  const text = await ctx.fs.readText(path);
  const requirements = extractRequirementsSection(text).bodyBlocks.map((b) => ({
    name: b.name,
    raw: b.raw,
    scenarios: scenarioNames(b.raw),
  }));
  const archived = (await ctx.fs.list(ARCHIVE).catch(() => []))
    .filter((e) => e.kind === "dir").map((e) => e.name).sort().reverse();
  const history: SpecPageData["history"] = [];
  for (const name of archived) {
    if ((await ctx.fs.stat(`${ARCHIVE}/${name}/specs/${capability}/spec.md`))?.kind !== "file") {
      continue;
    }
    const change = await loadChange(ctx, name, `${ARCHIVE}/${name}`).catch(() => undefined);
    history.push({
      archivedAs: name,
      ...(change?.metadata.title ? { title: change.metadata.title } : {}),
    });
  }
  return { capability, text, requirements, history };
}
