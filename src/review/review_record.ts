/**
 * A change's review as kept in its `.openspec.yaml`, under task-mcp's own `review:` key: the
 * latest decision (approved, or sent back with a comment), who made it and when, the digest of
 * the proposal and delta specs it was made on, and the review comments.
 *
 * The OpenSpec CLI reads `.openspec.yaml` with a non-strict schema that strips unknown keys, so
 * the key never makes the CLI fail; the CLI's own lines stay as they are. An approval whose
 * digest no longer matches the change is withdrawn: editing the proposal or a delta spec after
 * the approval needs a new one.
 *
 * @module
 */
import { parse, stringify } from "@std/yaml";
import type { ChangeFiles } from "../openspec/types.ts";

/** A decision on a change. */
export interface ReviewDecision {
  action: "approve" | "reject";
  by: string;
  at: string;
  /** {@link reviewDigest} of the change when the decision was made. */
  digest: string;
  comment?: string;
}

/** A review comment, optionally anchored to a requirement or a scenario. */
export interface ReviewComment {
  id: string;
  by: string;
  at: string;
  text: string;
  /** `<capability>: <requirement>` or `<capability>: <requirement> / <scenario>`. */
  anchor?: string;
}

/** The `review:` key. */
export interface ReviewRecord {
  decision?: ReviewDecision;
  comments: ReviewComment[];
}

/** Where a change stands: `withdrawn` is an approval the change has outgrown. */
export type ReviewState = "pending" | "approved" | "changes-requested" | "withdrawn";

const str = (v: unknown): string | undefined => typeof v === "string" ? v : undefined;

/** Reads the `review:` key of a metadata file; anything unreadable counts as no review. */
export function readReview(metadataText: string | undefined): ReviewRecord {
  let data: unknown;
  try {
    data = metadataText ? parse(metadataText, { schema: "core" }) : undefined;
  } catch {
    return { comments: [] };
  }
  const review = (data as { review?: unknown } | undefined)?.review;
  if (!review || typeof review !== "object") return { comments: [] };
  const r = review as Record<string, unknown>;
  const d = r.decision as Record<string, unknown> | undefined;
  const action = str(d?.action);
  const decision: ReviewDecision | undefined =
    d && (action === "approve" || action === "reject") && str(d.digest)
      ? {
        action,
        by: str(d.by) ?? "unknown",
        at: str(d.at) ?? "",
        digest: str(d.digest)!,
        ...(str(d.comment) ? { comment: str(d.comment) } : {}),
      }
      : undefined;
  const comments = (Array.isArray(r.comments) ? r.comments : []).flatMap((c): ReviewComment[] => {
    const item = c as Record<string, unknown>;
    const text = str(item?.text);
    if (!text) return [];
    return [{
      id: str(item.id) ?? "",
      by: str(item.by) ?? "unknown",
      at: str(item.at) ?? "",
      text,
      ...(str(item.anchor) ? { anchor: str(item.anchor) } : {}),
    }];
  });
  return { ...(decision ? { decision } : {}), comments };
}

/**
 * The metadata text with `review` as its `review:` key: every other line is kept as written,
 * the key goes last. `undefined` when the file is not YAML that can be extended safely.
 */
export function writeReview(metadataText: string, review: ReviewRecord): string | undefined {
  try {
    const data = parse(metadataText, { schema: "core" });
    if (data !== null && (typeof data !== "object" || Array.isArray(data))) return undefined;
  } catch {
    return undefined;
  }
  const kept: string[] = [];
  let inReview = false;
  for (const line of metadataText.split("\n")) {
    if (/^review\s*:/.test(line)) {
      inReview = true;
      continue;
    }
    // The key's value is every following line that is indented, a sequence item or blank.
    if (inReview && (line === "" || /^[\s-]/.test(line))) continue;
    inReview = false;
    kept.push(line);
  }
  const head = kept.join("\n").replace(/\n*$/, "");
  const text = (head ? `${head}\n` : "") + stringify({ review }, { lineWidth: -1 });
  // What we wrote must read back as what we meant, and leave the other keys alone.
  try {
    const before = parse(metadataText, { schema: "core" }) as Record<string, unknown> | null;
    const after = parse(text, { schema: "core" }) as Record<string, unknown>;
    const { review: _old, ...rest } = before ?? {};
    const { review: _new, ...restAfter } = after;
    if (JSON.stringify(rest) !== JSON.stringify(restAfter)) return undefined;
  } catch {
    return undefined;
  }
  return text;
}

/**
 * A digest of what a reviewer approves: the proposal and every delta spec, by path. Tasks,
 * design and metadata are left out, so ticking a task or recording the review keeps it.
 */
export async function reviewDigest(files: ChangeFiles): Promise<string> {
  const parts = [`proposal.md\0${files.proposalText ?? ""}`];
  const specs = [...files.specFiles].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  for (const spec of specs) parts.push(`specs/${spec.path}\0${spec.text}`);
  const bytes = new TextEncoder().encode(parts.join("\0\0"));
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `sha256:${[...hash].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The state of a review for a change whose current digest is `digest`. */
export function reviewState(review: ReviewRecord, digest: string): ReviewState {
  const decision = review.decision;
  if (!decision) return "pending";
  if (decision.action === "reject") return "changes-requested";
  return decision.digest === digest ? "approved" : "withdrawn";
}
