/**
 * The `changes_active` tool.
 *
 * @module
 */
import { BOARD_VIEW, uiMeta } from "../ui/app_uris.ts";
import { lazyZod } from "../zod/zod.ts";
import type { ChangePage } from "../repository/list_changes.ts";
import { TEMPLATE_NAMES } from "../repository/templates.ts";
import { limitedText, TEXT_LIMITS } from "./schemas.ts";
import { defineTool } from "./tool.ts";

/** The query shared by the tool and the `changes://active` resource. */
export const listQuery = lazyZod((z) =>
  z.object({
    limit: z.int().min(1).max(200).default(50).describe("Maximum number of changes to return"),
    offset: z.int().min(0).optional().describe("Number of changes to skip"),
    pageToken: limitedText(z, TEXT_LIMITS.pageToken).optional().describe(
      "nextPageToken of the previous page",
    ),
    status: z.enum(["draft", "all"]).default("draft").describe(
      "draft: active changes; all: archived ones too",
    ),
    owner: limitedText(z, TEXT_LIMITS.owner).optional().describe("Filter by owner/team"),
    template: z.enum(TEMPLATE_NAMES).optional().describe("Filter by template type"),
  })
);

export const changesActive = lazyZod((z) =>
  defineTool({
    name: "changes_active",
    alias: "changes.active",
    title: "List active changes",
    description:
      "List OpenSpec changes with task progress, owner, template and expiry, ordered by slug, 50 per page by default. Pass nextPageToken back as pageToken for the next page.",
    input: listQuery(),
    output: z.looseObject({
      page: z.int(),
      pageSize: z.int(),
      total: z.int(),
      nextPageToken: z.string().nullable(),
      items: z.array(z.looseObject({ slug: z.string(), title: z.string(), status: z.string() })),
    }),
    annotations: { readOnlyHint: true, idempotentHint: true },
    meta: uiMeta(BOARD_VIEW),
    async run(input, deps) {
      const page = await deps.pages.list(input);
      return {
        // The cached page itself, not a copy: the MCP layer reuses its JSON text while it is cached.
        structured: page as unknown as Record<string, unknown>,
        text: summary(page, input.status),
      };
    },
  })
);

/** The summaries of cached pages, written once per page and status. */
const summaries = new WeakMap<object, { status: string; text: string }>();

/** "Found N active change(s) (showing page P of Q)" and one line per change. */
function summary(page: ChangePage, status: string): string {
  const hit = summaries.get(page);
  if (hit?.status === status) return hit.text;
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const text = `Found ${page.total} ${status === "all" ? "" : "active "}change(s)` +
    ` (showing page ${page.page} of ${pages})` +
    page.items.map((i) => `\n- ${i.slug}: ${i.title} [${i.progress.completed}/${i.progress.total}]`)
      .join("");
  summaries.set(page, { status, text });
  return text;
}
