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
import { recoverJournals } from "./repository/journal.ts";
import { JOURNAL, STAGING } from "./repository/layout.ts";
import { LOCKS, withRepoLock } from "./repository/repo_lock.ts";
import { complete } from "./resources/completion.ts";
import { listResources, readResource, RESOURCE_TEMPLATES } from "./resources/resources.ts";
import { callTool, listTools, resolveTool, toolInfo, toolNames } from "./tools/registry.ts";
import type { ToolDeps } from "./tools/tool.ts";
import { NAME, VERSION } from "./version.ts";
import { DEFAULT_MAX_DOCUMENT_BYTES } from "./repository/write_document.ts";

/** Options of {@link createApp}. */
export interface AppOptions {
  fs: FileSystem;
  now?: () => Date;
  /** Where internal errors go (never to clients). */
  logError?: (error: unknown) => void;
  maxDocumentBytes?: number;
  /** This process's id and a liveness check, so that recovery leaves other servers' work alone. */
  pid?: number;
  isProcessAlive?: (pid: number) => boolean;
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
  /** Finishes archives a killed process left half-done and clears stale staging folders. */
  recover(): Promise<number>;
  /** Stops the filesystem watcher, if one was started. */
  close(): void;
}

const INSTRUCTIONS =
  "task-mcp manages OpenSpec changes in this repository. Typical flow: change_open (from a template) → change_write to replace every {{…}} placeholder in proposal.md, the delta spec and tasks.md → change_validate until valid → implement, ticking tasks with change_task → change_archive. Read documents as resources (change://<slug>/proposal, change://<slug>/tasks, change://<slug>/delta/<capability>/spec.md, changes://active, spec://<capability>).";

/** Assembles the application over a filesystem rooted at the project directory. */
export function createApp(options: AppOptions): App {
  const repo = createRepoContext({ fs: options.fs, now: options.now, pid: options.pid });
  // Our own pid counts as dead: recovery runs before this process archives anything, and in a
  // container every restart is pid 1 again.
  const isAlive = (pid: number) => pid !== options.pid && (options.isProcessAlive?.(pid) ?? false);
  const logError = options.logError ?? (() => {});
  let queue: Promise<unknown> = Promise.resolve();
  const index = new ChangeIndex(repo);
  const pages = new PageCache(repo, index);
  repo.onChange(() => pages.invalidate());
  const deps: ToolDeps = {
    repo,
    index,
    pages,
    maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
    serialize<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      // In this process, one mutation after another; across processes, the repository lock.
      const guarded = () => {
        if (signal?.aborted) {
          throw new DomainError("REQUEST_CANCELLED", "The request was cancelled before it ran");
        }
        return fn();
      };
      const locked = () => withRepoLock(repo, { isAlive }, guarded);
      const run = queue.then(locked, locked);
      queue = run.catch(() => {});
      return run;
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
    toolInfo,
    resolveTool,
    callTool: (name, args, ctx) => callTool(name, args, deps, ctx, logError),
    listResources: () => listResources(deps),
    listResourceTemplates: () => RESOURCE_TEMPLATES,
    readResource: (uri) => readResource(deps, uri),
    listPrompts: () => PROMPTS,
    getPrompt: (name, args) => getPrompt(deps, name, args),
    complete: (ref, argument, context) => complete(deps, ref, argument, context),
    onChange: (listener) => repo.onChange(listener),
  };
  return {
    backend,
    deps,
    toolNames,
    close: () => pages.close(),
    recover: async () => {
      // Nothing left behind (the usual case): no need to take the repository lock, which
      // costs a few file operations and would create openspec/.task-mcp/ in a bare project.
      const debris = await Promise.all(
        [JOURNAL, STAGING, LOCKS].map((dir) => options.fs.list(dir).catch(() => [])),
      );
      if (debris.every((entries) => entries.length === 0)) return 0;
      return await deps.serialize(async () => {
        const recovered = await recoverJournals(options.fs, isAlive);
        // Staging and lock folders are named <pid>-<id>: those of dead processes are debris.
        for (const dir of [STAGING, LOCKS]) {
          for (const entry of await options.fs.list(dir).catch(() => [])) {
            const pid = Number(entry.name.split("-")[0]);
            if (!pid || !isAlive(pid)) await options.fs.remove(`${dir}/${entry.name}`);
          }
        }
        return recovered;
      });
    },
  };
}
