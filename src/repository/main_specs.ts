/**
 * Reading the main specs a change's deltas refer to, for the engine's synchronous reader.
 *
 * @module
 */
import type { MainSpecReader } from "../openspec/mod.ts";
import type { RepoContext } from "./context.ts";
import type { LoadedChange } from "./load_change.ts";
import { mainSpecPath } from "./layout.ts";

/** The capabilities a change's delta specs target (`specs/<capability>/spec.md`). */
export function deltaCapabilities(change: LoadedChange): string[] {
  return change.files.specFiles
    .filter((f) => f.path.endsWith("/spec.md"))
    .map((f) => f.path.slice(0, -"/spec.md".length));
}

/** Pre-reads the main specs of a change's capabilities and returns a reader over them. */
export async function readMainSpecs(
  ctx: RepoContext,
  change: LoadedChange,
): Promise<MainSpecReader> {
  const texts = new Map<string, string>();
  await Promise.all(
    deltaCapabilities(change).map(async (capability) => {
      const path = mainSpecPath(capability);
      if ((await ctx.fs.stat(path))?.kind === "file") {
        texts.set(capability, await ctx.fs.readText(path));
      }
    }),
  );
  return (capability) => texts.get(capability);
}
