import { assertEquals } from "@std/assert";
import { detectLineEnding, matchLineEnding, normalizeNewlines, stripBom } from "./text.ts";

Deno.test("the dominant line ending wins and CRLF wins a tie", () => {
  assertEquals(detectLineEnding("a\r\nb\r\nc\n"), "\r\n");
  assertEquals(detectLineEnding("a\nb\nc\r\n"), "\n");
  assertEquals(detectLineEnding("a\r\nb\n"), "\r\n");
  assertEquals(detectLineEnding("no break"), undefined);
});

Deno.test("matchLineEnding rewrites LF text to the original's convention", () => {
  assertEquals(matchLineEnding("a\nb\n", "x\r\ny\r\n"), "a\r\nb\r\n");
  assertEquals(matchLineEnding("a\nb\n", "x\ny\r\nz\n"), "a\nb\n");
  assertEquals(matchLineEnding("a\nb\n", "single line"), "a\nb\n");
});

Deno.test("normalisation handles CR, CRLF and a BOM", () => {
  assertEquals(normalizeNewlines("a\r\nb\rc"), "a\nb\nc");
  assertEquals(stripBom("\uFEFF# x"), "# x");
  assertEquals(stripBom("# x"), "# x");
});
