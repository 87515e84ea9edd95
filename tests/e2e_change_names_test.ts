/**
 * Change folders named as the OpenSpec CLI allows — in the author's language, in upper case,
 * with a date prefix — through every tool, resource and prompt, with the CLI agreeing.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { call, connectStdio } from "./helpers/client.ts";
import { openspec, tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const PROPOSAL = `# 新增登入流程

## Why
Users need a sign-in flow in their own language, so this change adds one for everyone.

## What Changes
- Adds the sign-in flow.
`;

const DELTA = `## ADDED Requirements

### Requirement: Sign-in
The system SHALL let a user sign in with a password.

#### Scenario: Correct password
- **WHEN** a user enters the right password
- **THEN** the user is signed in
`;

const TASKS = "# Tasks\n\n## 1. Build\n\n- [ ] 1.1 Build the form\n- [ ] 1.2 Test the form\n";

async function seed(root: string, name: string, capability: string): Promise<void> {
  const dir = `${root}/openspec/changes/${name}`;
  await Deno.mkdir(`${dir}/specs/${capability}`, { recursive: true });
  await Deno.mkdir(`${root}/openspec/specs`, { recursive: true });
  await Deno.writeTextFile(`${dir}/proposal.md`, PROPOSAL);
  await Deno.writeTextFile(`${dir}/specs/${capability}/spec.md`, DELTA);
  await Deno.writeTextFile(`${dir}/tasks.md`, TASKS);
}

const text = (r: { contents: unknown[] }) => (r.contents[0] as { text: string }).text;

for (
  const [name, capability] of [
    ["新增登入流程", "sign-in"],
    ["Add-Login-Flow", "login"],
    ["2026-01-05-Ünïcode-Änderung", "umlauts"],
  ] as const
) {
  eachTarget(`the change '${name}' works through every tool, resource and prompt`, async (t) => {
    const root = await tempProject();
    await seed(root, name, capability);
    const { client, close } = await connectStdio(t, root);
    try {
      const listed = await call<{ items: { slug: string }[] }>(client, "changes_active", {});
      assertEquals(listed.items.map((c) => c.slug), [name]);
      const shown = await call<{ slug: string; deltaCount: number }>(client, "change_show", {
        slug: name,
      });
      assertEquals([shown.slug, shown.deltaCount], [name, 1]);
      await call(client, "change_write", { slug: name, path: "tasks.md", content: TASKS });
      await call(client, "change_task", { slug: name, task: 1.1, done: true });
      await call(client, "change_task", { slug: name, task: "1.2", done: true });
      const report = await call<{ valid: boolean; archivable: boolean }>(
        client,
        "change_validate",
        { slug: name },
      );
      assertEquals([report.valid, report.archivable], [true, true]);
      const cli = await openspec(root, "validate", name, "--strict", "--json");
      assertEquals(cli.code, 0, cli.stdout + cli.stderr);

      for (
        const uri of [`change://${name}/proposal`, `change://${encodeURIComponent(name)}/tasks`]
      ) {
        assert(text(await client.readResource({ uri })).length > 0, uri);
      }
      assertStringIncludes(
        text(await client.readResource({ uri: `change://${name}/delta/${capability}/spec.md` })),
        "### Requirement: Sign-in",
      );
      const completion = await client.complete({
        ref: { type: "ref/resource", uri: "change://{slug}/delta/{+path}" },
        argument: { name: "path", value: "" },
        context: { arguments: { slug: name } },
      });
      assertEquals(completion.completion.values, [`${capability}/spec.md`]);
      const status = await call<{ changeName: string; artifacts: { status: string }[] }>(
        client,
        "change_status",
        { slug: name },
      );
      assertEquals(status.changeName, name);
      const resource = JSON.parse(
        text(await client.readResource({ uri: `change://${name}/instructions/apply` })),
      );
      assertEquals([resource.changeName, resource.state], [name, "all_done"]);
      for (const prompt of ["apply", "archive"]) {
        const got = await client.getPrompt({ name: prompt, arguments: { slug: name } });
        assertStringIncludes((got.messages[0]!.content as { text: string }).text, name);
      }

      const archived = await call<{ archivedAs: string }>(client, "change_archive", { slug: name });
      assert(archived.archivedAs.endsWith(name.replace(/^\d{4}-\d{2}-\d{2}-/, "")));
      const summary = JSON.parse(
        text(await client.readResource({ uri: `changes://archived/${name}` })),
      );
      assertEquals(summary.archivedAs, archived.archivedAs);
      assertStringIncludes(
        text(await client.readResource({ uri: `spec://${capability}` })),
        "### Requirement: Sign-in",
      );
    } finally {
      await close();
      await Deno.remove(root, { recursive: true });
    }
  });
}

eachTarget("names that could leave the changes folder are still refused", async (t) => {
  const root = await tempProject();
  const { client, close } = await connectStdio(t, root);
  try {
    for (const slug of ["..", ".", "a/b", "..\\x", ".hidden", "a\u0000b", ""]) {
      const result = await client.callTool({ name: "change_show", arguments: { slug } });
      assertEquals(result.isError, true, slug);
      const error = (result.structuredContent as { error: { code: string } }).error;
      assertEquals(error.code, "INVALID_INPUT", slug);
    }
  } finally {
    await close();
    await Deno.remove(root, { recursive: true });
  }
});
