import { assert, assertEquals, assertThrows } from "@std/assert";
import { createMemoryFileSystem } from "../fs/memory.ts";
import { loadSchema } from "./schema_source.ts";

const schemaText = (artifact: string) =>
  `name: mine\nversion: 1\nartifacts:\n  - id: ${artifact}\n    generates: ${artifact}.md\n    description: d\n    template: t.md\n    requires: []\n`;

Deno.test("loadSchema: a schema edited on disk is read again; a parsed one is shared, frozen", async () => {
  const path = "openspec/schemas/mine/schema.yaml";
  const fs = createMemoryFileSystem({ files: { [path]: schemaText("notes") } });
  const first = await loadSchema(fs, "mine");
  assertEquals(first.schema.artifacts.map((a) => a.id), ["notes"]);
  assert((await loadSchema(fs, "mine")).schema === first.schema);
  assertThrows(() => (first.schema.artifacts as unknown[]).push({}), TypeError);
  await fs.writeAtomic(path, schemaText("plan"));
  assertEquals((await loadSchema(fs, "mine")).schema.artifacts.map((a) => a.id), ["plan"]);
  assertEquals((await loadSchema(fs, "spec-driven")).schema.artifacts.length > 0, true);
});
