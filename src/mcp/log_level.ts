/**
 * RFC 5424 severities as MCP uses them for `logging/setLevel` and `notifications/message`.
 *
 * @module
 */

import type { LogLevel } from "./backend.ts";

/** Every level, least severe first. */
export const LOG_LEVELS = [
  "debug",
  "info",
  "notice",
  "warning",
  "error",
  "critical",
  "alert",
  "emergency",
] as const satisfies readonly LogLevel[];

/**
 * Whether a message at `level` passes a client that asked for `minimum` and above.
 *
 * @example
 * ```ts
 * import { passesLogLevel } from "./log_level.ts";
 * passesLogLevel("error", "warning"); // true
 * passesLogLevel("info", "warning"); // false
 * ```
 */
export function passesLogLevel(level: LogLevel, minimum: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(minimum);
}
