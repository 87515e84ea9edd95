/**
 * Structured logs: one JSON object per line, on stderr only (stdout belongs to the protocol).
 *
 * @module
 */

/** Levels, least severe first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
/** One of {@link LOG_LEVELS}. */
export type Level = typeof LOG_LEVELS[number];

/** A logger that writes JSON lines. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const describe = (value: unknown) =>
  value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;

/** Creates a logger that drops records below `level` and hands lines to `write`. */
export function createLogger(level: Level, write: (line: string) => void): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const at = (l: Level) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (LOG_LEVELS.indexOf(l) < min) return;
    const record: Record<string, unknown> = { ts: new Date().toISOString(), level: l, msg };
    for (const [key, value] of Object.entries(fields)) record[key] = describe(value);
    write(JSON.stringify(record) + "\n");
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
