/**
 * Turning the git settings into what the application needs: the clone (cloned or reused and
 * repaired), the author lookup, and the environment every git command runs with.
 *
 * @module
 */
import process from "node:process";
import { authorLookup, type AuthorOf } from "./authors.ts";
import { gitEnv, redactor } from "./git_env.ts";
import type { GitRepo } from "./git_repo.ts";
import { type GitConfig, openClone, pendingPaths } from "./git_startup.ts";
import { runner } from "./run_git.ts";

/** What `createApp` takes in git mode. */
export interface GitSetup {
  repo: GitRepo;
  authorOf: AuthorOf;
  maxAttempts: number;
  fetchIntervalMs: number;
  /** Paths a killed server wrote without committing them. */
  pending: string[];
}

/** Opens the clone at `root` and prepares the rest. */
export async function setUpGit(
  root: string,
  config: GitConfig,
  base: Record<string, string | undefined> = process.env,
): Promise<GitSetup> {
  const env = gitEnv({ base, token: config.token, committer: config.committer });
  const redact = redactor(config.token);
  const repo = await openClone(root, config, (cwd) => runner(cwd, env, redact));
  return {
    repo,
    authorOf: await authorLookup(config.authors, config.defaultAuthor),
    maxAttempts: config.maxAttempts,
    fetchIntervalMs: config.fetchIntervalMs,
    pending: pendingPaths(root),
  };
}
