/**
 * Prometheus counters of git mode: commits, pushes by outcome, retries after rejected pushes,
 * fetches by outcome, and the durations of fetches and pushes.
 *
 * @module
 */
import { createCounter, createHistogram, gauge, type MetricFamily } from "./prometheus.ts";

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The counters, updated by `GitSync`. */
export class GitMetrics {
  commits = 0;
  retries = 0;
  readonly #pushes = createCounter("task_mcp_git_pushes_total", "Pushes, by outcome");
  readonly #fetches = createCounter("task_mcp_git_fetches_total", "Fetches, by outcome");
  readonly #pushSeconds = createHistogram(
    "task_mcp_git_push_duration_seconds",
    "Time a push took",
    SECONDS,
  );
  readonly #fetchSeconds = createHistogram(
    "task_mcp_git_fetch_duration_seconds",
    "Time a fetch took",
    SECONDS,
  );

  /** Counts a push that took `ms` and ended as `outcome` (pushed, rejected or failed). */
  push(ms: number, outcome: string): void {
    this.#pushes.inc({ outcome });
    this.#pushSeconds.observe({}, ms / 1000);
  }

  /** Counts a fetch. */
  fetch(ms: number, ok: boolean): void {
    this.#fetches.inc({ outcome: ok ? "ok" : "failed" });
    this.#fetchSeconds.observe({}, ms / 1000);
  }

  /** Pushes that ended as `outcome`. */
  pushes(outcome: string): number {
    return this.#pushes.total({ outcome });
  }

  /** The families `/metrics` renders; `ahead` is the current backlog. */
  families(ahead: number): MetricFamily[] {
    const counter = (name: string, help: string, value: number): MetricFamily => ({
      name,
      help,
      type: "counter",
      samples: [{ labels: {}, value }],
    });
    return [
      counter("task_mcp_git_commits_total", "Commits made by mutations", this.commits),
      this.#pushes.family(),
      counter(
        "task_mcp_git_push_rejections_total",
        "Pushes rejected because the remote branch had moved",
        this.pushes("rejected"),
      ),
      counter(
        "task_mcp_git_retries_total",
        "Mutations run again after a rejected push",
        this.retries,
      ),
      this.#fetches.family(),
      this.#pushSeconds.family(),
      this.#fetchSeconds.family(),
      gauge("task_mcp_git_commits_ahead", "Local commits not on the remote yet", [{
        value: ahead,
      }]),
    ];
  }
}
