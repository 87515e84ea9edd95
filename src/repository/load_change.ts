/**
 * Reading one change folder into memory.
 *
 * @module
 */
import type { TreeEntry } from "../fs/file_system.ts";
import type { ChangeFiles } from "../openspec/mod.ts";
import type { RepoContext } from "./context.ts";
import { changeDir } from "./layout.ts";
import { type ChangeMetadata, parseMetadata } from "./metadata.ts";
import { isTempFile } from "./temp_files.ts";

/** A change as read from disk. */
export interface LoadedChange {
  slug: string;
  /** Root-relative folder, e.g. `openspec/changes/add-auth`. */
  dir: string;
  files: ChangeFiles;
  designText?: string;
  metadata: ChangeMetadata;
  /** Newest modification time of any file in the folder, as `openspec list` reports it. */
  updatedAt: Date;
  /** Temporary files a killed write left in the folder, relative to it (see `temp_files.ts`). */
  tempFiles: string[];
}

const hidden = (path: string) => path.split("/").some((part) => part.startsWith("."));

/**
 * Reads the change in `dir` (default: the active change `slug`). Resolves to `undefined` when
 * there is no such folder; a link in place of the folder counts as none, like the CLI's refusal
 * of symlinked changes.
 */
export async function loadChange(
  ctx: RepoContext,
  slug: string,
  dir: string = changeDir(slug),
  tree?: TreeEntry[],
): Promise<LoadedChange | undefined> {
  const { fs } = ctx;
  if (!tree) {
    const st = await fs.stat(dir);
    if (st?.kind !== "dir") return undefined;
    tree = await fs.tree(dir);
  }
  const has = (name: string) => tree.some((e) => e.path === name && e.kind === "file");
  const read = (name: string) => has(name) ? fs.readText(`${dir}/${name}`) : undefined;
  const specEntries = tree.filter((e) =>
    e.kind === "file" && e.path.startsWith("specs/") && !hidden(e.path.slice(6))
  );
  const [metadataText, proposalText, tasksText, designText, ...specTexts] = await Promise.all([
    read(".openspec.yaml"),
    read("proposal.md"),
    read("tasks.md"),
    read("design.md"),
    ...specEntries.map((e) =>
      e.path.endsWith(".md") ? fs.readText(`${dir}/${e.path}`) : Promise.resolve("")
    ),
  ]);
  let newest = 0;
  for (const e of tree) if (e.kind === "file") newest = Math.max(newest, e.mtimeMs);
  if (newest === 0) newest = (await fs.stat(dir))?.mtimeMs ?? 0;
  return {
    slug,
    dir,
    files: {
      name: slug,
      metadataText,
      proposalText,
      tasksText,
      specFiles: specEntries.map((e, i) => ({ path: e.path.slice(6), text: specTexts[i] ?? "" })),
    },
    designText,
    metadata: parseMetadata(metadataText),
    updatedAt: new Date(newest),
    tempFiles: tree.filter((e) => e.kind === "file" && isTempFile(e.path)).map((e) => e.path),
  };
}
