/**
 * A whole change lifecycle through the official MCP client over stdio, against the compiled
 * binary and the source under Deno, checked by the real OpenSpec CLI at every step.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { call, connectStdio } from "./helpers/client.ts";
import { copyDir, openspecJson, snapshot, tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const PROPOSAL = `# Add user authentication

## Why

Visitors cannot sign in today, so nothing can be personalised and every account action is impossible.

## What Changes

- Add email/password sign-in and sign-out.

## Capabilities

### New Capabilities
- \`user-auth\`: signing users in and out

## Impact

- New auth module and session storage.
`;

const SPEC = `## Purpose

Lets registered users sign in and out with an email address and a password.

## ADDED Requirements

### Requirement: Password sign-in
The system SHALL let a registered user sign in with email and password.

#### Scenario: Valid credentials
- **WHEN** a user submits a correct email and password
- **THEN** the system starts an authenticated session

### Requirement: Sign-out
The system SHALL end the session when the user signs out.

#### Scenario: Sign out
- **WHEN** a signed-in user signs out
- **THEN** the session is invalidated
`;

const TASKS = `# Tasks

## 1. Implementation

- [ ] 1.1 Add the login endpoint
- [ ] 1.2 Add the logout endpoint
`;

const MODIFY = `## MODIFIED Requirements

### Requirement: Sign-out
The system SHALL end the session and clear the session cookie when the user signs out.

#### Scenario: Sign out
- **WHEN** a signed-in user signs out
- **THEN** the session is invalidated and the cookie is removed

## ADDED Requirements

### Requirement: Lockout
The system MUST lock an account after five failed sign-ins in a row.

#### Scenario: Too many failures
- **WHEN** a user fails to sign in five times in a row
- **THEN** the account is locked for fifteen minutes
`;

type Listed = { changes: { name: string; completedTasks: number; totalTasks: number }[] };
type Validated = { items: { valid: boolean; issues: unknown[] }[] };

/** openspec/ without task-mcp's own state folder. */
async function specsTree(root: string) {
  const all = await snapshot(`${root}/openspec`);
  return Object.fromEntries(Object.entries(all).filter(([p]) => !p.startsWith(".task-mcp/")));
}

eachTarget("opens, fills, validates and archives a change as the OpenSpec CLI would", async (t) => {
  const root = await tempProject();
  const { client, close } = await connectStdio(t, root);
  try {
    const tools = (await client.listTools()).tools;
    assertEquals(tools.map((x) => x.name), [
      "change_open",
      "change_write",
      "change_task",
      "change_show",
      "change_status",
      "change_validate",
      "change_archive",
      "changes_active",
      "change_review",
    ]);
    for (const tool of tools) {
      assertMatch(tool.name, /^[a-zA-Z0-9_-]{1,64}$/);
      assertEquals(tool.outputSchema?.type, "object");
    }

    const opened = await call(client, "change_open", {
      title: "Add user authentication",
      slug: "add-user-auth",
      template: "feature",
      rationale: "Visitors cannot sign in today.",
      owner: "security-team",
      ttl: 3600,
      capability: "user-auth",
    });
    assertEquals(opened.slug, "add-user-auth");

    // Right after opening, the CLI lists the change with our task counts and can show it.
    const active = await call<{ items: { slug: string; progress: { total: number } }[] }>(
      client,
      "changes_active",
      {},
    );
    const listed = await openspecJson<Listed>(root, "list", "--json");
    assertEquals(listed.json.changes[0]?.name, "add-user-auth");
    assertEquals(listed.json.changes[0]?.totalTasks, active.items[0]?.progress.total);
    assertEquals((await openspecJson(root, "show", "add-user-auth", "--json")).code, 0);

    // The skeleton's placeholders keep it from passing our validation.
    const fresh = await call<{ valid: boolean; issues: { level: string; message: string }[] }>(
      client,
      "change_validate",
      { slug: "add-user-auth" },
    );
    assertEquals(fresh.valid, false);
    assert(fresh.issues.some((i) => i.level === "ERROR" && i.message.includes("placeholder")));
    const refused = await client.callTool({
      name: "change_archive",
      arguments: { slug: "add-user-auth" },
    });
    assertEquals(refused.isError, true);

    // Fill the change in through the documents, as a remote agent would.
    for (
      const [path, content] of [
        ["proposal.md", PROPOSAL],
        ["specs/user-auth/spec.md", SPEC],
        ["tasks.md", TASKS],
      ]
    ) {
      await call(client, "change_write", { slug: "add-user-auth", path, content });
    }
    await client.callTool({
      name: "change_write",
      arguments: {
        slug: "add-user-auth",
        path: "design.md",
        content: "# Design\n\n## Context\n\nSessions are stored server-side.\n",
      },
    });
    const ticked = await call<{ progress: { completed: number } }>(client, "change_task", {
      slug: "add-user-auth",
      task: "1.1",
      done: true,
    });
    assertEquals(ticked.progress.completed, 1);
    const proposal = await client.readResource({ uri: "change://add-user-auth/proposal" });
    assertEquals((proposal.contents[0] as { text: string }).text, PROPOSAL);
    const tasks = await client.readResource({ uri: "@task:change://add-user-auth/tasks" });
    assertStringIncludes((tasks.contents[0] as { text: string }).text, "- [x] 1.1 Add the login");

    const report = await call<{ valid: boolean; openspecValid: boolean }>(
      client,
      "change_validate",
      { slug: "add-user-auth" },
    );
    assertEquals(report, { ...report, valid: true, openspecValid: true });
    const cli = await openspecJson<Validated>(
      root,
      "validate",
      "add-user-auth",
      "--strict",
      "--json",
    );
    assertEquals(cli.json.items[0]?.valid, true);
    const relisted = await openspecJson<Listed>(root, "list", "--json");
    assertEquals(relisted.json.changes[0]?.completedTasks, 1);

    // Archive a copy with the CLI, the original through task-mcp: the results must be identical.
    const twin = `${await tempProject()}/cli`;
    await copyDir(root, twin);
    const cliArchive = await openspecJson(twin, "archive", "add-user-auth", "--yes", "--json");
    assertEquals(cliArchive.code, 0);
    const archived = await call<{ archivedAs: string; specsUpdated: boolean }>(
      client,
      "change_archive",
      { slug: "add-user-auth" },
    );
    assertMatch(archived.archivedAs, /^\d{4}-\d{2}-\d{2}-add-user-auth$/);
    assertEquals(await specsTree(root), await specsTree(twin));

    // A second change modifies the new capability; again identical to the CLI's archive.
    await call(client, "change_open", {
      title: "Harden sign-out",
      slug: "harden-sign-out",
      template: "bugfix",
      capability: "user-auth",
      rationale: "Sign-out leaves the session cookie behind, which confuses shared computers.",
    });
    await call(client, "change_write", {
      slug: "harden-sign-out",
      path: "specs/user-auth/spec.md",
      content: MODIFY,
    });
    const summary = await client.readResource({ uri: "changes://archived/add-user-auth" });
    assertStringIncludes((summary.contents[0] as { text: string }).text, archived.archivedAs);
    await Deno.remove(twin, { recursive: true });
    await copyDir(root, twin);
    assertEquals(
      (await openspecJson(twin, "archive", "harden-sign-out", "--yes", "--json")).code,
      0,
    );
    const progress: number[] = [];
    const done = await client.callTool(
      { name: "change_archive", arguments: { slug: "harden-sign-out" } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    assertEquals(done.isError, undefined);
    assertEquals(progress, [1, 2, 3]);
    assertEquals(await specsTree(root), await specsTree(twin));
    const spec = await client.readResource({ uri: "spec://user-auth" });
    assertStringIncludes((spec.contents[0] as { text: string }).text, "### Requirement: Lockout");

    const gone = await client.callTool({
      name: "change_show",
      arguments: { slug: "harden-sign-out" },
    });
    assertEquals(gone.isError, true);
    assertEquals(
      (gone.structuredContent as { error: { code: string } }).error.code,
      "CHANGE_ALREADY_ARCHIVED",
    );
  } finally {
    await close();
  }
});
