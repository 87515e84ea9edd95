import { assert, assertEquals } from "@std/assert";
import { bigChange, bigDelta, type BigDeltaShape, bigMainSpec } from "./_test_big_spec.ts";
import { planArchive } from "./archive_plan.ts";
import { validateChange } from "./change_validation.ts";
import { FoldIndex } from "./fold_index.ts";

// Linear work takes ~150 ms here; a scan of every name per entry took 8 s (REMOVED) to
// over a minute (RENAMED + REMOVED). The bound leaves room for a loaded machine.
const N = 6000;
const BOUND_MS = 2000;
const main = bigMainSpec(N);

function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

for (const shape of ["removed", "renamed", "added", "renamed+removed"] as BigDeltaShape[]) {
  Deno.test(`validate and archive of a ${N}-entry ${shape} delta against ${N} requirements take linear time`, () => {
    const change = bigChange(bigDelta(shape, N));
    const validated = timed(() => validateChange(change, () => main));
    assertEquals(validated.value.filter((issue) => issue.level === "ERROR"), []);
    assert(validated.ms < BOUND_MS, `validate took ${Math.round(validated.ms)} ms`);
    const archived = timed(() => planArchive(change, () => main));
    assert(archived.value.ok, "archive plan failed");
    assert(archived.ms < BOUND_MS, `archive plan took ${Math.round(archived.ms)} ms`);
  });
}

Deno.test("FoldIndex finds the first key of a fold in map order, skipping the excepted one", () => {
  const index = new FoldIndex(["Log in", "log  in", "Sign up"]);
  assertEquals(index.first("LOG IN"), "Log in");
  assertEquals(index.first("log in", "Log in"), "log  in");
  index.delete("Log in");
  index.add("Log in");
  // Deleted and inserted again: it moved to the end, as in a Map.
  assertEquals(index.first("log in"), "log  in");
  assertEquals(index.first("sign UP"), "Sign up");
  assertEquals(index.first("Log out"), undefined);
  index.delete("Sign up");
  assertEquals(index.first("sign up"), undefined);
});
