import { assertEquals } from "@std/assert";
import { findSection, markdownLines, parseSections, parseSpec } from "./markdown_sections.ts";

Deno.test("sections nest by level and content runs to the next same-or-higher header", () => {
  const sections = parseSections(
    markdownLines("# A\nintro\n## B\nb text\n### C\nc\n## \nafter\n```\n## fenced\n```\n# D\n"),
  );
  assertEquals(sections.map((s) => s.title), ["A", "D"]);
  const b = findSection(sections, "b");
  assertEquals(b?.content, "b text\n### C\nc");
  assertEquals(b?.children.map((c) => c.title), ["C"]);
  // `## ` without a title ends B's content but starts no section; the fence is ignored.
  assertEquals(findSection(sections, "A")?.children.map((c) => c.title), ["B"]);
});

Deno.test("parseSpec finds Purpose and Requirements at any level", () => {
  const parsed = parseSpec(
    "\uFEFF# x\r\n### purpose\r\nWhy.\r\n#### REQUIREMENTS\r\n##### Any child\r\nbody\r\n",
  );
  // Purpose content runs until a header of its own level or above, so it swallows the deeper section.
  assertEquals(parsed, {
    ok: true,
    spec: {
      overview: "Why.\n#### REQUIREMENTS\n##### Any child\nbody",
      requirements: [{ text: "body", scenarios: [] }],
    },
  });
  assertEquals(parseSpec("## Purpose\n\n## Requirements\n"), {
    ok: false,
    error: "Spec must have a Purpose section",
  });
});
