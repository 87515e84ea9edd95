import { assertEquals } from "@std/assert";
import { readMarker, resolveChangeSchema } from "./change_metadata.ts";

Deno.test("a valid marker is honoured and an absent file declares nothing", () => {
  assertEquals(readMarker("schema: spec-driven\nskip_specs: true\n", "skip_specs"), {
    declared: true,
  });
  assertEquals(readMarker("schema: spec-driven\n", "skip_specs"), { declared: false });
  assertEquals(readMarker(undefined, "retire_capabilities"), { declared: false });
});

Deno.test("a mentioned marker that cannot be honoured says why, as zod would", () => {
  const reason = (text: string) => readMarker(text, "skip_specs").invalidReason;
  assertEquals(
    reason('schema: spec-driven\nskip_specs: "yes"\n'),
    "skip_specs: Invalid input: expected boolean, received string",
  );
  assertEquals(
    reason("skip_specs: true\n"),
    "schema: Invalid input: expected string, received undefined",
  );
  assertEquals(reason("schema: ''\nskip_specs: true\n"), "schema: schema is required");
  assertEquals(
    reason("schema: x\ncreated: 2026-1-1\nskip_specs: true\n"),
    "created: created must be YYYY-MM-DD format",
  );
  assertEquals(reason("schema: x\nskip_specs: true\n"), "schema: unknown schema 'x'");
  assertEquals(reason("schema: [\nskip_specs: true\n"), "the file is not valid YAML");
  assertEquals(reason("schema: [\n# skip_specs: true\n"), undefined);
  assertEquals(reason("schema: 5\nskip_specs: false\n"), undefined);
  assertEquals(
    reason("schema: spec-driven\naffected_areas: ['', 1]\nskip_specs: true\n"),
    "affected_areas.0: Too small: expected string to have >=1 characters",
  );
  assertEquals(
    reason("schema: spec-driven\ninitiative: {store: a, id: b, x: 1, y: 2}\nskip_specs: true\n"),
    'initiative: Unrecognized keys: "x", "y"',
  );
  assertEquals(
    reason("schema: spec-driven\nskip_specs: .nan\n"),
    "skip_specs: Invalid input: expected boolean, received NaN",
  );
});

Deno.test("the schema resolves only from valid metadata naming a known schema", () => {
  assertEquals(resolveChangeSchema(undefined), "spec-driven");
  assertEquals(resolveChangeSchema(undefined, { projectSchema: "custom" }), "custom");
  assertEquals(resolveChangeSchema("schema: spec-driven\ncreated: 2026-11-21\n"), "spec-driven");
  assertEquals(resolveChangeSchema("schema: other\n"), undefined);
  assertEquals(resolveChangeSchema("schema: other\n", { knownSchemas: ["other"] }), "other");
  assertEquals(resolveChangeSchema(""), undefined);
});
