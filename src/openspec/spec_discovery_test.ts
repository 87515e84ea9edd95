import { assertEquals } from "@std/assert";
import { inventorySpecs } from "./spec_discovery.ts";

Deno.test("delta specs, the root spec, stray delta files and dot entries are told apart", () => {
  const delta = "## ADDED Requirements\n";
  const inventory = inventorySpecs([
    { path: "b/spec.md", text: delta },
    { path: "a/x/spec.md", text: delta },
    { path: "spec.md", text: delta },
    { path: "cap.md", text: delta },
    { path: "a/notes.MD", text: delta },
    { path: "a/readme.md", text: "# no delta\n" },
    { path: ".hidden/spec.md", text: delta },
    { path: "a/.draft/spec.md", text: delta },
  ]);
  assertEquals(inventory.specs.map((s) => s.id), ["a/x", "b"]);
  assertEquals(inventory.rootSpec, true);
  assertEquals(inventory.unread, [
    { path: "a/notes.MD", expected: "a/spec.md" },
    { path: "cap.md", expected: "cap/spec.md" },
  ]);
  assertEquals(inventorySpecs([{ path: ".gitkeep", text: "" }]).hasAnyFile, false);
});
