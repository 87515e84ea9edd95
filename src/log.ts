/**
 * Structured logs: one JSON object per line, on stderr only (stdout belongs to the protocol).
 *
 * Every record has `ts`, `level` and `msg`; records of a part of the server also carry its
 * namespace (`ns: "task-mcp:http"`). `LOG_LEVEL` sets the least severe level written, and
 * `DEBUG` (as the `debug` package spells it: `task-mcp:*`, `task-mcp:auth,task-mcp:ratelimit`,
 * `-task-mcp:http` to exclude) writes every record of the namespaces it names, debug included.
 * A level as a namespace (`task-mcp:debug`, the API reference's `task-mcp:error,task-mcp:warn`)
 * names the records of that level, whatever their part.
 *
 * @module
 */

/** Levels, least severe first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
/** One of {@link LOG_LEVELS}. */
export type Level = typeof LOG_LEVELS[number];

/** The prefix of every namespace. */
export const LOG_NAMESPACE = "task-mcp";

/** A logger that writes JSON lines. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** The logger of one part of the server: its records carry `ns: "task-mcp:<name>"`. */
  child(name: string): Logger;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** The `DEBUG` variable: comma- or space-separated namespace patterns. */
  debug?: string;
}

/** The time as ISO 8601, written once per millisecond however many records share it. */
let lastMs = NaN;
let lastTs = "";
function timestamp(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastTs = new Date(ms).toISOString();
  }
  return lastTs;
}

/** Fields written as they are: no error to describe, no key of the record's own. */
function plain(fields: Record<string, unknown>): boolean {
  for (const key in fields) {
    if (fields[key] instanceof Error || OWN_KEYS.has(key)) return false;
  }
  return true;
}
const OWN_KEYS = new Set(["ts", "level", "msg", "ns"]);

const describe = (value: unknown) =>
  value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;

/**
 * Creates a logger that drops records below `level` (unless `DEBUG` names their namespace) and
 * hands lines to `write`.
 *
 * @example
 * ```ts
 * import { createLogger } from "./log.ts";
 * const log = createLogger("info", (line) => console.error(line), { debug: "task-mcp:auth" });
 * log.child("auth").debug("token checked"); // written: DEBUG names task-mcp:auth
 * log.child("http").debug("request"); // dropped
 * ```
 */
export function createLogger(
  level: Level,
  write: (line: string, level: Level) => void,
  options: LoggerOptions = {},
): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const debugged = namespaceMatcher(options.debug ?? "");
  const levels = new Set(LOG_LEVELS.filter((l) => debugged(`${LOG_NAMESPACE}:${l}`)));
  const make = (ns: string | undefined): Logger => {
    const verbose = ns !== undefined && debugged(ns);
    const at = (l: Level) => {
      const enabled = verbose || levels.has(l) || LOG_LEVELS.indexOf(l) >= min;
      const head = `","level":"${l}","msg":`;
      const nsField = ns === undefined ? "" : `,"ns":${JSON.stringify(ns)}`;
      return (msg: string, fields: Record<string, unknown> = {}) => {
        if (!enabled) return;
        const start = `{"ts":"${timestamp()}${head}${JSON.stringify(msg)}${nsField}`;
        if (plain(fields)) {
          // The fields as they are, after the record's own keys: one JSON.stringify, no copy.
          const rest = JSON.stringify(fields);
          write(`${start}${rest.length > 2 ? `,${rest.slice(1)}` : "}"}\n`, l);
          return;
        }
        const record: Record<string, unknown> = { ts: timestamp(), level: l, msg };
        if (ns !== undefined) record.ns = ns;
        for (const key in fields) record[key] = describe(fields[key]);
        write(JSON.stringify(record) + "\n", l);
      };
    };
    return {
      debug: at("debug"),
      info: at("info"),
      warn: at("warn"),
      error: at("error"),
      child: (name) => make(`${LOG_NAMESPACE}:${name}`),
    };
  };
  return make(undefined);
}

/**
 * Whether `DEBUG` names a namespace: `*` matches any run of characters, a leading `-` excludes,
 * and exclusions win.
 *
 * @example
 * ```ts
 * import { namespaceMatcher } from "./log.ts";
 * const matches = namespaceMatcher("task-mcp:*,-task-mcp:http");
 * matches("task-mcp:auth"); // true
 * matches("task-mcp:http"); // false
 * ```
 */
export function namespaceMatcher(patterns: string): (ns: string) => boolean {
  const include: RegExp[] = [];
  const exclude: RegExp[] = [];
  for (const raw of patterns.split(/[\s,]+/).filter(Boolean)) {
    const negated = raw.startsWith("-");
    const body = (negated ? raw.slice(1) : raw).replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    (negated ? exclude : include).push(new RegExp(`^${body.replace(/\*/g, ".*?")}$`));
  }
  return (ns) => !exclude.some((r) => r.test(ns)) && include.some((r) => r.test(ns));
}

/** What {@link batchLines} returns. */
export interface LineBatcher {
  /**
   * Queues text (whole lines) for the next write; a warning or an error is written at once,
   * after what was queued before it.
   */
  write(text: string, level?: Level): void;
  /** Writes what is queued now. */
  flush(): void;
}

/** Above this many queued characters a batch is written at once. */
const BATCH_CHARS = 64 * 1024;

/**
 * Gathers what is written within about a millisecond into one write. A busy server logs a
 * line per request: written one by one, that is a system call per request and a quarter of
 * the HTTP server's throughput. Warnings and errors still go out at once, so that whoever
 * watches the log sees a failure as it happens. Whoever exits must {@link LineBatcher.flush}
 * first.
 *
 * @example
 * ```ts
 * import { batchLines } from "./log.ts";
 * const out = batchLines((text) => console.error(text));
 * out.write('{"msg":"one"}\n');
 * out.write('{"msg":"two"}\n'); // both reach console.error in one call, shortly
 * out.flush();
 * ```
 */
export function batchLines(write: (text: string) => void): LineBatcher {
  let queued = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (queued === "") return;
    const text = queued;
    queued = "";
    write(text);
  };
  return {
    write(text, level) {
      queued += text;
      if (level === "warn" || level === "error" || queued.length >= BATCH_CHARS) flush();
      else timer ??= setTimeout(flush, 0);
    },
    flush,
  };
}
