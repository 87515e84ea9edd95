import { assertEquals } from "@std/assert";
import { testRepo } from "./_test_repo.ts";
import { listMainSpecs } from "./main_specs.ts";

Deno.test("listMainSpecs finds capabilities at any depth, skipping the root and dot-folders", async () => {
  const { fs } = testRepo({
    "openspec/specs/orders/spec.md": "o",
    "openspec/specs/identity/user-auth/spec.md": "ua",
    "openspec/specs/spec.md": "root file is no capability",
    "openspec/specs/.drafts/wip/spec.md": "hidden",
    "openspec/specs/orders/notes.md": "not a spec",
  });
  assertEquals(await listMainSpecs(fs), [
    { capability: "identity/user-auth", size: 2 },
    { capability: "orders", size: 1 },
  ]);
  assertEquals(await listMainSpecs(testRepo().fs), []);
});
