import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { planArchive } from "../openspec/archive_plan.ts";
import { ORDERS_DELTA, ORDERS_SPEC } from "./_test_review_repo.ts";
import { diffChange } from "./requirement_diff.ts";

const change = {
  name: "update-orders",
  specFiles: [{ path: "orders/spec.md", text: ORDERS_DELTA }],
};

Deno.test("the diff's after-texts are the blocks of the spec archive writes", () => {
  const diff = diffChange(change, () => ORDERS_SPEC);
  const plan = planArchive(change, () => ORDERS_SPEC);
  assert(plan.ok);
  const cap = diff.capabilities[0]!;
  assertEquals(cap.merged, plan.specs[0]!.text);
  assertEquals(cap.requirements.map((r) => `${r.op} ${r.from ?? ""}${r.name}`), [
    "RENAMED View ordersList orders",
    "REMOVED Legacy export",
    "MODIFIED Place order",
    "ADDED Cancel order",
  ]);
  for (const r of cap.requirements) if (r.after) assertStringIncludes(cap.merged!, r.after);
  const [renamed, removed, modified, added] = cap.requirements;
  assert(renamed!.before!.startsWith("### Requirement: View orders\n"));
  assert(renamed!.after!.startsWith("### Requirement: List orders\n"));
  assertEquals(removed!.after, undefined);
  assertStringIncludes(modified!.before!, "at least one item.\n");
  assertEquals(modified!.scenarios, ["Successful order", "Empty cart"]);
  assertEquals(added!.before, undefined);
  assertEquals(diff.mergeable, true);
});

Deno.test("a delta archive would refuse carries the engine's message and the proposed blocks", () => {
  const spec = ORDERS_SPEC.replace("### Requirement: Place order", "### Requirement: Take order");
  const diff = diffChange(change, () => spec);
  const cap = diff.capabilities[0]!;
  assertEquals(diff.mergeable, false);
  assertStringIncludes(cap.error!, 'MODIFIED failed for header "### Requirement: Place order"');
  assertEquals(cap.merged, undefined);
  const modified = cap.requirements.find((r) => r.op === "MODIFIED")!;
  assertStringIncludes(modified.after!, "MUST reject an empty cart");
});

Deno.test("a new capability is created from its ADDED requirements", () => {
  const diff = diffChange({
    name: "greet",
    specFiles: [{
      path: "greeting/spec.md",
      text:
        "## ADDED Requirements\n\n### Requirement: Greet\nThe system SHALL greet.\n\n#### Scenario: Hi\n- **WHEN** a user comes\n- **THEN** it greets\n",
    }],
  }, () => undefined);
  const cap = diff.capabilities[0]!;
  assertEquals(cap.action, "create");
  assert(cap.merged!.startsWith("# greeting Specification\n"));
});
