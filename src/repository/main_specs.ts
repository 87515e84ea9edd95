/**
 * Reading the main specs a change's deltas refer to, for the engine's synchronous reader.
 *
 * @module
 */
import type { MainSpecReader } from "../openspec/mod.ts";
import type { FileSystem } from "../fs/file_system.ts";
import type { RepoContext } from "./context.ts";
import type { LoadedChange } from "./load_change.ts";
import { mainSpecPath, SPECS } from "./layout.ts";

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

/**
 * The main specs of the repository, sorted by capability id (`a/b` for nested ones), with their
 * sizes. Like OpenSpec's discovery, a `spec.md` at the `specs/` root or under a dot-folder is
 * not a capability.
 */
export async function listMainSpecs(
  fs: FileSystem,
): Promise<{ capability: string; size: number }[]> {
  const tree = await fs.tree(SPECS).catch(() => []);
  return tree
    .filter((e) =>
      e.kind === "file" && e.path.endsWith("/spec.md") &&
      !e.path.split("/").some((part) => part.startsWith("."))
    )
    .map((e) => ({ capability: e.path.slice(0, -"/spec.md".length), size: e.size }))
    .sort((a, b) => a.capability < b.capability ? -1 : a.capability > b.capability ? 1 : 0);
}
