/** Classifies the files under a change's `specs/` the way the CLI's directory walks do. @module */
import { hasDeltaSections, parseDeltaPlan } from "./delta_plan.ts";
import type { ChangeFiles } from "./types.ts";

/** A delta spec the merge reads: `specs/<capability>/spec.md`. */
export interface DiscoveredSpec {
  /** Capability id: the POSIX directory path (`identity/user-auth`). */
  id: string;
  text: string;
}

/** What the CLI finds under `specs/`. */
export interface SpecInventory {
  /** Delta specs, sorted by id in code-point order. */
  specs: DiscoveredSpec[];
  /** A regular `specs/spec.md` exists (never merged). */
  rootSpec: boolean;
  /** Other `.md` files that carry delta sections (never merged), sorted by path. */
  unread: { path: string; expected: string }[];
  /** Any non-dot file exists under `specs/`. */
  hasAnyFile: boolean;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Splits the change's spec files into delta specs, stray delta files and the root spec. */
export function inventorySpecs(files: ChangeFiles["specFiles"]): SpecInventory {
  const specs: DiscoveredSpec[] = [];
  const unread: SpecInventory["unread"] = [];
  let rootSpec = false;
  let hasAnyFile = false;
  for (const file of files) {
    const segments = file.path.split("/").filter((segment) => segment !== "");
    // The CLI skips every dot entry, files and directories alike.
    if (segments.length === 0 || segments.some((segment) => segment.startsWith("."))) continue;
    hasAnyFile = true;
    const fileName = segments[segments.length - 1] ?? "";
    const dirs = segments.slice(0, -1);
    if (fileName === "spec.md") {
      if (dirs.length > 0) specs.push({ id: dirs.join("/"), text: file.text });
      else rootSpec = true;
      continue;
    }
    if (!fileName.toLowerCase().endsWith(".md")) continue;
    if (!hasDeltaSections(parseDeltaPlan(file.text))) continue;
    const capability = dirs.length > 0 ? dirs.join("/") : fileName.slice(0, -3);
    unread.push({ path: segments.join("/"), expected: `${capability}/spec.md` });
  }
  specs.sort((a, b) => byCodePoint(a.id, b.id));
  unread.sort((a, b) => byCodePoint(a.path, b.path));
  return { specs, rootSpec, unread, hasAnyFile };
}
