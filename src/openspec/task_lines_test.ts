import { assertEquals } from "@std/assert";
import { matchTaskLine } from "./task_lines.ts";

// The CLI's pattern, used here only as the oracle for the hand-written scanner.
const CLI_TASK_LINE = /^\s*(?:[-*+]|\d{1,9}[.)])\s*\[(?:\s*([^\]\s]?)\s*\](?![([])|\s+\])\s*(.*)/;

Deno.test("matchTaskLine agrees with the CLI's regex on generated lines", () => {
  const prefixes = ["", " ", "\t", "  "];
  const markers = ["-", "*", "+", "1.", "12)", "1234567890.", "a.", "", "--"];
  const gaps = ["", " ", "  "];
  const boxes = [
    "[ ]",
    "[x]",
    "[X]",
    "[ x ]",
    "[]",
    "[~]",
    "[ab]",
    "[ ",
    "[[]",
    "[]]",
    "[  ]",
    "[\t]",
    "(x)",
  ];
  const tails = ["", " 1.1 Do", "(url)", "[ref]", " x\r", "done"];
  let checked = 0;
  for (const p of prefixes) {
    for (const m of markers) {
      for (const g of gaps) {
        for (const b of boxes) {
          for (const t of tails) {
            const line = `${p}${m}${g}${b}${t}`;
            const oracle = CLI_TASK_LINE.exec(line);
            const ours = matchTaskLine(line);
            const expected = oracle
              ? {
                done: (oracle[1] ?? "").toLowerCase() === "x",
                description: (oracle[2] ?? "").trim(),
              }
              : undefined;
            assertEquals(
              ours && { done: ours.done, description: ours.description },
              expected,
              JSON.stringify(line),
            );
            checked++;
          }
        }
      }
    }
  }
  assertEquals(checked > 5000, true);
});
