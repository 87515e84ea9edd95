/**
 * Every mutation a commit: fetch and catch up before it, commit exactly the paths it wrote,
 * push after. A push rejected because another instance or a person pushed first undoes our
 * commit, catches up and runs the mutation again from the start — so that it is validated
 * against the newest state — a bounded number of times with jitter, then `GIT_CONFLICT`. A push
 * that fails for any other reason (network, auth) keeps the commit: the receipt says
 * `pushed: false` and the backlog is pushed by a later mutation or the background refresh.
 *
 * Runs inside the repository lock: one mutation of this clone at a time.
 *
 * @module
 */
import { DomainError } from "../errors.ts";
import type { Receipt } from "../backend_types.ts";
import type { AuthorOf } from "./authors.ts";
import { fileUris } from "./file_uris.ts";
import type { GitRepo } from "./git_repo.ts";
import { GitMetrics } from "../metrics/git_metrics.ts";
import type { Recorder } from "./recording_fs.ts";

/** How one mutation of a batch ended. */
export type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/** What `/health` shows of git. */
export interface GitStatus {
  mode: "remote" | "local";
  branch: string;
  /** Commits not on the remote yet. */
  ahead: number;
  lastFetchAgeMs: number | null;
  lastPushError: string | null;
  /** Branches holding local commits that conflicted with the remote's, for a person to merge. */
  unmerged: string[];
}

/** Options of {@link GitSync}. */
export interface GitSyncOptions {
  repo: GitRepo;
  recorder: Recorder;
  authorOf: AuthorOf;
  maxAttempts: number;
  /** Announces files that git changed in the working tree. */
  emit(uris: string[]): void;
  /** Appends a line to the audit log. */
  audit(entry: Record<string, unknown>): Promise<void>;
  log(msg: string, fields: Record<string, unknown>): void;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The git side of mutations. */
export class GitSync {
  readonly metrics = new GitMetrics();
  #last: { receipt: Receipt; caller: string } | undefined;
  #lastFetchAt: number | undefined;
  #lastPushError: string | null = null;
  #ahead = 0;
  constructor(private readonly o: GitSyncOptions) {}

  /** Called by the audit log for each receipt: the commit is by that caller, and names it. */
  onReceipt(receipt: Receipt, caller: string): void {
    this.#last = { receipt, caller };
  }

  /**
   * Runs mutations that queued up together one after another, each its own commit, and pushes
   * them with one push: under load a push per mutation would bound an instance to a handful of
   * mutations per second. A rejected push undoes all of the batch's commits and runs every
   * mutation again from the start, on top of the remote's new state.
   */
  async mutateBatch(fns: Array<() => Promise<unknown>>): Promise<Settled[]> {
    const { repo, maxAttempts } = this.o;
    for (let attempt = 1;; attempt++) {
      await this.refresh();
      const base = await repo.rev("HEAD");
      const done: Array<Settled & { receipt?: Receipt; commit?: string }> = [];
      for (const fn of fns) {
        this.#last = undefined;
        try {
          const value = await fn();
          const commit = await this.#commit();
          done.push({ ok: true, value, receipt: this.#receipt(), commit });
        } catch (error) {
          // A failed mutation writes nothing as a rule; whatever it did write is committed, so
          // that the working tree never holds changes no commit accounts for.
          await this.#commit().catch(() => {});
          done.push({ ok: false, error });
        }
      }
      const head = await repo.rev("HEAD");
      let pushed = false;
      if (head !== base && repo.hasRemote) {
        const started = this.#clock();
        const push = await repo.push();
        this.metrics.push(this.#clock() - started, push.outcome);
        if (push.outcome === "rejected") {
          // Someone else's commit came first: ours are redone on top of theirs.
          if (base) {
            const dropped = await repo.changedFiles(base, head!);
            await repo.resetTo(base);
            this.o.emit(fileUris(dropped));
          }
          if (attempt >= maxAttempts) {
            const error = new DomainError(
              "GIT_CONFLICT",
              `The remote branch kept moving: gave up after ${attempt} attempts`,
              { attempts: attempt },
            );
            return fns.map(() => ({ ok: false, error }));
          }
          this.metrics.retries += fns.length;
          const random = this.o.random ?? Math.random;
          await (this.o.sleep ?? sleep)(Math.round(random() * 20 * attempt));
          continue;
        }
        if (push.outcome === "pushed") {
          this.#pushed();
          pushed = true;
        } else {
          this.#lastPushError = push.error ?? "push failed";
          this.#ahead = await repo.ahead();
          this.o.log("push failed; the commits are kept and pushed later", {
            commit: head,
            error: this.#lastPushError,
          });
        }
      }
      for (const outcome of done) {
        if (outcome.receipt && outcome.commit) {
          await this.#stamp(outcome.receipt, outcome.commit, pushed);
        }
      }
      return done.map((o) => o.ok ? { ok: true, value: o.value } : { ok: false, error: o.error });
    }
  }

  /**
   * At start-up: commits what a killed server wrote but did not commit (`paths`, from the
   * pending list), then refreshes, which pushes every commit the remote lacks.
   */
  async start(paths: string[]): Promise<void> {
    if (paths.length) {
      this.o.recorder.adopt(paths);
      this.#last = undefined;
      const commit = await this.#commit();
      if (commit) this.o.log("committed an interrupted mutation", { commit, paths });
    }
    // Without a remote nothing is ever pushed: local commits are no backlog.
    this.#ahead = this.o.repo.hasRemote ? await this.o.repo.ahead() : 0;
    await this.refresh();
  }

  /** Fetches, catches up (announcing what changed) and pushes a waiting backlog. */
  async refresh(): Promise<void> {
    const { repo } = this.o;
    if (!repo.hasRemote) return;
    const before = await repo.rev("HEAD");
    const started = this.#clock();
    try {
      await repo.fetch();
      this.metrics.fetch(this.#clock() - started, true);
      this.#lastFetchAt = this.#clock();
    } catch (error) {
      this.metrics.fetch(this.#clock() - started, false);
      this.#lastPushError ??= error instanceof Error ? error.message : String(error);
      return; // offline: work on the local state, push later
    }
    const stranded = repo.stranded.length;
    const moved = await repo.catchUp();
    if (repo.stranded.length !== stranded) {
      this.o.log("local commits conflict with the remote: kept on a branch for a person to merge", {
        branch: repo.stranded.at(-1),
      });
    }
    if (moved && before) {
      const after = await repo.rev("HEAD");
      if (after && after !== before) this.o.emit(fileUris(await repo.changedFiles(before, after)));
    }
    this.#ahead = await repo.ahead();
    if (this.#ahead > 0) await this.pushBacklog();
  }

  /** Pushes local commits that an earlier push could not deliver. */
  async pushBacklog(): Promise<void> {
    const started = this.#clock();
    const push = await this.o.repo.push();
    this.metrics.push(this.#clock() - started, push.outcome);
    if (push.outcome === "pushed") {
      this.o.log("pushed the backlog", { commits: this.#ahead });
      await this.o.audit({ operation: "git.push", commits: this.#ahead, pushed: true });
      this.#pushed();
    } else if (push.outcome === "failed") this.#lastPushError = push.error ?? "push failed";
  }

  /** The state `/health` shows. */
  status(): GitStatus {
    return {
      mode: this.o.repo.hasRemote ? "remote" : "local",
      branch: this.o.repo.branch,
      ahead: this.#ahead,
      lastFetchAgeMs: this.#lastFetchAt === undefined ? null : this.#clock() - this.#lastFetchAt,
      lastPushError: this.#lastPushError,
      unmerged: [...this.o.repo.stranded],
    };
  }

  /** The receipt the last mutation recorded (set behind the type checker's back). */
  #receipt(): Receipt | undefined {
    return this.#last?.receipt;
  }

  #pushed(): void {
    this.#ahead = 0;
    this.#lastPushError = null;
  }

  #clock(): number {
    return (this.o.now ?? Date.now)();
  }

  async #commit(): Promise<string | undefined> {
    const paths = this.o.recorder.take();
    if (paths.length === 0) return undefined;
    const last = this.#last;
    const caller = last?.caller ?? "server";
    const what = last
      ? `${last.receipt.operation.replace(/^change\./, "")} ${last.receipt.slug}`
      : "recover";
    const message = `openspec: ${what}\n\n` +
      (last ? `Task-Mcp-Receipt: ${last.receipt.id}\n` : "") + `Task-Mcp-Caller: ${caller}\n`;
    const commit = await this.o.repo.commit(paths, message, this.o.authorOf(caller));
    await this.o.recorder.clear();
    if (commit) this.metrics.commits++;
    return commit;
  }

  async #stamp(receipt: Receipt, commit: string, pushed: boolean): Promise<void> {
    receipt.commit = commit;
    receipt.pushed = pushed;
    await this.o.audit({ id: receipt.id, operation: "git.commit", commit, pushed });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
