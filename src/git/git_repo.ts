/**
 * The git commands a git-backed repository needs, each a short sequence of real `git` calls:
 * fetch, bring the branch up to date without losing local work, commit exactly some paths, push.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { formatIdentity, type Identity } from "./authors.ts";
import { type Git, gitOk } from "./run_git.ts";

/** How a push ended. */
export type PushOutcome = "pushed" | "rejected" | "failed";

/** One clone: its working tree, its remote (if any) and its branch. */
export class GitRepo {
  constructor(
    readonly git: Git,
    readonly root: string,
    readonly branch: string,
    readonly hasRemote: boolean,
  ) {}

  /** The remote-tracking ref of the branch. */
  get tracking(): string {
    return `refs/remotes/origin/${this.branch}`;
  }

  /** The commit of `ref`, or `undefined` when it does not exist. */
  async rev(ref: string): Promise<string | undefined> {
    const result = await this.git(["rev-parse", "-q", "--verify", `${ref}^{commit}`]);
    return result.code === 0 ? result.stdout.trim() : undefined;
  }

  /** Fetches the branch; throws {@link GitError} when the remote cannot be reached. */
  async fetch(): Promise<void> {
    await gitOk(this.git, [
      "fetch",
      "-q",
      "--no-tags",
      "origin",
      `+refs/heads/${this.branch}:${this.tracking}`,
    ]);
  }

  /**
   * Commits not on the remote yet; without a remote-tracking branch, 1 once HEAD exists (an
   * empty remote still needs its first push).
   */
  async ahead(): Promise<number> {
    if (!(await this.rev(this.tracking))) return (await this.rev("HEAD")) ? 1 : 0;
    const out = await gitOk(this.git, ["rev-list", "--count", `${this.tracking}..HEAD`]);
    return Number(out.trim());
  }

  /**
   * Brings HEAD up to the fetched remote without losing anything: a fast-forward when HEAD is
   * behind; when both moved, the local commits are replayed on top (a backup ref keeps them
   * if that fails). Resolves to whether the working tree changed.
   */
  async catchUp(): Promise<boolean> {
    const [head, remote] = [await this.rev("HEAD"), await this.rev(this.tracking)];
    if (!remote || head === remote) return false;
    if (!head) {
      await gitOk(this.git, ["reset", "-q", "--keep", remote]);
      return true;
    }
    const base = (await gitOk(this.git, ["merge-base", head, remote]).catch(() => "")).trim();
    if (base === remote) return false; // only ahead: the backlog, pushed later
    if (base === head) {
      // --ff-only refuses, rather than overwrites, a person's uncommitted edit in the way.
      await gitOk(this.git, ["merge", "-q", "--ff-only", remote]);
      return true;
    }
    const rebase = await this.git(["rebase", "-q", remote]);
    if (rebase.code !== 0) {
      await this.git(["rebase", "--abort"]);
      await this.strand(head, remote, rebase);
    }
    return true;
  }

  /** Set-aside branches of local commits that could not be replayed on the remote. */
  readonly stranded: string[] = [];

  /**
   * Local commits that conflict with the remote's are never discarded: they go to a branch of
   * their own, `task-mcp/unmerged-<commit>`, here and (when it answers) on the remote, for a
   * person to merge; the working branch goes on from the remote's state.
   */
  async strand(head: string, remote: string, why: { stderr: string }): Promise<void> {
    const name = `task-mcp/unmerged-${head.slice(0, 12)}`;
    await gitOk(this.git, ["branch", "-f", name, head]);
    await gitOk(this.git, ["reset", "-q", "--keep", remote]);
    await this.git(["push", "-q", "origin", `${head}:refs/heads/${name}`]);
    this.stranded.push(name);
    if (this.stranded.length > 20) this.stranded.shift();
    void why;
  }

  /**
   * Commits exactly `paths` (those git can see: a path written then moved away is left out),
   * leaving whatever else is staged or modified alone. Resolves to the commit, or `undefined`
   * when those paths hold no change.
   */
  async commit(paths: string[], message: string, author: Identity): Promise<string | undefined> {
    const present = paths.filter((p) => existsSync(`${this.root}/${p}`));
    const missing = paths.filter((p) => !present.includes(p));
    let known: string[] = [];
    if (missing.length) {
      const listed = await gitOk(this.git, ["ls-files", "-z", "--cached", "--", ...missing]);
      const files = listed.split("\0").filter(Boolean);
      known = missing.filter((p) => files.some((f) => f === p || f.startsWith(`${p}/`)));
    }
    const pathspec = [...present, ...known];
    if (pathspec.length === 0) return undefined;
    await gitOk(this.git, ["add", "-A", "--", ...pathspec]);
    const diff = await this.git(["diff", "--cached", "--quiet", "HEAD", "--", ...pathspec]);
    if (diff.code === 0 && (await this.rev("HEAD"))) return undefined;
    await gitOk(this.git, [
      "-c",
      `user.name=${author.name}`,
      "-c",
      `user.email=${author.email}`,
      "commit",
      "-q",
      "--no-verify",
      "--author",
      formatIdentity(author),
      "-F",
      "-",
      "--",
      ...pathspec,
    ], message);
    return await this.rev("HEAD");
  }

  /** Undoes the commits after `commit`, keeping every file they did not touch as it is. */
  async resetTo(commit: string): Promise<void> {
    await gitOk(this.git, ["reset", "-q", "--keep", commit]);
  }

  /** Pushes HEAD to the branch, never forced. */
  async push(): Promise<{ outcome: PushOutcome; error?: string }> {
    const result = await this.git([
      "push",
      "--porcelain",
      "origin",
      `HEAD:refs/heads/${this.branch}`,
    ]);
    if (result.code === 0) return { outcome: "pushed" };
    const text = `${result.stdout}\n${result.stderr}`;
    // Another writer moved the branch first, or updated it while we did (a lost ref lock).
    const race = /\[rejected\]|non-fast-forward|fetch first|\[remote rejected\].*(lock|update ref)/;
    if (race.test(text)) {
      return { outcome: "rejected" };
    }
    const line = text.split("\n").find((l) => l.startsWith("!"));
    const last = result.stderr.trim().split("\n").at(-1);
    return { outcome: "failed", error: (line ?? last ?? "push failed").replace(/\s+/g, " ") };
  }

  /** The files that differ between two commits. */
  async changedFiles(from: string, to: string): Promise<string[]> {
    const out = await gitOk(this.git, ["diff", "--name-only", "-z", from, to]);
    return out.split("\0").filter(Boolean);
  }
}
