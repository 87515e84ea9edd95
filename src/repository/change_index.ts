/**
 * A cache of change summaries that stays correct when files change behind the server's back.
 *
 * Nothing is trusted without a check: the set of changes is re-read when the `changes/`
 * folder's modification time moves, and a change's summary is re-read unless
 * `FileSystem.unchanged` confirms that every file and folder in it has the size and time it had. Timestamps have a coarse
 * granularity, so — like git's "racy clean" rule — anything modified within {@link RACY_MS} of
 * the moment we looked is re-checked next time instead of trusted.
 *
 * @module
 */
import type { TreeEntry } from "../fs/file_system.ts";
import { countTasks } from "../openspec/mod.ts";
import { changeTitle } from "../openspec/mod.ts";
import type { RepoContext } from "./context.ts";
import { loadChange, type LoadedChange } from "./load_change.ts";
import { clip, TEXT_LIMITS } from "./text_limits.ts";

/** How close to "now" a modification time must be to count as not yet settled. */
export const RACY_MS = 50;

/** What a listing shows of one change. */
export interface ChangeSummary {
  slug: string;
  title: string;
  status: "draft" | "archived";
  template?: string;
  owner?: string;
  createdAt?: string;
  updatedAt: string;
  expiresAt?: string;
  expired?: boolean;
  archivedAs?: string;
  progress: { total: number; completed: number; status: "no-tasks" | "complete" | "in-progress" };
  paths: { root: string; proposal: string; tasks: string };
}

interface Entry {
  mtimeMs: number;
  tree: TreeEntry[];
  trusted: boolean;
  summary: ChangeSummary;
}

interface Folder {
  mtimeMs: number;
  trusted: boolean;
  names: string[];
}

/** Turns a loaded change into its summary. */
export function summarize(
  ctx: RepoContext,
  change: LoadedChange,
  archivedAs?: string,
): ChangeSummary {
  const { metadata, files } = change;
  const tasks = countTasks(files.tasksText ?? "");
  const status = tasks.total === 0
    ? "no-tasks"
    : tasks.completed === tasks.total
    ? "complete"
    : "in-progress";
  const createdAt = metadata.createdAt ??
    (metadata.created ? `${metadata.created}T00:00:00.000Z` : undefined);
  const root = ctx.fs.absolute(change.dir);
  return {
    slug: change.slug,
    title: clip(metadata.title ?? changeTitle(change.slug, files.proposalText), TEXT_LIMITS.title),
    status: archivedAs ? "archived" : "draft",
    ...(metadata.template ? { template: clip(metadata.template, TEXT_LIMITS.template) } : {}),
    ...(metadata.owner ? { owner: clip(metadata.owner, TEXT_LIMITS.owner) } : {}),
    ...(createdAt ? { createdAt } : {}),
    updatedAt: change.updatedAt.toISOString(),
    ...(metadata.expiresAt
      ? {
        expiresAt: metadata.expiresAt,
        expired: Date.parse(metadata.expiresAt) < ctx.now().getTime(),
      }
      : {}),
    ...(archivedAs ? { archivedAs } : {}),
    progress: { ...tasks, status },
    paths: { root, proposal: `${root}/proposal.md`, tasks: `${root}/tasks.md` },
  };
}

/** The cache behind `changes_active` and `changes://active`. */
export class ChangeIndex {
  #entries = new Map<string, Entry>();
  #folders = new Map<string, Folder>();

  constructor(private readonly ctx: RepoContext) {}

  /** The sub-folder names of `dir` that are changes (no dot-folders, no `archive`), sorted. */
  async names(dir: string): Promise<string[]> {
    const { fs } = this.ctx;
    const st = await fs.stat(dir);
    if (st?.kind !== "dir") return [];
    const cached = this.#folders.get(dir);
    if (cached?.trusted && cached.mtimeMs === st.mtimeMs) return cached.names;
    const lookedAt = this.ctx.now().getTime();
    const names = (await fs.list(dir))
      .filter((e) => e.kind === "dir" && !e.name.startsWith(".") && e.name !== "archive")
      .map((e) => e.name)
      .sort();
    this.#folders.set(dir, {
      mtimeMs: st.mtimeMs,
      trusted: lookedAt - st.mtimeMs > RACY_MS,
      names,
    });
    return names;
  }

  /** The summary of the change folder `dir/name`, re-read only when its files changed. */
  async summary(dir: string, name: string, archived: boolean): Promise<ChangeSummary | undefined> {
    const { fs } = this.ctx;
    const path = `${dir}/${name}`;
    const cached = this.#entries.get(path);
    if (cached?.trusted && await fs.unchanged(path, cached.mtimeMs, cached.tree)) {
      return cached.summary;
    }
    const lookedAt = this.ctx.now().getTime();
    const st = await fs.stat(path);
    let tree: TreeEntry[];
    try {
      if (st?.kind !== "dir") throw new Error("gone");
      tree = await fs.tree(path);
    } catch {
      this.#entries.delete(path);
      return undefined;
    }
    const slug = archived && /^\d{4}-\d{2}-\d{2}-./.test(name) ? name.slice(11) : name;
    const change = await loadChange(this.ctx, slug, path, tree);
    if (!change) return undefined;
    const summary = summarize(this.ctx, change, archived ? name : undefined);
    const newest = tree.reduce((max, e) => Math.max(max, e.mtimeMs), st.mtimeMs);
    this.#entries.set(path, {
      mtimeMs: st.mtimeMs,
      tree,
      trusted: lookedAt - newest > RACY_MS,
      summary,
    });
    return summary;
  }
}
