/**
 * Input fields shared by several tools, built on first use (see `defineTool`).
 *
 * @module
 */
import { lazyZod } from "../zod/zod.ts";
import type { Zod } from "../zod/zod_lib.ts";
import { EXISTING_SLUG } from "../repository/change_slug.ts";
import { CAPABILITY_PATTERN, SLUG_PATTERN } from "../repository/layout.ts";
import { TEXT_LIMITS } from "../repository/text_limits.ts";

export { TEXT_LIMITS };

/**
 * A string of at most `max` characters. Checked by a refinement rather than `.max()`, so the
 * published JSON Schema keeps its shape: a `maxLength` on every field would grow `tools/list`,
 * which every client fetches, for a limit the README documents anyway.
 */
export function limitedText(z: Zod, max: number) {
  return z.string().refine((text) => text.length <= max, {
    message: `must be at most ${max} characters`,
    params: { limit: max },
  });
}

/** The slug of a new change, as the API reference defines it. */
export const newSlug = lazyZod((z) =>
  z.string().regex(SLUG_PATTERN, {
    message: `must match pattern '${SLUG_PATTERN.source}'`,
  }).describe("URL-friendly identifier (3-64 chars, lowercase letters, digits and hyphens)")
);

/**
 * The slug of an existing change. Looser than {@link newSlug} — changes made by the CLI or by
 * hand may be named `x`, `Bad_Name` or `新增登入流程` — but never a path: no separators, no
 * leading dot.
 */
export const existingSlug = lazyZod((z) =>
  z.string().regex(EXISTING_SLUG, {
    message: "must be a change name (no path separators, no leading dot)",
  }).describe("Slug of an active change")
);

/** A kebab-case capability path such as `user-auth` or `identity/sessions`. */
export const capability = lazyZod((z) =>
  limitedText(z, TEXT_LIMITS.capability).regex(CAPABILITY_PATTERN, {
    message: "must be a kebab-case capability path such as user-auth or identity/sessions",
  })
);

/** The structured receipt of a mutation. */
export const receiptSchema = lazyZod((z) =>
  z.looseObject({
    id: z.string(),
    timestamp: z.string(),
    operation: z.string(),
    slug: z.string().optional(),
  })
);
