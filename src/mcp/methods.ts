/**
 * The table of request methods this server answers.
 *
 * Anything not listed is −32601, including methods of newer or experimental revisions that we
 * deliberately do not implement (`server/discover` of 2026-07-28, `tasks/*` of 2025-11-25): a
 * dual-era client falls back to `initialize` on −32601.
 *
 * @module
 */

import { lazy } from "../zod/lazy.ts";
import type { MethodHandler } from "./method_context.ts";
import { paramsSchemas, parseParams } from "./params.ts";
import { promptMethods } from "./prompt_methods.ts";
import { resourceMethods } from "./resource_methods.ts";
import { toolMethods } from "./tool_methods.ts";

const utilityMethods: Record<string, MethodHandler> = {
  ping: () => ({}),
  "logging/setLevel": (params, { session }) => {
    const { level } = parseParams(paramsSchemas.setLevel(), params, "logging/setLevel");
    session.setLogLevel(level);
    return {};
  },
};

// A Map, not the object itself: a plain lookup would find "constructor" or "toString" on the
// prototype and call it as a handler.
const table = lazy(() =>
  new Map(
    Object.entries({ ...utilityMethods, ...toolMethods, ...resourceMethods, ...promptMethods }),
  )
);

/**
 * The handler for `method`, or `undefined` when we do not implement it.
 *
 * @example
 * ```ts
 * import { findMethod } from "./methods.ts";
 * findMethod("tools/list") !== undefined; // true
 * findMethod("server/discover"); // undefined
 * ```
 */
export function findMethod(method: string): MethodHandler | undefined {
  return table().get(method);
}
