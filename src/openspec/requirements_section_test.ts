import { assertEquals } from "@std/assert";
import { extractRequirementsSection } from "./requirements_section.ts";

Deno.test("the spec splits around its first unfenced Requirements section", () => {
  const parts = extractRequirementsSection(
    "# T\n\n## Purpose\nP\n\n## requirements\nPreamble\n\n### Requirement: A\nbody\n### Notes\n\n## Next\ntail",
  );
  assertEquals(parts, {
    before: "# T\n\n## Purpose\nP\n\n",
    headerLine: "## requirements",
    preamble: "Preamble",
    bodyBlocks: [{
      headerLine: "### Requirement: A",
      name: "A",
      raw: "### Requirement: A\nbody\n### Notes",
    }],
    after: "\n## Next\ntail",
  });
});

Deno.test("without a Requirements section the whole file is kept before a new one", () => {
  assertEquals(extractRequirementsSection("# T\r\n\r\nx\r\n\r\n"), {
    before: "# T\r\n\r\nx\n\n",
    headerLine: "## Requirements",
    preamble: "",
    bodyBlocks: [],
    after: "\n",
  });
});
