/**
 * Root-relative path checking shared by every filesystem adapter.
 *
 * @module
 */
import { FsError } from "./file_system.ts";

/**
 * Splits a root-relative POSIX path into its segments, refusing anything that could name a
 * location outside the root. `""` and `"."` name the root itself.
 *
 * @example Confine a path
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals(segments("openspec/changes/a"), ["openspec", "changes", "a"]);
 * ```
 */
export function segments(path: string): string[] {
  if (path.includes("\0") || path.includes("\\")) {
    throw new FsError("OUTSIDE_ROOT", path, `Path is not allowed: ${JSON.stringify(path)}`);
  }
  if (path.startsWith("/")) {
    throw new FsError("OUTSIDE_ROOT", path, `Path must be relative: ${JSON.stringify(path)}`);
  }
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      throw new FsError("OUTSIDE_ROOT", path, `Path leaves the root: ${JSON.stringify(path)}`);
    }
    parts.push(part);
  }
  return parts;
}

/** The normalised form of a root-relative path (`a//b/./c` → `a/b/c`). */
export function normalize(path: string): string {
  return segments(path).join("/");
}
