/**
 * A project with its own workflow schema, driven through the SDK client alone — the CLI's
 * `status` and `instructions` as the oracle at every step.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { call, connectStdio } from "./helpers/client.ts";
import { openspecJson, tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const SCHEMA = `name: research-first
version: 1
artifacts:
  - id: research
    generates: research.md
    description: What we learned first
    template: research.md
    instruction: Write down what you found out.
  - id: proposal
    generates: proposal.md
    description: The proposal
    template: proposal.md
    requires: [research]
  - id: specs
    generates: "specs/**/*.md"
    description: Delta specs
    template: spec.md
    requires: [proposal]
  - id: plan
    generates: plan/todo.md
    description: The plan as a checklist
    template: todo.md
    requires: [specs]
apply:
  requires: [plan]
  tracks: plan/todo.md
`;

const FILES: Record<string, string> = {
  "openspec/config.yaml": "schema: research-first\ncontext: We test with Deno.\n" +
    "rules:\n  research:\n    - Cite sources\n",
  "openspec/schemas/research-first/schema.yaml": SCHEMA,
  "openspec/schemas/research-first/templates/research.md": "# Research\n",
  "openspec/schemas/research-first/templates/proposal.md": "# Proposal\n",
  "openspec/schemas/research-first/templates/spec.md": "## ADDED Requirements\n",
  "openspec/schemas/research-first/templates/todo.md": "- [ ] 1.1 Step\n",
};

const PROPOSAL = `# Search

## Why
Users cannot find their notes once they have more than a screenful of them.

## What Changes
- Adds full-text search over notes.
`;

const DELTA = `## ADDED Requirements

### Requirement: Search
The system SHALL return the notes whose text contains the query.

#### Scenario: Match
- **WHEN** a user searches for a word in one note
- **THEN** that note is listed
`;

const withoutSource = (cli: Record<string, unknown>) => {
  const { source: _, ...root } = cli.root as Record<string, unknown>;
  return { ...cli, root };
};

eachTarget("a custom schema is followed through status, instructions and prompts", async (t) => {
  const root = await tempProject();
  for (const [path, text] of Object.entries(FILES)) {
    await Deno.mkdir(`${root}/${path.slice(0, path.lastIndexOf("/"))}`, { recursive: true });
    await Deno.writeTextFile(`${root}/${path}`, text);
  }
  const { client, close } = await connectStdio(t, root);
  // The CLI takes a second a run here: it checks the first and last steps and a middle one.
  const status = async (slug: string, oracle = false) => {
    const ours = await call<Record<string, unknown>>(client, "change_status", { slug });
    const { next, ...rest } = ours;
    if (oracle) {
      const cli = await openspecJson(root, "status", "--change", slug, "--json");
      assertEquals(rest, withoutSource(cli.json), `status of ${slug}`);
    }
    return next as { artifact: string; instructions: string; write?: { path: string } };
  };
  const instructions = async (slug: string, what: string) => {
    const read = await client.readResource({ uri: `change://${slug}/instructions/${what}` });
    const ours = JSON.parse((read.contents[0] as { text: string }).text);
    const cli = await openspecJson(root, "instructions", what, "--change", slug, "--json");
    assertEquals(ours, withoutSource(cli.json), `instructions ${what} of ${slug}`);
    return ours;
  };
  try {
    const refused = await client.callTool({
      name: "change_open",
      arguments: { title: "Search", slug: "add-search", template: "feature" },
    });
    assertEquals(refused.isError, true);
    const error = (refused.structuredContent as { error: { code: string; message: string } })
      .error;
    assertEquals(error.code, "TEMPLATE_NOT_FOUND");
    assertStringIncludes(error.message, "'research-first'");
    assertStringIncludes(error.message, "research (research.md), proposal (proposal.md)");

    const opened = await call<{ schema: string; files: string[] }>(client, "change_open", {
      title: "Search",
      slug: "add-search",
    });
    assertEquals([opened.schema, opened.files], ["research-first", [".openspec.yaml"]]);

    let next = await status("add-search", true);
    assertEquals([next.artifact, next.write?.path], ["research", "research.md"]);
    const research = await instructions("add-search", "research");
    assertEquals([research.rules, research.context], [["Cite sources"], "We test with Deno."]);
    const contents: Record<string, string> = {
      "research.md": "# Research\n\nUsers keep many notes.\n",
      "proposal.md": PROPOSAL,
      "specs/**/*.md": DELTA,
      "plan/todo.md": "# Plan\n\n- [ ] 1.1 Index notes\n- [ ] 1.2 Query the index\n",
    };
    for (const artifact of ["research", "proposal", "specs", "plan"]) {
      assertEquals(next.artifact, artifact);
      if (artifact === "specs") await instructions("add-search", artifact);
      const outputPath = next.write!.path;
      const path = outputPath === "specs/**/*.md" ? "specs/search/spec.md" : outputPath;
      await call(client, "change_write", {
        slug: "add-search",
        path,
        content: contents[outputPath]!,
      });
      next = await status("add-search", artifact === "plan");
    }
    assertEquals(next.artifact, "apply");
    await call(client, "change_task", { slug: "add-search", task: "1.1", done: true });
    const apply = await instructions("add-search", "apply");
    assertEquals([apply.state, apply.progress.complete, apply.tasks.length], ["ready", 1, 2]);
    await instructions("add-search", "archive");

    const applyPrompt = await client.getPrompt({
      name: "apply",
      arguments: { slug: "add-search" },
    });
    const applyText = (applyPrompt.messages[0]!.content as { text: string }).text;
    assertStringIncludes(applyText, "- [ ] 1.2 Query the index");
    assertStringIncludes(applyText, "research-first");
    const propose = await client.getPrompt({
      name: "propose",
      arguments: { title: "Export", template: "notes" },
    });
    const proposeText = (propose.messages[0]!.content as { text: string }).text;
    assertStringIncludes(proposeText, "without a template");
    assertStringIncludes(proposeText, "plan (plan/todo.md)");
    assertStringIncludes(proposeText, "change://export-notes/instructions/<artifact>");

    const report = await call<{ valid: boolean; archivable: boolean }>(
      client,
      "change_validate",
      { slug: "add-search" },
    );
    const cliValid = await openspecJson<{ valid?: boolean; items?: { valid: boolean }[] }>(
      root,
      "validate",
      "add-search",
      "--strict",
      "--json",
    );
    assert(report.archivable, JSON.stringify(report));
    assertEquals(report.valid, cliValid.json.items?.[0]?.valid ?? cliValid.json.valid);
  } finally {
    await close();
    await Deno.remove(root, { recursive: true });
  }
});
