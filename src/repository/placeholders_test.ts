import { assertEquals, assertStringIncludes } from "@std/assert";
import { findPlaceholders, placeholderHint, templateMarkers } from "./placeholders.ts";

Deno.test("template syntax quoted in real specifications is not a placeholder", () => {
  const text = [
    "The listing SHALL format names with `{{.Names}}` as `docker ps` does.",
    "The workflow reads ``{{ secrets.NPM_TOKEN }}`` from the repository secrets.",
    "A Jinja page renders {{ user.name | title }} and {% if x %}{{ x }}{% endif %}.",
    "The banner animates with <motion.div animate={{ opacity: 1 }} />.",
    "Go templates print {{.Title}} and {{ range .Items }}{{ . }}{{ end }}.",
    "```go",
    "{{Name of the behaviour}}",
    "```",
    "~~~",
    "{{describe the behaviour in one sentence}}",
    "~~~",
    "Inline `{{Name of the behaviour}}` is quoted, not left over.",
  ].join("\n");
  assertEquals(findPlaceholders(text), []);
});

Deno.test("the markers task-mcp's templates write are found, with their lines", () => {
  const text = "## ADDED Requirements\n\n### Requirement: {{Name of the behaviour}}\n" +
    "The system SHALL {{describe the behaviour in one sentence}}.\n" +
    "- **WHEN** x `{{a condition or an action}}` and {{a condition or an action}}\n";
  assertEquals(findPlaceholders(text), [
    { line: 3, text: "{{Name of the behaviour}}" },
    { line: 4, text: "{{describe the behaviour in one sentence}}" },
    { line: 5, text: "{{a condition or an action}}" },
  ]);
  // The rationale marker written when change_open gets no rationale counts too.
  assertEquals(
    findPlaceholders(
      "{{Explain the problem or opportunity this change addresses, and why now}}",
    ).length,
    1,
  );
});

Deno.test("template variables are not markers, and every template's markers are known", () => {
  const markers = templateMarkers();
  assertEquals(markers.has("{{title}}"), false);
  assertEquals(markers.has("{{capability}}"), false);
  for (
    const marker of [
      "{{Background, current state and constraints}}",
      "{{How the change is undone}}",
      "{{What goes wrong today, and what will happen instead}}",
    ]
  ) assertEquals(markers.has(marker), true, marker);
});

Deno.test("the refusal hint names change_write and the path to fix", () => {
  const hint = placeholderHint("greet", ["specs/greet/spec.md", "specs/other/spec.md"]);
  assertStringIncludes(hint, 'change_write with slug "greet", path "specs/greet/spec.md"');
  assertStringIncludes(hint, '"specs/other/spec.md"');
});
