/**
 * Opening the clone at start-up: clone the remote into an empty root (or reuse the clone there
 * whose `origin` is that remote), find the branch, and repair what a killed server left — a
 * stale `index.lock`, a rebase or merge half done, a mutation written but not committed (its
 * paths are in the pending list), commits made but not pushed (pushed by the first refresh).
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { UsageError } from "../settings.ts";
import type { Identity } from "./authors.ts";
import { GitRepo } from "./git_repo.ts";
import { PENDING } from "./recording_fs.ts";
import { type Git, gitOk } from "./run_git.ts";

/** The git settings of `serve` and `stdio`. */
export interface GitConfig {
  /** The remote to clone and push to; absent: commit locally only (`--git-commit`). */
  remote?: string;
  /** The branch to work on; absent: the remote's default branch (or the current one). */
  branch?: string;
  /** HTTPS token, sent as a header through git's environment. */
  token?: string;
  /** `GIT_AUTHORS` entries: token or caller identity → author. */
  authors: Array<[string, Identity]>;
  defaultAuthor: Identity;
  committer: Identity;
  /** Least time between two background fetches (`GIT_FETCH_INTERVAL_MS`). */
  fetchIntervalMs: number;
  /** Attempts of a mutation whose push is rejected, before `GIT_CONFLICT`. */
  maxAttempts: number;
}

/** Opens (cloning if needed) the clone at `root` for `config`. */
export async function openClone(
  root: string,
  config: GitConfig,
  makeGit: (cwd: string) => Git,
): Promise<GitRepo> {
  const git = makeGit(root);
  const isClone = existsSync(`${root}/.git`);
  if (config.remote) {
    if (!isClone) {
      const entries = readdirSync(root);
      if (entries.length > 0) {
        throw new UsageError(
          `Cannot clone the git remote into ${root}: the folder is neither empty nor a clone`,
        );
      }
      const args = ["clone", "-q", "--no-tags", ...(config.branch ? ["-b", config.branch] : [])];
      await gitOk(git, [...args, "--", config.remote, "."]);
    } else {
      const origin = (await git(["config", "--get", "remote.origin.url"])).stdout.trim();
      if (origin !== config.remote) {
        throw new UsageError(
          `The clone in ${root} has another origin than the git remote; use an empty folder`,
        );
      }
    }
  } else if (!isClone) {
    throw new UsageError(`--git-commit needs a git working tree: ${root} is not one`);
  }
  await repair(git, root);
  const branch = config.branch ?? await defaultBranch(git, !!config.remote);
  if (
    config.remote && (await git(["symbolic-ref", "-q", "--short", "HEAD"])).stdout.trim() !== branch
  ) {
    await gitOk(git, ["checkout", "-q", branch]);
  }
  return new GitRepo(git, root, branch, !!config.remote);
}

/** The remote's default branch, else the branch checked out. */
async function defaultBranch(git: Git, remote: boolean): Promise<string> {
  if (remote) {
    const head = await git(["symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"]);
    if (head.code === 0 && head.stdout.trim()) return head.stdout.trim().replace(/^origin\//, "");
  }
  const current = await git(["symbolic-ref", "-q", "--short", "HEAD"]);
  return current.stdout.trim() || "main";
}

/** Clears what a killed git left: its lock files and unfinished rebases or merges. */
async function repair(git: Git, root: string): Promise<void> {
  // At start-up no git of ours runs in this clone: any index.lock is a leftover.
  for (const lock of ["index.lock", "HEAD.lock"]) rmSync(`${root}/.git/${lock}`, { force: true });
  if (existsSync(`${root}/.git/rebase-merge`) || existsSync(`${root}/.git/rebase-apply`)) {
    await git(["rebase", "--abort"]);
  }
  if (existsSync(`${root}/.git/MERGE_HEAD`)) await git(["merge", "--abort"]);
}

/** The paths a killed server wrote without committing them. */
export function pendingPaths(root: string): string[] {
  try {
    return [...new Set(readFileSync(`${root}/${PENDING}`, "utf8").split("\n").filter(Boolean))];
  } catch {
    return [];
  }
}
