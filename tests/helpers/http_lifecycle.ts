/**
 * One change's whole life — open, fill with a valid delta spec, validate, archive — driven
 * through any way of calling tools, so every HTTP transport runs the same scenario.
 *
 * @module
 */
import { assertEquals, assertMatch } from "@std/assert";

/** Calls a tool and resolves to its structured result; rejects on a tool error. */
export type CallTool = (
  name: string,
  args: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

/** A proposal that passes OpenSpec's strict validation. */
export const PROPOSAL = `# Add user authentication

## Why

Visitors cannot sign in today, so nothing can be personalised and every account action is impossible.

## What Changes

- Add email/password sign-in and sign-out.

## Impact

- New auth module and session storage.
`;

/** A delta spec with one requirement and its scenario. */
export const SPEC = `## Purpose

Lets registered users sign in and out with an email address and a password.

## ADDED Requirements

### Requirement: Password sign-in
The system SHALL let a registered user sign in with email and password.

#### Scenario: Valid credentials
- **WHEN** a user submits a correct email and password
- **THEN** the system starts an authenticated session
`;

/** Tasks with two items. */
export const TASKS = `# Tasks

## 1. Implementation

- [ ] 1.1 Add the login endpoint
- [ ] 1.2 Add the logout endpoint
`;

/**
 * Opens `slug`, writes the documents, checks that validation passes, archives it, and returns
 * the archive's structured result.
 */
export async function runLifecycle(
  call: CallTool,
  slug: string,
  capability = slug,
): Promise<Record<string, unknown>> {
  const opened = await call("change_open", {
    title: "Add user authentication",
    slug,
    template: "feature",
    capability,
  });
  assertEquals(opened.slug, slug);
  for (
    const [path, content] of [
      ["proposal.md", PROPOSAL],
      [`specs/${capability}/spec.md`, SPEC],
      ["tasks.md", TASKS],
      ["design.md", "# Design\n\n## Context\n\nSessions are stored server-side.\n"],
    ]
  ) {
    await call("change_write", { slug, path, content });
  }
  const report = await call("change_validate", { slug });
  assertEquals([report.valid, report.openspecValid], [true, true], JSON.stringify(report));
  const archived = await call("change_archive", { slug });
  assertMatch(String(archived.archivedAs), new RegExp(`^\\d{4}-\\d{2}-\\d{2}-${slug}$`));
  return archived;
}
