import { assertEquals } from "@std/assert";
import { mergeSpec } from "./spec_merge.ts";

const ORDERS_BEFORE = `# orders Specification

## Purpose
Describes how customers place, view and cancel orders in the shop.

## Requirements

### Requirement: Place order
The system SHALL let a signed-in customer place an order.

#### Scenario: Successful order
- **WHEN** the customer confirms the cart
- **THEN** an order is created

### Requirement: View orders
The system SHALL list a customer's orders.

#### Scenario: List
- **WHEN** the customer opens the orders page
- **THEN** all orders are shown

### Requirement: Cancel order
The system SHALL allow cancelling an unshipped order.

#### Scenario: Cancel
- **WHEN** the customer cancels an unshipped order
- **THEN** the order is cancelled

### Requirement: Legacy export
The system SHALL export orders as XML.

#### Scenario: Export
- **WHEN** export is requested
- **THEN** XML is produced

## Notes

Keep this section.
`;

const ORDERS_DELTA = `## ADDED Requirements

### Requirement: Order history search
The system SHALL let customers search their order history.

#### Scenario: Search by date
- **WHEN** the customer filters by date range
- **THEN** only orders in that range are shown

## MODIFIED Requirements

### Requirement: List orders
The system SHALL list a customer's orders, newest first.

#### Scenario: List
- **WHEN** the customer opens the orders page
- **THEN** all orders are shown newest first

## REMOVED Requirements

### Requirement: Legacy export
**Reason**: XML export is unused.
**Migration**: Use the JSON API.

## RENAMED Requirements

- FROM: \`### Requirement: View orders\`
- TO: \`### Requirement: List orders\`
`;

const ORDERS_AFTER = `# orders Specification

## Purpose
Describes how customers place, view and cancel orders in the shop.

## Requirements

### Requirement: Place order
The system SHALL let a signed-in customer place an order.

#### Scenario: Successful order
- **WHEN** the customer confirms the cart
- **THEN** an order is created

### Requirement: List orders
The system SHALL list a customer's orders, newest first.

#### Scenario: List
- **WHEN** the customer opens the orders page
- **THEN** all orders are shown newest first

### Requirement: Cancel order
The system SHALL allow cancelling an unshipped order.

#### Scenario: Cancel
- **WHEN** the customer cancels an unshipped order
- **THEN** the order is cancelled

### Requirement: Order history search
The system SHALL let customers search their order history.

#### Scenario: Search by date
- **WHEN** the customer filters by date range
- **THEN** only orders in that range are shown

## Notes

Keep this section.
`;

function merge(deltaText: string, targetText: string | undefined, capability = "orders") {
  return mergeSpec({
    capability,
    deltaText,
    targetText,
    changeName: "c",
    targetPath: "/abs/spec.md",
  });
}

Deno.test("§5.6 (c): all four operations, byte-exact", () => {
  const result = merge(ORDERS_DELTA, ORDERS_BEFORE);
  assertEquals(result.ok && result.rebuilt, ORDERS_AFTER);
  assertEquals(result.ok && result.counts, { added: 1, modified: 1, removed: 1, renamed: 1 });
  assertEquals(result.ok && result.warnings, []);
});

Deno.test("§5.6 (d): bullet REMOVED and a plain RENAMED", () => {
  const removed = merge(
    "## REMOVED Requirements\n\n- `### Requirement: Legacy export`\n",
    ORDERS_BEFORE,
  );
  const legacy = ORDERS_BEFORE.indexOf("### Requirement: Legacy export");
  const notes = ORDERS_BEFORE.indexOf("## Notes");
  assertEquals(
    removed.ok && removed.rebuilt,
    ORDERS_BEFORE.slice(0, legacy) + ORDERS_BEFORE.slice(notes),
  );
  const renamed = merge(
    "## RENAMED Requirements\nFROM: ### Requirement: View orders\nTO: ### Requirement: Browse orders\n",
    ORDERS_BEFORE,
  );
  assertEquals(
    renamed.ok && renamed.rebuilt,
    ORDERS_BEFORE.replace("### Requirement: View orders", "### Requirement: Browse orders"),
  );
});

const AUTH_REQUIREMENTS = `### Requirement: Password sign-in
The system SHALL let a registered user sign in with email and password.

#### Scenario: Valid credentials
- **WHEN** a user submits a correct email and password
- **THEN** the system starts an authenticated session

#### Scenario: Wrong password
- **WHEN** a user submits a wrong password
- **THEN** the system rejects the sign-in and starts no session

### Requirement: Sign-out
The system SHALL end the session when the user signs out.

#### Scenario: Sign out
- **WHEN** a signed-in user signs out
- **THEN** the session is invalidated
`;
const AUTH_PURPOSE = "Lets registered users sign in and out with an email address and a password.";

Deno.test("§5.6 (a): new capability with a delta Purpose, byte-exact", () => {
  const delta = `## Purpose\n\n${AUTH_PURPOSE}\n\n## ADDED Requirements\n\n${AUTH_REQUIREMENTS}`;
  const result = merge(delta, undefined, "user-auth");
  assertEquals(
    result.ok && result.rebuilt,
    `# user-auth Specification\n\n## Purpose\n${AUTH_PURPOSE}\n\n## Requirements\n\n${AUTH_REQUIREMENTS}`,
  );
  assertEquals(result.ok && [result.counts.added, result.warnings], [2, []]);
});

Deno.test("§5.6 (b): new capability without a Purpose gets the placeholder", () => {
  const requirements =
    "### Requirement: Invoices\nThe system SHALL issue an invoice for every paid order.\n\n" +
    "#### Scenario: Paid order\n- **WHEN** an order is paid\n- **THEN** an invoice is generated\n\n" +
    "### Requirement: Refunds\nThe system MUST support refunds.\n\n#### Scenario: Refund\n" +
    "- **WHEN** a refund is requested\n- **THEN** money is returned\n";
  const result = mergeSpec({
    capability: "billing",
    deltaText: `## ADDED Requirements\n\n${requirements}`,
    targetText: undefined,
    changeName: "add-billing",
    targetPath: "unused",
  });
  assertEquals(
    result.ok && result.rebuilt,
    "# billing Specification\n\n## Purpose\nTBD - created by archiving change add-billing. Update Purpose after archive.\n\n" +
      `## Requirements\n\n${requirements}`,
  );
});

Deno.test("a short carried Purpose warns", () => {
  const result = merge(
    "## Purpose\nShort.\n## ADDED Requirements\n### Requirement: A\nThe system SHALL a.\n",
    undefined,
    "x",
  );
  assertEquals(result.ok && result.warnings, [
    "x - carried Purpose is under 50 characters; openspec validate --strict reports it as too brief.",
  ]);
});

Deno.test("§5.6 (e): whitespace normalisation keeps fences, front matter and trailing sections", () => {
  const before =
    "---\nowner: team\n---\n# Fmt Spec Title\n\nIntro paragraph.\n\n\n\n## Purpose\n\n" +
    "Formatting test capability for checking how archive rewrites whitespace.\n## Requirements\n" +
    "Preamble line under requirements.\n### Requirement: One\nThe system SHALL one.\n#### Scenario: s1\n" +
    "- **WHEN** a\n- **THEN** b\n\n\n\n### Requirement: Two\nThe system SHALL two.\n\n#### Scenario: s2\n" +
    "- **WHEN** a\n- **THEN** b\n```\n\n\n\ncode with blanks\n```\n## Trailing Section\ntext";
  const after = "---\nowner: team\n---\n# Fmt Spec Title\n\nIntro paragraph.\n\n## Purpose\n\n" +
    "Formatting test capability for checking how archive rewrites whitespace.\n\n## Requirements\n\n" +
    "Preamble line under requirements.\n\n### Requirement: One\nThe system SHALL one.\n#### Scenario: s1\n" +
    "- **WHEN** a\n- **THEN** b\n\n### Requirement: Two\nThe system SHALL two.\n\n#### Scenario: s2\n" +
    "- **WHEN** a\n- **THEN** b\n```\n\n\n\ncode with blanks\n```\n\n### Requirement: Three\n" +
    "The system SHALL three.\n\n#### Scenario: s3\n- **WHEN** a\n- **THEN** b\n\n## Trailing Section\ntext\n";
  const delta = "## Purpose\n\nIgnored because the spec exists.\n\n## ADDED Requirements\n\n" +
    "### Requirement: Three\nThe system SHALL three.\n\n#### Scenario: s3\n- **WHEN** a\n- **THEN** b\n";
  const result = merge(delta, before, "fmt");
  assertEquals(result.ok && result.rebuilt, after);
  assertEquals(result.ok && result.warnings, [
    "fmt - delta Purpose ignored; fmt already has one. Edit /abs/spec.md directly to change it.",
  ]);
});

Deno.test("already-synced operations are no-ops and REMOVED of a missing name warns", () => {
  const delta = "## ADDED Requirements\n\n" + ORDERS_BEFORE.slice(
    ORDERS_BEFORE.indexOf("### Requirement: Place order"),
    ORDERS_BEFORE.indexOf("### Requirement: View orders"),
  ) + "## REMOVED Requirements\n- `### Requirement: Gone`\n";
  const result = merge(delta, ORDERS_BEFORE);
  assertEquals(result.ok && result.counts, { added: 0, modified: 0, removed: 0, renamed: 0 });
  assertEquals(result.ok && result.warnings, [
    'orders - REMOVED requirement "Gone" is not in the current spec; treating it as already removed.',
  ]);
});

Deno.test("merge refusals carry the CLI's messages", () => {
  const refuse = (delta: string, isNew = false) => {
    const result = merge(delta, isNew ? undefined : ORDERS_BEFORE);
    return result.ok ? undefined : result.message;
  };
  assertEquals(
    refuse("## MODIFIED Requirements\n### Requirement: Nope\nThe system SHALL x.\n"),
    'orders MODIFIED failed for header "### Requirement: Nope" - not found',
  );
  assertEquals(
    refuse("## REMOVED Requirements\n- `### Requirement: legacy export`\n"),
    'orders REMOVED failed for header "### Requirement: legacy export" - not found, but "### Requirement: Legacy export" exists; fix the header to match it exactly',
  );
  assertEquals(
    refuse("## RENAMED Requirements\n- FROM: `### Requirement: A`\n"),
    'orders validation failed - RENAMED entry on line 2 has no matching TO: for header "### Requirement: A". Write each rename as a FROM: line followed immediately by its TO: line.',
  );
  assertEquals(
    refuse("## MODIFIED Requirements\n### Requirement: A\nThe system SHALL a.\n", true),
    "orders: target spec does not exist; only ADDED requirements are allowed for new specs. MODIFIED and RENAMED operations require an existing spec.",
  );
  assertEquals(
    refuse("# nothing\n"),
    "Delta parsing found no operations for orders. Provide ADDED/MODIFIED/REMOVED/RENAMED sections in change spec.",
  );
});
