/**
 * Unfilled template placeholders: the exact `{{…}}` markers task-mcp's templates write, left in a
 * document outside code.
 *
 * Real specifications quote template languages all the time — Go's `{{.Names}}`, GitHub
 * Actions' `{{ secrets.NPM_TOKEN }}`, Jinja, JSX's `animate={{…}}` — so only the markers our own
 * templates wrote count, and never inside fenced code or inline code spans. In a delta spec such
 * a marker is an error (the OpenSpec CLI would merge `### Requirement: {{Name of the
 * behaviour}}` into the main specs); in the proposal, design or tasks it is a warning.
 *
 * @module
 */
import { EMBEDDED_TEMPLATES } from "../templates/embedded.ts";

/** One placeholder found in a document. */
export interface Placeholder {
  line: number;
  text: string;
}

/** What `change_open` writes for the proposal's Why when no rationale is given. */
export const RATIONALE_PLACEHOLDER =
  "{{Explain the problem or opportunity this change addresses, and why now}}";

const PLACEHOLDER = /\{\{[^{}\n]*\}\}/g;
const VARIABLE = /^\{\{[a-z_]+\}\}$/;
const FENCE = /^\s*(`{3,}|~{3,})/;
/** An inline code span: a run of backticks, then anything up to the same run. */
const CODE_SPAN = /(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g;

let markers: Set<string> | undefined;

/** Every placeholder marker of the embedded templates (variables such as `{{title}}` excluded). */
export function templateMarkers(): Set<string> {
  if (markers) return markers;
  markers = new Set([RATIONALE_PLACEHOLDER]);
  for (const [path, text] of Object.entries(EMBEDDED_TEMPLATES)) {
    if (!path.includes("/")) continue; // templates/README.md talks about placeholders
    for (const [marker] of text.matchAll(PLACEHOLDER)) {
      if (!VARIABLE.test(marker)) markers.add(marker);
    }
  }
  return markers;
}

/**
 * Finds the template markers left in a document, skipping fenced code and inline code spans.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals(findPlaceholders("Run `{{.Names}}` for {{Name of the behaviour}}"), [
 *   { line: 1, text: "{{Name of the behaviour}}" },
 * ]);
 * ```
 */
export function findPlaceholders(text: string): Placeholder[] {
  const known = templateMarkers();
  const found: Placeholder[] = [];
  let fence: string | undefined;
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const opener = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      if (opener && line.trim().startsWith(fence) && /^(`+|~+)$/.test(line.trim())) {
        fence = undefined;
      }
      continue;
    }
    if (opener) {
      fence = opener;
      continue;
    }
    for (const match of line.replace(CODE_SPAN, "").matchAll(PLACEHOLDER)) {
      if (known.has(match[0])) found.push({ line: i + 1, text: match[0] });
    }
  }
  return found;
}

/** The hint of a refusal over placeholders: the call that fixes them, with the first path. */
export function placeholderHint(slug: string, paths: string[]): string {
  const path = paths[0] ?? "proposal.md";
  return `Replace every {{…}} placeholder with real content: call change_write with slug ` +
    `"${slug}", path "${path}" and the finished document${
      paths.length > 1 ? ` (also ${paths.slice(1).map((p) => `"${p}"`).join(", ")})` : ""
    }, then call change_archive again`;
}
