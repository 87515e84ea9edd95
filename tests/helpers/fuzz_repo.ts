/**
 * The repository the fuzz and traversal tests attack: one active change, one main spec, and a
 * folder outside the project that nothing may ever reach.
 *
 * @module
 */
import { SEEDED_SLUG } from "./fuzz.ts";
import { tempProject } from "./repo.ts";
import { tempDir } from "../../src/fs/_test_temp_dir.ts";

/** A seeded project and the sentinel folder beside it. */
export interface FuzzRepo {
  root: string;
  /** A folder outside the project holding `secret.txt`; it must stay exactly as it is. */
  outside: string;
}

const SPEC = `# orders Specification

## Purpose
Orders are placed and paid for by registered customers of the shop.

## Requirements

### Requirement: Place order
The system SHALL let a customer place an order.

#### Scenario: Order placed
- **WHEN** a customer submits a cart
- **THEN** an order is created
`;

/** Creates the project. */
export async function fuzzRepo(): Promise<FuzzRepo> {
  const root = await tempProject();
  const outside = await tempDir("task-mcp-outside-");
  await Deno.writeTextFile(`${outside}/secret.txt`, "do not touch\n");
  const change = `${root}/openspec/changes/${SEEDED_SLUG}`;
  await Deno.mkdir(`${change}/specs/orders`, { recursive: true });
  await Deno.mkdir(`${root}/openspec/specs/orders`, { recursive: true });
  await Deno.writeTextFile(`${root}/openspec/specs/orders/spec.md`, SPEC);
  await Deno.writeTextFile(
    `${change}/.openspec.yaml`,
    "schema: spec-driven\ncreated: 2026-01-01\n",
  );
  await Deno.writeTextFile(
    `${change}/proposal.md`,
    "# Refunds\n\n## Why\n\nCustomers cannot get their money back today, which costs us trust.\n\n## What Changes\n\n- Add refunds.\n",
  );
  await Deno.writeTextFile(
    `${change}/tasks.md`,
    "# Tasks\n\n## 1. Build\n\n- [ ] 1.1 Add refunds\n",
  );
  await Deno.writeTextFile(
    `${change}/specs/orders/spec.md`,
    "## ADDED Requirements\n\n### Requirement: Refund order\nThe system SHALL refund a paid order on request.\n\n#### Scenario: Refund\n- **WHEN** a customer asks for a refund\n- **THEN** the payment is returned\n",
  );
  // A link from inside the change to the outside folder: following it would escape the root.
  await Deno.symlink(outside, `${change}/specs/escape`);
  return { root, outside };
}
