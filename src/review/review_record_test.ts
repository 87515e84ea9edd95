import { assert, assertEquals, assertNotEquals } from "@std/assert";
import { readReview, reviewDigest, reviewState, writeReview } from "./review_record.ts";

const META = "schema: spec-driven\ncreated: 2026-11-21\ntitle: 'Add: x'\n";

Deno.test("a review is appended after the CLI's lines and replaced in place", () => {
  const decision = { action: "approve" as const, by: "token:1", at: "t", digest: "sha256:a" };
  const once = writeReview(META, { decision, comments: [] })!;
  assert(once.startsWith(META));
  assertEquals(readReview(once).decision, decision);
  const twice = writeReview(once, {
    decision: { ...decision, action: "reject", comment: "a: b\n- c" },
    comments: [{ id: "c1", by: "x", at: "t", text: "#not a key", anchor: "cap: R / S" }],
  })!;
  assert(twice.startsWith(META));
  assertEquals(twice.match(/^review:/gm)?.length, 1);
  const read = readReview(twice);
  assertEquals(read.decision?.comment, "a: b\n- c");
  assertEquals(read.comments[0]?.anchor, "cap: R / S");
});

Deno.test("metadata that is not a YAML mapping is not rewritten", () => {
  assertEquals(writeReview("- a\n- b\n", { comments: [] }), undefined);
  assertEquals(writeReview("schema: [\n", { comments: [] }), undefined);
  assertEquals(readReview("schema: [\n"), { comments: [] });
});

Deno.test("the digest follows the proposal and delta specs, not tasks or metadata", async () => {
  const files = {
    name: "x",
    proposalText: "# P\n",
    tasksText: "- [ ] 1.1 a\n",
    metadataText: META,
    specFiles: [{ path: "a/spec.md", text: "A" }],
  };
  const digest = await reviewDigest(files);
  assertEquals(
    await reviewDigest({ ...files, tasksText: "- [x] 1.1 a\n", metadataText: "" }),
    digest,
  );
  assertNotEquals(await reviewDigest({ ...files, proposalText: "# Q\n" }), digest);
  assertNotEquals(
    await reviewDigest({ ...files, specFiles: [{ path: "a/spec.md", text: "B" }] }),
    digest,
  );
  const approved = {
    decision: { action: "approve" as const, by: "", at: "", digest },
    comments: [],
  };
  assertEquals(reviewState(approved, digest), "approved");
  assertEquals(reviewState(approved, "sha256:other"), "withdrawn");
  assertEquals(reviewState({ comments: [] }, digest), "pending");
});
