import { assertEquals } from "@std/assert";
import { findPurposePlaceholder } from "./purpose_placeholder.ts";

Deno.test("the archive sentence and leading TBD/TODO markers are placeholders", () => {
  const spec =
    "# x\n\n## Purpose\nIntro line.\nTBD - created by archiving change c. Update Purpose after archive.\n\n## Requirements\n";
  assertEquals(
    findPurposePlaceholder(
      "Intro line.\nTBD - created by archiving change c. Update Purpose after archive.",
      spec,
    ),
    {
      line: 5,
    },
  );
  assertEquals(findPurposePlaceholder("TODO write this", "## Purpose\n\nTODO write this\n"), {
    line: 3,
  });
  assertEquals(findPurposePlaceholder("todo - later", "no purpose header"), { line: undefined });
});

Deno.test("prose that merely starts like a marker is not a placeholder", () => {
  assertEquals(findPurposePlaceholder("Todo el sistema funciona.", ""), undefined);
  assertEquals(findPurposePlaceholder("TBDs are tracked elsewhere.", ""), undefined);
  assertEquals(findPurposePlaceholder("Real purpose text.", ""), undefined);
});
