import { assertEquals, assertRejects } from "@std/assert";
import { DomainError } from "../errors.ts";
import { testRepo } from "../repository/_test_repo.ts";
import { writablePath } from "./writable_path.ts";

const SCHEMA = `name: notes-first
version: 1
artifacts:
  - id: notes
    generates: notes.md
    description: Notes
    template: notes.md
  - id: plan
    generates: plan/*.md
    description: Plans
    template: plan.md
    requires: [notes]
`;

Deno.test("change_write paths: the schema's outputs, never a path of another shape", async () => {
  const { repo } = testRepo({
    "openspec/schemas/notes-first/schema.yaml": SCHEMA,
    "openspec/changes/custom/.openspec.yaml": "schema: notes-first\n",
    "openspec/changes/plain/proposal.md": "# P\n",
  });
  assertEquals(await writablePath(repo, "custom", "notes.md"), "notes.md");
  assertEquals(await writablePath(repo, "custom", "plan/first.md"), "plan/first.md");
  assertEquals(await writablePath(repo, "custom", "proposal.md"), "proposal.md");
  for (
    const [slug, path] of [
      ["custom", "plan/deep/first.md"],
      ["custom", "other.md"],
      ["custom", ".openspec.yaml"],
      ["custom", "%2e%2e.md"],
      ["custom", "../notes.md"],
      ["plain", "notes.md"],
      // spec-driven generates specs/**/*.md, but a delta spec is specs/<capability>/spec.md.
      ["plain", "specs/loose.md"],
      ["plain", "specs/%2e%2e/spec.md"],
      ["missing", "notes.md"],
    ]
  ) {
    const error = await assertRejects(() => writablePath(repo, slug!, path!), DomainError);
    assertEquals(error.code, "PATH_NOT_ALLOWED", `${slug} ${path}`);
  }
});
