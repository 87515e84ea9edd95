import { assertEquals } from "@std/assert";
import type { CallContext, ElicitAnswer, ElicitQuestion } from "../backend_types.ts";
import { openGreetChange, testRepo } from "../repository/_test_repo.ts";
import { PageCache } from "../repository/page_cache.ts";
import { callTool, findTool } from "./registry.ts";
import type { ToolDeps } from "./tool.ts";
import { recordReview } from "../review/review_change.ts";

/** A call context whose client answers every question with `answer` (none: cannot ask). */
function context(answer?: ElicitAnswer, onAsk?: () => void) {
  const asked: ElicitQuestion[] = [];
  const ctx: CallContext = {
    signal: new AbortController().signal,
    caller: "test",
    progress() {},
    log() {},
  };
  if (answer) {
    ctx.elicit = (question) => {
      asked.push(question);
      onAsk?.();
      return Promise.resolve(answer);
    };
  }
  return { ctx, asked };
}

/** Tool deps over a repository holding the change "greet"; `locks` counts mutations run. */
async function greetDeps() {
  const { repo, index } = testRepo();
  await openGreetChange(repo);
  const state = { locks: 0, held: false };
  const deps: ToolDeps = {
    repo,
    index,
    pages: new PageCache(repo, index),
    maxDocumentBytes: 1 << 20,
    async serialize<T>(fn: () => Promise<T>): Promise<T> {
      state.locks++;
      state.held = true;
      try {
        return await fn();
      } finally {
        state.held = false;
      }
    },
  };
  const archive = (ctx: CallContext) =>
    callTool(findTool("change_archive")!, { slug: "greet" }, deps, ctx, () => {});
  return { deps, state, archive };
}

Deno.test("change_archive asks before archiving a change with unfinished tasks", async () => {
  const { deps, state, archive } = await greetDeps();
  const declined = context({ action: "decline" });
  const refused = await archive(declined.ctx);
  assertEquals(refused.ok, false);
  if (!refused.ok) {
    assertEquals(refused.error.code, "ARCHIVE_REFUSED");
    assertEquals((refused.error.details as { reason: string }).reason, "not_confirmed");
  }
  assertEquals(declined.asked.length, 1);
  assertEquals(declined.asked[0]!.key, "confirm_archive");
  assertEquals(declined.asked[0]!.requestedSchema.required, ["archive"]);
  // A refused archive never took the repository lock.
  assertEquals(state.locks, 0);
  // An accept without the box ticked is no confirmation either.
  const unticked = await archive(context({ action: "accept", content: { archive: false } }).ctx);
  assertEquals(unticked.ok, false);
  assertEquals((await deps.repo.fs.stat("openspec/changes/greet"))?.kind, "dir");
  // The question is asked before the lock is taken: a person's answer never holds up writers.
  let heldWhileAsking: boolean | undefined;
  const ticked = context(
    { action: "accept", content: { archive: true } },
    () => heldWhileAsking = state.held,
  );
  const confirmed = await archive(ticked.ctx);
  assertEquals(confirmed.ok, true);
  assertEquals(heldWhileAsking, false);
  assertEquals(state.locks, 1);
});

Deno.test("change_archive archives as before when the client cannot ask", async () => {
  const { archive } = await greetDeps();
  const outcome = await archive(context().ctx);
  assertEquals(outcome.ok, true);
});

Deno.test("with REQUIRE_APPROVAL an unapproved change is refused before anyone is asked", async () => {
  const { deps, state, archive } = await greetDeps();
  deps.requireApproval = true;
  const asking = context({ action: "accept", content: { archive: true } });
  const refused = await archive(asking.ctx);
  assertEquals(refused.ok, false);
  if (!refused.ok) assertEquals(refused.error.code, "APPROVAL_REQUIRED");
  assertEquals(asking.asked.length, 0);
  assertEquals(state.locks, 0);
  assertEquals((await deps.repo.fs.stat("openspec/changes/greet"))?.kind, "dir");
});

Deno.test("with REQUIRE_APPROVAL an approval withdrawn while the question is open stops the archive", async () => {
  const { deps, archive } = await greetDeps();
  deps.requireApproval = true;
  await recordReview(deps.repo, { slug: "greet", action: "approve" }, "reviewer");
  // While the person is asked, a reviewer sends the change back.
  const asking = context(
    { action: "accept", content: { archive: true } },
    () =>
      void recordReview(
        deps.repo,
        { slug: "greet", action: "reject", comment: "Not yet" },
        "reviewer",
      ),
  );
  let answered = false;
  const ctx: CallContext = {
    ...asking.ctx,
    elicit: async (question) => {
      const answer = await asking.ctx.elicit!(question);
      // Let the reviewer's write land before the answer arrives.
      await new Promise((resolve) => setTimeout(resolve, 20));
      answered = true;
      return answer;
    },
  };
  const refused = await archive(ctx);
  assertEquals(answered, true);
  assertEquals(refused.ok, false);
  if (!refused.ok) {
    assertEquals(refused.error.code, "APPROVAL_REQUIRED");
    assertEquals((refused.error.details as { state: string }).state, "changes-requested");
  }
  assertEquals((await deps.repo.fs.stat("openspec/changes/greet"))?.kind, "dir");
});

Deno.test("with REQUIRE_APPROVAL an approved change is asked about, then archived", async () => {
  const { deps, archive } = await greetDeps();
  deps.requireApproval = true;
  await recordReview(deps.repo, { slug: "greet", action: "approve" }, "reviewer");
  const asking = context({ action: "accept", content: { archive: true } });
  const archived = await archive(asking.ctx);
  assertEquals(archived.ok, true);
  assertEquals(asking.asked.length, 1);
});
