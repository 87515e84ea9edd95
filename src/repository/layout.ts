/**
 * Where things live in a repository, relative to the project root that contains `openspec/`.
 *
 * task-mcp keeps its own state in `openspec/.task-mcp/` (audit log, staging area, archive
 * journal, archive summaries): outside `openspec/changes/` and `openspec/specs/`, so the
 * OpenSpec CLI never sees it.
 *
 * @module
 */

/** The `openspec/` folder and its parts. */
export const OPENSPEC = "openspec";
export const CHANGES = `${OPENSPEC}/changes`;
export const ARCHIVE = `${CHANGES}/archive`;
export const SPECS = `${OPENSPEC}/specs`;
export const STATE = `${OPENSPEC}/.task-mcp`;
export const AUDIT_LOG = `${STATE}/audit.jsonl`;
export const STAGING = `${STATE}/staging`;
export const JOURNAL = `${STATE}/journal`;
export const SUMMARIES = `${STATE}/archived`;

/** The folder of an active change. */
export const changeDir = (slug: string): string => `${CHANGES}/${slug}`;

/** The main spec of a capability (`a/b` for nested capabilities). */
export const mainSpecPath = (capability: string): string => `${SPECS}/${capability}/spec.md`;

/** The documents of a change that tools may write, besides delta specs. */
export const CHANGE_DOCUMENTS = ["proposal.md", "design.md", "tasks.md"] as const;

/** A kebab-case capability path: segments of `a-z0-9` joined by single hyphens, `/`-separated. */
export const CAPABILITY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

/** The slug rule of the API reference: 3–64 characters of `a-z0-9-`, no hyphen at either end. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9\-]{1,62})[a-z0-9]$/;

/** Formats a date as `YYYY-MM-DD` in the local time zone, as the OpenSpec CLI does. */
export function localDate(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, "0");
  const d = String(date.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}
