/**
 * Checking settings — environment variables and flag values — by hand rather than with zod:
 * every start-up reads them, and building and running the equivalent zod schemas cost `serve`
 * about ten milliseconds before it could listen.
 *
 * A bad value becomes a {@link UsageError} naming the setting, the value given (unless it is
 * secret) and what the setting accepts: `Invalid PORT "http": expected an integer from 0 to
 * 65535`.
 *
 * @module
 */

/** A configuration error: reported as one line on stderr, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Reads a setting's text: its value, or throws {@link Unacceptable}. */
export type Parse<T> = (text: string) => T;

/** Thrown by a {@link Parse}: what the setting accepts, e.g. `expected true or false`. */
export class Unacceptable extends Error {}

/** The error naming `label` (a variable or a flag), the value given, and what it accepts. */
export function invalid(label: string, value: string | undefined, accepts: string): UsageError {
  const shown = value === undefined ? "" : ` ${JSON.stringify(value)}`;
  return new UsageError(`Invalid ${label}${shown}: ${accepts}`);
}

/** Parses `text` as the setting `label`; a secret value is left out of the error. */
export function parseSetting<T>(label: string, text: string, parse: Parse<T>, secret = false): T {
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof Unacceptable)) throw error;
    throw invalid(label, secret ? undefined : text, error.message);
  }
}

/** Any text. */
export const text: Parse<string> = (value) => value;

/**
 * An integer from `min` to `max`, written as JavaScript's `Number()` reads it (`" 42 "`, `1e3`,
 * `0x10` and `5.0` are integers too).
 */
export function integer(min: number, max: number): Parse<number> {
  const accepts = `expected an integer from ${min} to ${max}`;
  return (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new Unacceptable(accepts);
    return n;
  };
}

/** One of `values`, exactly. */
export function oneOf<const T extends string>(values: readonly T[], accepts: string): Parse<T> {
  return (value) => {
    if (!(values as readonly string[]).includes(value)) throw new Unacceptable(accepts);
    return value as T;
  };
}

/** `true`/`1` or `false`/`0`. */
export const boolean: Parse<boolean> = (value) => {
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw new Unacceptable("expected true or false");
};

/** A function reading one environment variable: parsed, or `fallback` when unset or empty. */
export type ReadVariable = <T, F = T>(name: string, parse: Parse<T>, fallback: F) => T | F;

/**
 * Reads variables from `env`. An empty value counts as unset; the values of `secret` variables
 * are never repeated in an error.
 *
 * @example
 * ```ts
 * import { integer, variables } from "./settings.ts";
 * const env: Record<string, string> = { PORT: "9000" };
 * const read = variables((name) => env[name]);
 * read("PORT", integer(0, 65535), 8443); // 9000
 * read("MAX_SESSIONS", integer(1, 100_000), 1000); // 1000
 * ```
 */
export function variables(
  env: (name: string) => string | undefined,
  secret: ReadonlySet<string> = new Set(),
): ReadVariable {
  return (name, parse, fallback) => {
    const value = env(name);
    if (value === undefined || value === "") return fallback;
    return parseSetting(name, value, parse, secret.has(name));
  };
}
