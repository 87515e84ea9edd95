/**
 * Which files of a change an artifact's `generates` pattern names, as the OpenSpec CLI matches
 * them (fast-glob without dot files): `proposal.md`, `specs/**\/*.md`, `tasks/*.md`, `{a,b}.md`.
 *
 * @module
 */

/** Whether `pattern` is a glob rather than one literal path (the CLI's test). */
export function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern) || /[!*+?@]\([^(]*\)/.test(pattern) ||
    /\{[^{}]*(,|\.\.)[^{}]*\}/.test(pattern);
}

function segmentSource(segment: string): string {
  let out = "";
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const end = segment.indexOf("]", i + 1);
      if (end < 0) out += "\\[";
      else {
        const body = segment.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\");
        out += `[${body}]`;
        i = end;
      }
    } else if (c === "{") {
      const end = segment.indexOf("}", i + 1);
      if (end < 0) out += "\\{";
      else {
        out += `(?:${segment.slice(i + 1, end).split(",").map(segmentSource).join("|")})`;
        i = end;
      }
    } else out += c.replace(/[.+^$()|\\]/g, "\\$&");
  }
  // Like fast-glob's default `dot: false`, a wildcard never starts a dot file's name.
  return segment.startsWith(".") ? out : `(?!\\.)${out}`;
}

/**
 * The regular expression of a glob over `/`-separated relative paths; `**` spans any number of
 * folders (none included) but never a dot folder.
 */
export function globRegExp(pattern: string): RegExp {
  const parts = pattern.replace(/^\.\//, "").split("/").filter((p) => p !== "");
  let source = "";
  parts.forEach((part, index) => {
    const last = index === parts.length - 1;
    if (part === "**") {
      source += last ? "(?:(?!\\.)[^/]+(?:/(?!\\.)[^/]+)*)?" : "(?:(?!\\.)[^/]+/)*";
    } else source += segmentSource(part) + (last ? "" : "/");
  });
  return new RegExp(`^${source}$`);
}

/**
 * The files among `files` (change-relative paths) that `generates` names, sorted as the CLI
 * sorts them (by code unit).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * const files = ["proposal.md", "specs/b/spec.md", "specs/a/spec.md", "specs/.x/spec.md"];
 * assertEquals(matchOutputs(files, "specs/**\/*.md"), ["specs/a/spec.md", "specs/b/spec.md"]);
 * assertEquals(matchOutputs(files, "design.md"), []);
 * ```
 */
export function matchOutputs(files: readonly string[], generates: string): string[] {
  if (!isGlob(generates)) {
    const path = generates.replace(/^\.\//, "");
    return files.includes(path) ? [path] : [];
  }
  const re = globRegExp(generates);
  return files.filter((f) => re.test(f)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
