/**
 * zod, loaded when the first message or tool call arrives rather than at start-up. Evaluating
 * the library costs the compiled binary milliseconds and about a MiB of memory before it can
 * answer anything, and a server nobody talks to never needs it: its schemas are built on first
 * use anyway (see `lazy.ts`). The entry points of the MCP layer — a session's `handle` and the
 * registry's `callTool` — await {@link loadZod}; the schema builders take the library from
 * {@link lazyZod}.
 *
 * @module
 */
import { lazy } from "./lazy.ts";
import type { Zod } from "./zod_lib.ts";

let loaded: Zod | undefined;
let loading: Promise<Zod> | undefined;

/** Loads zod, once; resolves at once when it already is. */
export function loadZod(): Promise<Zod> {
  if (loaded) return Promise.resolve(loaded);
  return loading ??= import("./zod_lib.ts").then((module) => loaded = module);
}

/** Whether zod is loaded, so that callers need not wait for a turn of the event loop. */
export function zodLoaded(): boolean {
  return loaded !== undefined;
}

/** zod itself. Throws when nothing has loaded it yet: an entry point forgot {@link loadZod}. */
export function zod(): Zod {
  if (!loaded) throw new Error("zod is not loaded yet: await loadZod() first");
  return loaded;
}

/**
 * Like {@link lazy}, for what is built with zod: `make` runs on the first call only and gets
 * the library, which must be loaded by then.
 *
 * @example
 * ```ts
 * import { lazyZod, loadZod } from "./zod.ts";
 * const slug = lazyZod((z) => z.string().min(3));
 * await loadZod();
 * slug().parse("abc"); // "abc"
 * ```
 */
export function lazyZod<T>(make: (z: Zod) => T): () => T {
  return lazy(() => make(zod()));
}
