/**
 * `change_write`: creating or replacing one document of a change.
 *
 * @module
 */
import type { Receipt } from "../mcp/backend.ts";
import { DomainError } from "../errors.ts";
import { makeReceipt, recordReceipt } from "./audit.ts";
import type { RepoContext } from "./context.ts";
import { requireChange, writeInChange } from "./find_change.ts";
import { CAPABILITY_PATTERN, CHANGE_DOCUMENTS } from "./layout.ts";
import { changeUris } from "./uris.ts";
import { writablePath } from "../workflow/writable_path.ts";

/** The largest document `change_write` accepts, in bytes, unless configured otherwise. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 512 * 1024;

/**
 * Checks that `path` names a document a change may hold — `proposal.md`, `design.md`,
 * `tasks.md` or `specs/<capability>/spec.md` — and returns it; anything else, traversal
 * included, is refused before storage is touched.
 */
export function checkDocumentPath(path: string): string {
  if ((CHANGE_DOCUMENTS as readonly string[]).includes(path)) return path;
  const match = /^specs\/(.+)\/spec\.md$/.exec(path);
  if (match && CAPABILITY_PATTERN.test(match[1] ?? "")) return path;
  throw new DomainError(
    "PATH_NOT_ALLOWED",
    `Path "${path}" is not a change document: use proposal.md, design.md, tasks.md or specs/<capability>/spec.md`,
    { field: "path", value: path },
  );
}

/** What {@link writeDocument} did. */
export interface WrittenDocument {
  slug: string;
  path: string;
  bytes: number;
  created: boolean;
  receipt: Receipt;
}

/** Writes one document atomically. */
export async function writeDocument(
  ctx: RepoContext,
  input: { slug: string; path: string; content: string },
  caller: string,
  maxBytes = DEFAULT_MAX_DOCUMENT_BYTES,
): Promise<WrittenDocument> {
  const path = await writablePath(ctx, input.slug, input.path);
  const bytes = new TextEncoder().encode(input.content).length;
  if (bytes > maxBytes) {
    throw new DomainError(
      "CONTENT_TOO_LARGE",
      `Document "${path}" is ${bytes} bytes: the limit is ${maxBytes}`,
      { field: "content", bytes, limit: maxBytes },
    );
  }
  const change = await requireChange(ctx, input.slug);
  const created = !(await ctx.fs.stat(`${change.dir}/${path}`));
  await writeInChange(ctx, change, path, input.content);
  const receipt = makeReceipt(ctx, "change.write", input.slug, { path });
  await recordReceipt(ctx, receipt, caller);
  ctx.emit({
    uris: changeUris(input.slug, path.startsWith("specs/") ? [path] : []),
    listChanged: created,
  });
  return { slug: input.slug, path, bytes, created, receipt };
}
