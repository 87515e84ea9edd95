import { assertEquals } from "@std/assert";
import { findMissingCheckboxIssues, findTaskNumberingIssues } from "./task_checks.ts";

Deno.test("the 0-task warning points at the first rendered list item, after front matter", () => {
  const text = "---\ntags:\n  - a\n---\n# Tasks\n\n    - code\n<!--\n- hidden\n-->\n- real item\n";
  const [issue] = findMissingCheckboxIssues("tasks.md", text);
  assertEquals(issue?.line, 11);
  assertEquals(issue?.level, "WARNING");
  assertEquals(findMissingCheckboxIssues("tasks.md", "- [ ] 1.1 has a box\n- plain\n"), []);
  assertEquals(findMissingCheckboxIssues("tasks.md", "No list at all.\n"), []);
});

Deno.test("numbering warnings only inside numbered groups", () => {
  const text = "## 1. Build\n- [ ] 1.1 a\n- [ ] 2.1 b\n- [ ] 1.1 c\n## Notes\n- [ ] 5.5 ignored\n";
  assertEquals(findTaskNumberingIssues("tasks.md", text).map((i) => [i.line, i.message]), [
    [
      3,
      'Task "2.1" is under group 1, but its leading number points to group 2. Move it to group 2 or renumber it.',
    ],
    [4, 'Task ID "1.1" is duplicated; it was first declared on line 2.'],
  ]);
  assertEquals(findTaskNumberingIssues("tasks.md", "- [ ] 2.1 no groups\n"), []);
});
