/**
 * The application: the repository, its tools, resources and prompts, assembled behind the
 * {@link McpBackend} interface that every transport reaches through the MCP layer.
 *
 * @module
 */
import { DomainError } from "./errors.ts";
import type { FileSystem } from "./fs/file_system.ts";
import type { McpBackend } from "./mcp/backend.ts";
import { getPrompt, PROMPTS } from "./prompts/prompts.ts";
import { ChangeIndex } from "./repository/change_index.ts";
import { PageCache } from "./repository/page_cache.ts";
import { createRepoContext } from "./repository/context.ts";
import { guardWrites } from "./repository/guarded_fs.ts";
import { JOURNAL, STAGING } from "./repository/layout.ts";
import { FAILED_JOURNALS } from "./repository/recover_journals.ts";
import { recoverRepository, type RepositoryRecovery } from "./repository/recover_repository.ts";
import { type Lease, LOCK, LOCKS, withRepoLock } from "./repository/repo_lock.ts";
import { complete } from "./resources/completion.ts";
import { listResources, readResource, RESOURCE_TEMPLATES } from "./resources/resources.ts";
import { callTool, findTool, listTools, toolNames } from "./tools/registry.ts";
import type { ToolDeps } from "./tools/tool.ts";
import { NAME, VERSION } from "./version.ts";
import { DEFAULT_MAX_DOCUMENT_BYTES } from "./workflow/write_document.ts";
import { AUDIT_LOG } from "./repository/layout.ts";
import type { GitSetup } from "./git/git_setup.ts";
import { GitSync, type Settled } from "./git/git_sync.ts";
import { recordWrites } from "./git/recording_fs.ts";

/** Options of {@link createApp}. */
export interface AppOptions {
  fs: FileSystem;
  now?: () => Date;
  /** Where internal errors go (never to clients). */
  logError?: (error: unknown) => void;
  /** Where recovery reports what it did: finished archives, set-aside journals, debris. */
  logWarn?: (msg: string, fields: Record<string, unknown>) => void;
  maxDocumentBytes?: number;
  /** This process's id: in staging folder names and the lock, for people reading them. */
  pid?: number;
  /**
   * This process's identity, and whether the process an identity names has certainly exited:
   * a lock whose holder is gone is taken at once instead of after its lease.
   */
  identity?: string;
  isProcessGone?: (identity: string) => boolean;
  /** Git mode: every mutation a commit of this clone, pushed to its remote if it has one. */
  git?: GitSetup;
  /** `REQUIRE_APPROVAL`: archive only changes a person approved (see `src/review/`). */
  requireApproval?: boolean;
}

/** The application and the hooks the command line needs. */
export interface App {
  backend: McpBackend;
  deps: ToolDeps;
  /**
   * The tools' canonical names, as `backend.listTools()` lists them, without deriving their
   * schemas: what the health probes report, cheap enough for the first `/healthz`.
   */
  toolNames(): string[];
  /**
   * Settles archives a killed process left journaled and clears its debris, under the lock;
   * resolves to what it did, or `undefined` when nothing was left behind.
   */
  recover(): Promise<RepositoryRecovery | undefined>;
  /** Stops the filesystem watcher, if one was started, and the background fetches. */
  close(): void;
  /** Git mode: the commits, pushes and backlog. */
  git?: GitSync;
  /**
   * Git mode: commits what a killed server left uncommitted, pushes the backlog, and starts
   * the background fetches.
   */
  startGit(): Promise<void>;
}

const INSTRUCTIONS =
  "task-mcp manages OpenSpec changes in this repository. Typical flow: change_open (from a template) → change_write to replace every {{…}} placeholder in proposal.md, the delta spec and tasks.md → change_validate until valid → implement, ticking tasks with change_task → change_archive. Read documents as resources (change://<slug>/proposal, change://<slug>/tasks, change://<slug>/delta/<capability>/spec.md, changes://active, spec://<capability>).";

/** Assembles the application over a filesystem rooted at the project directory. */
export function createApp(options: AppOptions): App {
  // Every write checks that this process still holds the lock's lease (see guarded_fs.ts).
  let lease: Lease | undefined;
  // Git mode records the paths each mutation writes: its commit holds exactly those.
  const recorder = options.git ? recordWrites(options.fs) : undefined;
  const fs = guardWrites(recorder?.fs ?? options.fs, () => lease?.check());
  const repo = createRepoContext({ fs, now: options.now, pid: options.pid });
  const logError = options.logError ?? (() => {});
  const logWarn = options.logWarn ?? (() => {});
  const git = options.git && new GitSync({
    ...options.git,
    recorder: recorder!,
    emit: (uris) => repo.emit({ uris, listChanged: true }),
    audit: (entry) =>
      fs.append(
        AUDIT_LOG,
        JSON.stringify({ timestamp: repo.now().toISOString(), ...entry }) + "\n",
      ),
    log: logWarn,
  });
  if (git) repo.onReceipt = (receipt, caller) => git.onReceipt(receipt, caller);
  const report = (recovery: RepositoryRecovery) => {
    const { completed, rolledBack, setAside, removed } = recovery;
    if (completed) logWarn("finished interrupted archives", { count: completed });
    if (rolledBack) logWarn("undid failed archives", { count: rolledBack });
    for (const { journal, reason } of setAside) {
      logWarn("set aside an archive journal that can be neither finished nor undone", {
        journal: options.fs.absolute(journal),
        reason,
      });
    }
    if (removed.length) logWarn("removed debris of interrupted writes", { paths: removed });
    // Another process's archive finished or undone here: listings must not serve the old state.
    if (completed || rolledBack) repo.emit({ uris: [], listChanged: true });
  };
  /** Runs `fn` under the repository lock, after settling whatever a previous holder left. */
  const locked = <T>(fn: (recovery: RepositoryRecovery) => Promise<T>, sweep = false) =>
    withRepoLock(options.fs, {
      randomId: repo.randomId,
      holder: { pid: repo.pid, ...(options.identity ? { identity: options.identity } : {}) },
      isGone: (holder) =>
        typeof holder.identity === "string" && !!options.isProcessGone?.(holder.identity),
      onBreak: (names) => logWarn("took over a stale repository lock", { names }),
    }, async (held) => {
      lease = held;
      try {
        const recovery = await recoverRepository(fs, { sweep: sweep || held.broke });
        report(recovery);
        return await fn(recovery);
      } finally {
        lease = undefined;
      }
    });
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs `run` after everything queued before it has settled, whatever the outcome. */
  const inTurn = <T>(run: () => Promise<T>): Promise<T> => {
    const done = queue.then(run, run);
    queue = done.catch(() => {});
    return done;
  };
  /**
   * In this process, one after another; across processes, under the repository lock. The one
   * way anything takes the lock: mutations, recovery and git's own work.
   */
  const exclusive = <T>(fn: (recovery: RepositoryRecovery) => Promise<T>, sweep = false) =>
    inTurn(() => locked(fn, sweep));
  /**
   * Git mode: mutations that queue up while another runs form a batch, run one after another
   * (a commit each) and pushed together (see GitSync.mutateBatch).
   */
  let waiting: Array<{ fn: () => Promise<unknown>; settle: (o: Settled) => void }> | undefined;
  const batched = <T>(fn: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const item = {
        fn,
        settle: (o: Settled) => o.ok ? resolve(o.value as T) : reject(o.error),
      };
      if (waiting) return void waiting.push(item);
      waiting = [item];
      inTurn(async () => {
        const items = waiting!;
        waiting = undefined;
        try {
          const outcomes = await locked(() => git!.mutateBatch(items.map((i) => i.fn)));
          outcomes.forEach((o, k) => items[k]!.settle(o));
        } catch (error) {
          for (const i of items) i.settle({ ok: false, error });
        }
      });
    });
  const index = new ChangeIndex(repo);
  const pages = new PageCache(repo, index);
  repo.onChange(() => pages.invalidate());
  const deps: ToolDeps = {
    repo,
    index,
    pages,
    maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    requireApproval: options.requireApproval ?? false,
    serialize<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      // In this process, one mutation after another; across processes, the repository lock.
      const guarded = () => {
        if (signal?.aborted) {
          throw new DomainError("REQUEST_CANCELLED", "The request was cancelled before it ran");
        }
        return fn();
      };
      return git ? batched(guarded) : exclusive(guarded);
    },
  };
  const backend: McpBackend = {
    serverInfo: {
      name: NAME,
      version: VERSION,
      title: "task-mcp",
      description: "OpenSpec change management for spec-driven development",
    },
    instructions: INSTRUCTIONS,
    listTools,
    findTool,
    callTool: (tool, args, ctx) => callTool(tool, args, deps, ctx, logError),
    listResources: () => listResources(deps),
    listResourceTemplates: () => RESOURCE_TEMPLATES,
    readResource: (uri) => readResource(deps, uri),
    listPrompts: () => PROMPTS,
    getPrompt: (name, args) => getPrompt(deps, name, args),
    complete: (ref, argument, context) => complete(deps, ref, argument, context),
    onChange: (listener) => repo.onChange(listener),
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  let refreshing = false;
  /** A background fetch, unless one is queued or a mutation fetched recently. */
  const backgroundRefresh = () => {
    const age = git!.status().lastFetchAgeMs;
    if (refreshing || (age !== null && age < options.git!.fetchIntervalMs)) return;
    refreshing = true;
    exclusive(() => git!.refresh()).catch((error) =>
      logWarn("background git refresh failed", {
        error: error instanceof Error ? error.message : String(error),
      })
    ).finally(() => refreshing = false);
  };
  return {
    backend,
    deps,
    toolNames,
    git,
    async startGit() {
      if (!git) return;
      await exclusive(() => git.start(options.git!.pending));
      timer = setInterval(backgroundRefresh, Math.max(100, options.git!.fetchIntervalMs / 2));
    },
    close: () => {
      pages.close();
      if (timer) clearInterval(timer);
    },
    recover: async () => {
      // Nothing left behind (the usual case): no need to take the repository lock, which
      // costs a few file operations and would create openspec/.task-mcp/ in a bare project.
      const [journals, ...others] = await Promise.all(
        [JOURNAL, STAGING, LOCKS, LOCK].map((dir) => options.fs.list(dir).catch(() => [])),
      );
      // Journals set aside in journal/failed/ wait for a person, not for recovery.
      const pending = journals!.filter((e) => `${JOURNAL}/${e.name}` !== FAILED_JOURNALS);
      if (pending.length === 0 && others.every((entries) => entries.length === 0)) return;
      return await exclusive((recovery) => Promise.resolve(recovery), true);
    },
  };
}
