/**
 * Deferred construction, so that importing the MCP layer costs next to nothing: the compiled
 * binary has to answer `initialize` within a few milliseconds of starting, and building every
 * zod schema up front would spend part of that budget on methods the client may never call.
 *
 * @module
 */

/**
 * Wraps `make` so it runs on the first call only; later calls return the same value.
 *
 * @example
 * ```ts
 * import { lazy } from "./lazy.ts";
 * const table = lazy(() => new Map([["a", 1]]));
 * table().get("a"); // 1, built on this first call
 * ```
 */
export function lazy<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}
