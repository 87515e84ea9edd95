import { assertEquals } from "@std/assert";
import { isGlob, matchOutputs } from "./output_glob.ts";

const FILES = [
  "proposal.md",
  "specs/a/spec.md",
  "specs/b/c/spec.md",
  "specs/top.md",
  "specs/.hidden/spec.md",
  "chapters/1.md",
  "chapters/.draft.md",
  "chapters/x/2.md",
  "docs/a.txt",
];

Deno.test("artifact outputs match as the CLI's globs do, without dot files", () => {
  assertEquals(matchOutputs(FILES, "specs/**/*.md"), [
    "specs/a/spec.md",
    "specs/b/c/spec.md",
    "specs/top.md",
  ]);
  assertEquals(matchOutputs(FILES, "chapters/*.md"), ["chapters/1.md"]);
  assertEquals(matchOutputs(FILES, "chapters/**"), ["chapters/1.md", "chapters/x/2.md"]);
  assertEquals(matchOutputs(FILES, "{proposal,design}.md"), ["proposal.md"]);
  assertEquals(matchOutputs(FILES, "docs/?.txt"), ["docs/a.txt"]);
  assertEquals(matchOutputs(FILES, "proposal.md"), ["proposal.md"]);
  assertEquals(matchOutputs(FILES, "./proposal.md"), ["proposal.md"]);
  assertEquals([isGlob("a/*.md"), isGlob("{a,b}.md"), isGlob("tasks.md")], [true, true, false]);
});
