import { assert, assertEquals } from "@std/assert";
import { html } from "./html.ts";
import { renderMarkdown, safeHref } from "./markdown.ts";

Deno.test("raw HTML in Markdown stays text", () => {
  const out = renderMarkdown("# T <script>x()</script>\n\n<img src=x onerror=y()>\n").value;
  assert(!out.includes("<script"));
  assert(!out.includes("<img"));
  assert(out.includes("&lt;script&gt;"));
});

Deno.test("only http, https, mailto and plain relative links are followed", () => {
  for (
    const bad of [
      "javascript:alert(1)",
      "JaVaScRiPt:x",
      "java\tscript:x",
      " javascript:x",
      "data:text/html,x",
      "vbscript:x",
      "//evil.example/",
      "JaVaScRiPt&#58;x",
      "\\\\evil",
    ]
  ) {
    assertEquals(safeHref(bad), false, bad);
  }
  for (
    const good of [
      "https://example.com/a?b=c#d",
      "http://x",
      "mailto:a@b.c",
      "#anchor",
      "docs/a.md",
    ]
  ) {
    assertEquals(safeHref(good), true, good);
  }
  const out = renderMarkdown('[a](javascript:alert(1)) [b](https://x.example/ "t")').value;
  assert(!out.includes("javascript"));
  assert(out.includes('<a href="https://x.example/"'));
});

Deno.test("html escapes every interpolated value", () => {
  assertEquals(
    html`<a title="${'"><b>'}">${["<i>", 1, null]}</a>`.value,
    '<a title="&quot;&gt;&lt;b&gt;">&lt;i&gt;1</a>',
  );
});
