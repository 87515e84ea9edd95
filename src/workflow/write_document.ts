/**
 * `change_write`: creating or replacing one document of a change.
 *
 * @module
 */
import type { Receipt } from "../backend_types.ts";
import { DomainError } from "../errors.ts";
import { makeReceipt, recordReceipt } from "../repository/audit.ts";
import type { RepoContext } from "../repository/context.ts";
import { requireChange, writeInChange } from "../repository/find_change.ts";
import { changeUris } from "../repository/uris.ts";
import { writablePath } from "./writable_path.ts";

/** The largest document `change_write` accepts, in bytes, unless configured otherwise. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 512 * 1024;

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
