/**
 * Counters, histograms and gauges, and their Prometheus text exposition (format 0.0.4).
 * Label values come from small fixed sets (routes, methods, statuses, tool names, error codes),
 * never from client input, so the number of series stays bounded.
 *
 * @module
 */

/** Label names to values. */
export type Labels = Record<string, string>;

/** One metric family, ready to render. */
export interface MetricFamily {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  samples: { name?: string; labels: Labels; value: number }[];
}

/** A counter with labels. */
export interface Counter {
  inc(labels?: Labels, by?: number): void;
  /** The sum over the series whose labels include `match`. */
  total(match?: Labels): number;
  family(): MetricFamily;
}

const key = (labels: Labels) => JSON.stringify(Object.entries(labels).sort());

/**
 * The series of `labels` in `series`, created by `create` when new. Every request updates a few
 * series, so the lookup goes through a key in the labels' own order (callers write their label
 * objects the same way every time), and only a first sighting pays for the sorted, canonical key.
 */
function seriesOf<T>(
  series: Map<string, T>,
  seen: Map<string, T>,
  labels: Labels,
  create: () => T,
): T {
  let quick = "";
  for (const name in labels) quick += `${name}\u0000${labels[name]}\u0001`;
  let entry = seen.get(quick);
  if (entry === undefined) {
    const canonical = key(labels);
    entry = series.get(canonical);
    if (entry === undefined) series.set(canonical, entry = create());
    seen.set(quick, entry);
  }
  return entry;
}
const matches = (labels: Labels, match: Labels) =>
  Object.entries(match).every(([k, v]) => labels[k] === v);

/**
 * Creates a counter.
 *
 * @example
 * ```ts
 * import { createCounter } from "./prometheus.ts";
 * const hits = createCounter("task_mcp_rate_limit_hits_total", "Requests refused");
 * hits.inc({ scope: "ip" });
 * hits.total(); // 1
 * ```
 */
export function createCounter(name: string, help: string): Counter {
  const series = new Map<string, { labels: Labels; value: number }>();
  const seen = new Map<string, { labels: Labels; value: number }>();
  return {
    inc(labels = {}, by = 1) {
      seriesOf(series, seen, labels, () => ({ labels, value: 0 })).value += by;
    },
    total(match = {}) {
      let sum = 0;
      for (const entry of series.values()) if (matches(entry.labels, match)) sum += entry.value;
      return sum;
    },
    family: () => ({ name, help, type: "counter", samples: [...series.values()] }),
  };
}

/** A histogram with labels. */
export interface Histogram {
  observe(labels: Labels, value: number): void;
  family(): MetricFamily;
}

/** Creates a histogram with the given upper bounds (sorted ascending). */
export function createHistogram(name: string, help: string, bounds: number[]): Histogram {
  type Series = { labels: Labels; counts: number[]; sum: number; n: number };
  const series = new Map<string, Series>();
  const seen = new Map<string, Series>();
  return {
    observe(labels, value) {
      const entry = seriesOf(series, seen, labels, () => ({
        labels,
        counts: bounds.map(() => 0),
        sum: 0,
        n: 0,
      }));
      for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) entry.counts[i]!++;
      entry.sum += value;
      entry.n++;
    },
    family() {
      const samples: MetricFamily["samples"] = [];
      for (const { labels, counts, sum, n } of series.values()) {
        bounds.forEach((le, i) =>
          samples.push({
            name: `${name}_bucket`,
            labels: { ...labels, le: String(le) },
            value: counts[i]!,
          })
        );
        samples.push({ name: `${name}_bucket`, labels: { ...labels, le: "+Inf" }, value: n });
        samples.push({ name: `${name}_sum`, labels, value: sum });
        samples.push({ name: `${name}_count`, labels, value: n });
      }
      return { name, help, type: "histogram", samples };
    },
  };
}

/** A gauge read when rendered. */
export function gauge(
  name: string,
  help: string,
  samples: { labels?: Labels; value: number }[],
): MetricFamily {
  return {
    name,
    help,
    type: "gauge",
    samples: samples.map((s) => ({ labels: s.labels ?? {}, value: s.value })),
  };
}

/**
 * The text exposition of `families`.
 *
 * @example
 * ```ts
 * import { gauge, renderPrometheus } from "./prometheus.ts";
 * renderPrometheus([gauge("task_mcp_open_streams", "Open streams", [{ value: 2 }])]);
 * // "# HELP task_mcp_open_streams Open streams\n# TYPE task_mcp_open_streams gauge\ntask_mcp_open_streams 2\n"
 * ```
 */
export function renderPrometheus(families: MetricFamily[]): string {
  let text = "";
  for (const family of families) {
    text += `# HELP ${family.name} ${family.help}\n# TYPE ${family.name} ${family.type}\n`;
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels)
        .sort(([a], [b]) => a === "le" ? 1 : b === "le" ? -1 : a < b ? -1 : 1)
        .map(([k, v]) =>
          `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`
        )
        .join(",");
      text += `${sample.name ?? family.name}${labels ? `{${labels}}` : ""} ${sample.value}\n`;
    }
  }
  return text;
}
