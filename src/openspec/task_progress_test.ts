import { assertEquals } from "@std/assert";
import { countTasks, listTasks, setTaskDone } from "./task_progress.ts";

const SAMPLE = [
  "# Tasks",
  "- [x] 1.1 done",
  "- [X] 1.2 done upper",
  "- [ x ] 1.3 padded done",
  "- [ ] 1.4 open",
  "- [] 1.5 empty box",
  "- [~] 1.6 in progress",
  "- [-] 1.7 dash",
  "  - [ ] 1.7.1 nested",
  "* [ ] star",
  "+ [ ] plus",
  "1. [ ] ordered",
  "2) [x] ordered paren",
  "- [WIP] not a task",
  "- [A](url) link",
  "- [ ](x) blank box before a link still counts",
  "<!-- - [ ] commented -->",
  "```",
  "- [ ] fenced counts",
  "```",
];

Deno.test("countTasks follows the CLI's checkbox rules", () => {
  // Verified against the CLI's counter: the comment line, [WIP] and `[A](url)` are no tasks.
  assertEquals(countTasks(SAMPLE.join("\n")), { total: 14, completed: 4 });
  assertEquals(countTasks("- [x] a\r\n- [ ] b\r\n"), { total: 2, completed: 1 });
  assertEquals(countTasks(""), { total: 0, completed: 0 });
});

Deno.test("listTasks reports ids, state, text and line", () => {
  const tasks = listTasks(
    "# T\n\n- [x] 1.1 Do it\n- [ ] 2.3a Suffixed\n- [ ] 3. Dotted\n- [ ] No id\n",
  );
  assertEquals(tasks, [
    { id: "1.1", done: true, text: "1.1 Do it", line: 3 },
    { id: "2.3a", done: false, text: "2.3a Suffixed", line: 4 },
    { id: "3", done: false, text: "3. Dotted", line: 5 },
    { done: false, text: "No id", line: 6 },
  ]);
});

Deno.test("setTaskDone changes only the checkbox and keeps line endings", () => {
  const text = "- [ ] 1.1 A\r\n- [x] 1.2 B\r\n- [~] 1.3 C\r\n- [] 1.4 D\r\n";
  assertEquals(
    setTaskDone(text, "1.1", true),
    "- [x] 1.1 A\r\n- [x] 1.2 B\r\n- [~] 1.3 C\r\n- [] 1.4 D\r\n",
  );
  assertEquals(
    setTaskDone(text, "1.2", false),
    "- [ ] 1.1 A\r\n- [ ] 1.2 B\r\n- [~] 1.3 C\r\n- [] 1.4 D\r\n",
  );
  assertEquals(
    setTaskDone(text, "1.3", true),
    "- [ ] 1.1 A\r\n- [x] 1.2 B\r\n- [x] 1.3 C\r\n- [] 1.4 D\r\n",
  );
  assertEquals(
    setTaskDone(text, "1.4", true),
    "- [ ] 1.1 A\r\n- [x] 1.2 B\r\n- [~] 1.3 C\r\n- [x] 1.4 D\r\n",
  );
  assertEquals(setTaskDone(text, "1.2", true), text);
  assertEquals(setTaskDone(text, "9.9", true), undefined);
  assertEquals(setTaskDone("  - [ X ] 2.1 nested", "2.1", false), "  - [   ] 2.1 nested");
});
