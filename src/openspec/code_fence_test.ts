import { assertEquals } from "@std/assert";
import { buildCodeFenceMask } from "./code_fence.ts";

Deno.test("a fence closes only on a bare run of the same character, at least as long", () => {
  const lines = ["````md", "```", "~~~~", "````  ", "after"];
  assertEquals(buildCodeFenceMask(lines), [true, true, true, true, false]);
});

Deno.test("an info string keeps a fence open and an unclosed fence runs to the end", () => {
  assertEquals(buildCodeFenceMask(["~~~", "~~~ not a closer", "x"]), [true, true, true]);
  assertEquals(buildCodeFenceMask(["  ```js", "code", "```", "## h"]), [true, true, true, false]);
});
