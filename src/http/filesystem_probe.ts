/**
 * The filesystem check of the health endpoints, over the portable {@link FileSystem}.
 *
 * @module
 */
import type { FileSystem } from "../fs/file_system.ts";

/** What the check found. */
export interface FilesystemStatus {
  accessible: boolean;
  /** Only when a write was attempted. */
  writable?: boolean;
  /** The `openspec/` folder served. */
  path: string;
}

/** A filesystem check; `write` also proves that a file can be created and removed. */
export type FilesystemProbe = (write: boolean) => Promise<FilesystemStatus>;

/**
 * Creates the probe. The write test goes to task-mcp's own state folder
 * (`openspec/.task-mcp/`) when `openspec/` exists, else to a uniquely named file at the root,
 * so a health check never creates `openspec/` in a project that has none.
 *
 * @example
 * ```ts
 * import { createFilesystemProbe } from "./filesystem_probe.ts";
 * import { createMemoryFileSystem } from "../fs/memory.ts";
 * const probe = createFilesystemProbe(createMemoryFileSystem());
 * await probe(true); // { accessible: true, writable: true, path: "memory:/openspec" } (or similar)
 * ```
 */
export function createFilesystemProbe(fs: FileSystem): FilesystemProbe {
  const path = fs.absolute("openspec");
  return async (write) => {
    const root = await fs.stat("").catch(() => undefined);
    const accessible = root?.kind === "dir";
    if (!write) return { accessible, path };
    if (!accessible) return { accessible, writable: false, path };
    const hasOpenspec = (await fs.stat("openspec").catch(() => undefined))?.kind === "dir";
    const name = `.task-mcp-health-${crypto.randomUUID()}.tmp`;
    const file = hasOpenspec ? `openspec/.task-mcp/${name}` : name;
    try {
      await fs.writeAtomic(file, "ok\n");
      await fs.remove(file);
      return { accessible, writable: true, path };
    } catch {
      return { accessible, writable: false, path };
    }
  };
}
