/**
 * A project for the review tests: a main spec `orders` and an active change `update-orders`
 * whose delta modifies, renames, removes and adds requirements, and whose proposal tries script
 * injection and `javascript:` links.
 *
 * @module
 */

/** The main spec before the change. */
export const ORDERS_SPEC = `# orders Specification

## Purpose
Lets customers place orders and see the orders they placed before.

## Requirements

### Requirement: Place order
The system SHALL accept an order with at least one item.

#### Scenario: Successful order
- **WHEN** a customer submits a cart with one item
- **THEN** an order is created

### Requirement: View orders
The system SHALL list a customer's orders.

#### Scenario: Order list
- **WHEN** a customer opens their orders
- **THEN** every order they placed is listed

### Requirement: Legacy export
The system SHALL export orders as CSV.

#### Scenario: Export
- **WHEN** an admin exports
- **THEN** a CSV file is produced
`;

/** The delta: MODIFIED, RENAMED, REMOVED and ADDED. */
export const ORDERS_DELTA = `## MODIFIED Requirements

### Requirement: Place order
The system SHALL accept an order with at least one item and MUST reject an empty cart.

#### Scenario: Successful order
- **WHEN** a customer submits a cart with one item
- **THEN** an order is created

#### Scenario: Empty cart
- **WHEN** a customer submits an empty cart
- **THEN** the order is rejected

## RENAMED Requirements

- FROM: \`### Requirement: View orders\`
- TO: \`### Requirement: List orders\`

## REMOVED Requirements

### Requirement: Legacy export
**Reason**: Nobody uses it.
**Migration**: Use the API.

## ADDED Requirements

### Requirement: Cancel order
The system SHALL let a customer cancel an order that has not shipped.

#### Scenario: Cancel before shipping
- **WHEN** a customer cancels an unshipped order
- **THEN** the order is cancelled
`;

/** A proposal that tries to run script in a reviewer's browser. */
export const HOSTILE_PROPOSAL = `# Update orders <script>window.__pwned = 1</script>

## Why

Customers submit empty carts by mistake, and the old CSV export is unused but still maintained.
<img src=x onerror="window.__pwned = 2">

## What Changes

- Reject empty carts; see [the ticket](javascript:window.__pwned=3) and [docs](JaVaScRiPt&#58;alert(1))
- Rename "View orders" to "List orders" [safe](https://example.com/orders)
- <iframe src="https://example.com"></iframe>
`;

const TASKS = `# Tasks

## 1. Implementation

- [x] 1.1 Reject empty carts
- [ ] 1.2 Remove the export
`;

/** Writes the project into `root` (which exists). */
export async function writeReviewRepo(root: string): Promise<void> {
  const write = async (path: string, text: string) => {
    await Deno.mkdir(`${root}/${path.slice(0, path.lastIndexOf("/"))}`, { recursive: true });
    await Deno.writeTextFile(`${root}/${path}`, text);
  };
  await write("openspec/config.yaml", "schema: spec-driven\n");
  await write("openspec/specs/orders/spec.md", ORDERS_SPEC);
  await Deno.mkdir(`${root}/openspec/changes/archive`, { recursive: true });
  const dir = "openspec/changes/update-orders";
  await write(
    `${dir}/.openspec.yaml`,
    "schema: spec-driven\ncreated: 2026-11-21\ntitle: Update orders\nowner: shop-team\ntemplate: feature\n",
  );
  await write(`${dir}/proposal.md`, HOSTILE_PROPOSAL);
  await write(`${dir}/tasks.md`, TASKS);
  await write(`${dir}/specs/orders/spec.md`, ORDERS_DELTA);
}
