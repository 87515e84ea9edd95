/**
 * Reviewing a change: reading where its review stands, recording a decision or a comment, and
 * the gate `REQUIRE_APPROVAL` puts in front of `change_archive`.
 *
 * A review is written to the change's `.openspec.yaml` like any other mutation, so in git mode
 * it becomes a commit of its own (`openspec: review <slug>`), authored as the caller.
 *
 * @module
 */
import type { Receipt } from "../backend_types.ts";
import { DomainError } from "../errors.ts";
import { makeReceipt, recordReceipt } from "../repository/audit.ts";
import type { RepoContext } from "../repository/context.ts";
import { requireChange, writeInChange } from "../repository/find_change.ts";
import { localDate } from "../repository/layout.ts";
import type { LoadedChange } from "../repository/load_change.ts";
import { readMainSpecs } from "../repository/main_specs.ts";
import { projectContext } from "../repository/project_context.ts";
import { changeUris } from "../repository/uris.ts";
import { type ChangeDiff, diffChange } from "./requirement_diff.ts";
import {
  readReview,
  type ReviewComment,
  type ReviewDecision,
  reviewDigest,
  type ReviewRecord,
  type ReviewState,
  reviewState,
  writeReview,
} from "./review_record.ts";

/** Where a change's review stands, as `change_show` and the dashboard report it. */
export interface ReviewSummary {
  state: ReviewState;
  decision?: ReviewDecision;
  comments: ReviewComment[];
  /** The digest of the proposal and delta specs as they are now. */
  digest: string;
}

/** The review of a loaded change. */
export async function summarizeReview(change: LoadedChange): Promise<ReviewSummary> {
  const review = readReview(change.files.metadataText);
  const digest = await reviewDigest(change.files);
  return {
    state: reviewState(review, digest),
    ...(review.decision ? { decision: review.decision } : {}),
    comments: review.comments,
    digest,
  };
}

/** The requirement-level diff of a loaded change against today's main specs. */
export async function changeDiff(ctx: RepoContext, change: LoadedChange): Promise<ChangeDiff> {
  return diffChange(change.files, await readMainSpecs(ctx, change), await projectContext(ctx));
}

/** The anchors a comment may name: each requirement the change touches, and its scenarios. */
export function anchorsOf(diff: ChangeDiff): string[] {
  return diff.capabilities.flatMap((cap) =>
    cap.requirements.flatMap((r) => [
      `${cap.capability}: ${r.name}`,
      ...r.scenarios.map((s) => `${cap.capability}: ${r.name} / ${s}`),
    ])
  );
}

/** A review action. */
export interface ReviewInput {
  slug: string;
  action: "approve" | "reject" | "comment";
  comment?: string;
  anchor?: string;
}

/** What {@link recordReview} did. */
export interface RecordedReview {
  slug: string;
  action: ReviewInput["action"];
  state: ReviewState;
  by: string;
  at: string;
  receipt: Receipt;
}

/** Records a decision or a comment; run it under the repository lock. */
export async function recordReview(
  ctx: RepoContext,
  input: ReviewInput,
  caller: string,
): Promise<RecordedReview> {
  const change = await requireChange(ctx, input.slug);
  const comment = input.comment?.trim() || undefined;
  if ((input.action === "reject" || input.action === "comment") && !comment) {
    throw new DomainError(
      "INVALID_INPUT",
      `A ${input.action === "reject" ? "change sent back" : "comment"} needs a comment`,
      { field: "comment" },
      "Say what should change in comment",
    );
  }
  if (input.anchor !== undefined) {
    const anchors = anchorsOf(await changeDiff(ctx, change));
    if (!anchors.includes(input.anchor)) {
      throw new DomainError(
        "INVALID_INPUT",
        `Anchor "${input.anchor}" names no requirement or scenario of change "${input.slug}"`,
        { field: "anchor", anchors: anchors.slice(0, 50) },
        'Use "<capability>: <requirement>" or "<capability>: <requirement> / <scenario>" from details.anchors',
      );
    }
  }
  const at = ctx.now().toISOString();
  const review: ReviewRecord = readReview(change.files.metadataText);
  const digest = await reviewDigest(change.files);
  if (input.action === "comment") {
    review.comments.push({
      id: `c${review.comments.length + 1}`,
      by: caller,
      at,
      text: comment!,
      ...(input.anchor ? { anchor: input.anchor } : {}),
    });
  } else {
    review.decision = {
      action: input.action,
      by: caller,
      at,
      digest,
      ...(comment ? { comment } : {}),
    };
    if (comment && input.anchor) {
      review.comments.push({
        id: `c${review.comments.length + 1}`,
        by: caller,
        at,
        text: comment,
        anchor: input.anchor,
      });
    }
  }
  const base = change.files.metadataText ??
    `schema: ${(await projectContext(ctx)).projectSchema ?? "spec-driven"}\ncreated: ${
      localDate(ctx.now())
    }\n`;
  const text = writeReview(base, review);
  if (text === undefined) {
    throw new DomainError(
      "VALIDATION_FAILED",
      `Cannot record the review of change "${input.slug}": its .openspec.yaml is not a YAML mapping`,
      { path: `${change.dir}/.openspec.yaml` },
      "Fix the change's .openspec.yaml (it must be a YAML mapping) and review again",
    );
  }
  await writeInChange(ctx, change, ".openspec.yaml", text);
  const state = reviewState(review, digest);
  const receipt = makeReceipt(ctx, "change.review", input.slug, { action: input.action, state });
  await recordReceipt(ctx, receipt, caller);
  ctx.emit({ uris: changeUris(input.slug), listChanged: false });
  return { slug: input.slug, action: input.action, state, by: caller, at, receipt };
}

/**
 * `REQUIRE_APPROVAL`: refuses to archive a change whose current proposal and delta specs no
 * person has approved, with `APPROVAL_REQUIRED` telling the agent to wait.
 */
export async function requireApproval(ctx: RepoContext, slug: string): Promise<void> {
  const change = await requireChange(ctx, slug);
  const review = await summarizeReview(change);
  if (review.state === "approved") return;
  const why = {
    pending: "no one has approved it yet",
    withdrawn: "its proposal or delta specs changed after it was approved",
    "changes-requested": "a reviewer sent it back",
  }[review.state];
  throw new DomainError(
    "APPROVAL_REQUIRED",
    `Cannot archive change "${slug}": ${why}`,
    {
      slug,
      state: review.state,
      ...(review.decision
        ? { decision: { action: review.decision.action, by: review.decision.by } }
        : {}),
      ...(review.decision?.comment ? { comment: review.decision.comment } : {}),
      review: `/ui/changes/${encodeURIComponent(slug)}`,
    },
    `Wait for a person to approve it (dashboard /ui/changes/${
      encodeURIComponent(slug)
    }, or change_review when they tell you to), then archive again; subscribe to changes://active to hear of it instead of polling`,
  );
}
