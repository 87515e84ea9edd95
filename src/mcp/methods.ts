/**
 * The table of request methods this server answers.
 *
 * Two tables, one per era. Anything not listed is −32601, including the experimental `tasks/*`
 * of 2025-11-25, and in the modern era the methods 2026-07-28 removed (`initialize`, `ping`,
 * `logging/setLevel`, `resources/subscribe`, `resources/unsubscribe`). `subscriptions/listen` is
 * modern too, but handled by the session itself: it needs the request's id and stream.
 *
 * @module
 */

import { lazy } from "../zod/lazy.ts";
import type { MethodHandler } from "./method_context.ts";
import { discoverResult } from "./modern_result.ts";
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

const modernTable = lazy(() => {
  const legacy = table();
  const modern = new Map<string, MethodHandler>([
    ["server/discover", (_params, { backend }) => discoverResult(backend)],
  ]);
  for (
    const method of [
      "tools/list",
      "tools/call",
      "resources/list",
      "resources/templates/list",
      "resources/read",
      "prompts/list",
      "prompts/get",
      "completion/complete",
    ]
  ) {
    modern.set(method, legacy.get(method)!);
  }
  return modern;
});

/**
 * The handler of a modern (2026-07-28) request for `method`, or `undefined`.
 *
 * @example
 * ```ts
 * import { findModernMethod } from "./methods.ts";
 * findModernMethod("server/discover") !== undefined; // true
 * findModernMethod("ping"); // undefined: removed in 2026-07-28
 * ```
 */
export function findModernMethod(method: string): MethodHandler | undefined {
  return modernTable().get(method);
}

/**
 * The handler of a legacy (2025 era) request for `method`, or `undefined` when we do not
 * implement it.
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
