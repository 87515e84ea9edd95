/**
 * Unfilled template placeholders: `{{…}}` left in a document outside code fences.
 *
 * This is where task-mcp is stricter than the OpenSpec CLI: a delta spec skeleton is
 * structurally valid, so the CLI would happily archive `### Requirement: {{Name}}` into the
 * main specs. We report placeholders in delta specs as errors (and archive refuses them), and
 * placeholders in the proposal, design or tasks as warnings.
 *
 * @module
 */

/** One placeholder found in a document. */
export interface Placeholder {
  line: number;
  text: string;
}

const PLACEHOLDER = /\{\{[^{}\n]*\}\}/g;
const FENCE = /^\s*(`{3,}|~{3,})/;

/**
 * Finds the placeholders of a document, skipping fenced code (where `{{…}}` is usually real
 * template syntax of the project being specified).
 */
export function findPlaceholders(text: string): Placeholder[] {
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
    for (const match of line.matchAll(PLACEHOLDER)) found.push({ line: i + 1, text: match[0] });
  }
  return found;
}
