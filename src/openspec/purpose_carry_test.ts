import { assertEquals } from "@std/assert";
import { buildSpecSkeleton, extractPurposeSection, readableOverview } from "./purpose_carry.ts";

Deno.test("the delta Purpose ignores comments and fences when judging emptiness", () => {
  assertEquals(
    extractPurposeSection("## Purpose\n\nWhy.\n<!-- note -->\n\n## ADDED Requirements\n"),
    "Why.\n<!-- note -->",
  );
  assertEquals(
    extractPurposeSection("## Purpose\n<!-- template -->\n## ADDED Requirements\n"),
    undefined,
  );
  assertEquals(extractPurposeSection("<!--\n## Purpose\nHidden.\n-->\n"), undefined);
  assertEquals(extractPurposeSection("\uFEFF## Purpose\nBOM hides it.\n"), undefined);
});

Deno.test("a carried Purpose must leave the new spec readable", () => {
  assertEquals(
    buildSpecSkeleton("a/b", "chg"),
    "# a/b Specification\n\n## Purpose\nTBD - created by archiving change chg. Update Purpose after archive.\n\n## Requirements\n",
  );
  assertEquals(readableOverview(buildSpecSkeleton("x", "c", "Fine text.")), "Fine text.");
  assertEquals(readableOverview(buildSpecSkeleton("x", "c", "Has <!-- a comment -->")), undefined);
  assertEquals(readableOverview(buildSpecSkeleton("x", "c", "Text\n```")), undefined);
  assertEquals(
    readableOverview(buildSpecSkeleton("x", "c", "Text\n## ADDED Requirements")),
    undefined,
  );
});
