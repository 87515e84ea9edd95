/**
 * `changes_active`: a page of changes, with filters and an opaque page token.
 *
 * Changes are ordered by slug (archived ones after the active ones, newest first), so that a
 * page token stays meaningful while changes are edited between two page requests.
 *
 * @module
 */
import { DomainError } from "../errors.ts";
import { type ChangeIndex, type ChangeSummary } from "./change_index.ts";
import { ARCHIVE, CHANGES } from "./layout.ts";

/** The query of {@link listChanges}, already validated. */
export interface ListQuery {
  limit: number;
  offset?: number;
  pageToken?: string;
  status: "draft" | "all";
  owner?: string;
  template?: string;
}

/** A page of changes. */
export interface ChangePage {
  page: number;
  pageSize: number;
  total: number;
  nextPageToken: string | null;
  items: ChangeSummary[];
}

const filterKey = (q: ListQuery) => JSON.stringify([q.status, q.owner ?? null, q.template ?? null]);

function encodeToken(offset: number, q: ListQuery): string {
  return btoa(JSON.stringify({ o: offset, f: filterKey(q) })).replace(/=+$/, "")
    .replaceAll("+", "-").replaceAll("/", "_");
}

function decodeToken(token: string, q: ListQuery): number {
  try {
    const data = JSON.parse(atob(token.replaceAll("-", "+").replaceAll("_", "/")));
    if (Number.isInteger(data.o) && data.o >= 0 && data.f === filterKey(q)) return data.o;
  } catch {
    // fall through to the error below
  }
  throw new DomainError("INVALID_INPUT", `Invalid pageToken "${token}"`, {
    field: "pageToken",
    value: token,
  }, "Pass the nextPageToken of the previous page, with the same filters");
}

/** Lists changes. */
export async function listChanges(index: ChangeIndex, q: ListQuery): Promise<ChangePage> {
  const offset = q.pageToken !== undefined ? decodeToken(q.pageToken, q) : q.offset ?? 0;
  const sources: { dir: string; names: string[]; archived: boolean }[] = [
    { dir: CHANGES, names: await index.names(CHANGES), archived: false },
  ];
  if (q.status === "all") {
    sources.push({
      dir: ARCHIVE,
      names: [...await index.names(ARCHIVE)].reverse(),
      archived: true,
    });
  }
  const filtered = q.owner !== undefined || q.template !== undefined;
  const items: ChangeSummary[] = [];
  let total = 0;
  if (!filtered) {
    // Without filters the total is the number of folders; only the page itself is read.
    let skip = offset;
    for (const source of sources) {
      total += source.names.length;
      for (const name of source.names.slice(skip, skip + q.limit - items.length)) {
        const summary = await index.summary(source.dir, name, source.archived);
        if (summary) items.push(summary);
      }
      skip = Math.max(0, skip - source.names.length);
    }
  } else {
    for (const source of sources) {
      for (const name of source.names) {
        const summary = await index.summary(source.dir, name, source.archived);
        if (!summary) continue;
        if (q.owner !== undefined && summary.owner !== q.owner) continue;
        if (q.template !== undefined && summary.template !== q.template) continue;
        if (total >= offset && items.length < q.limit) items.push(summary);
        total++;
      }
    }
  }
  const next = offset + q.limit;
  return {
    page: Math.floor(offset / q.limit) + 1,
    pageSize: q.limit,
    total,
    nextPageToken: next < total ? encodeToken(next, q) : null,
    items,
  };
}
