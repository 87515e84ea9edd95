import { assertEquals } from "@std/assert";
import { createApp } from "../app.ts";
import { createMemoryFileSystem } from "../fs/memory.ts";
import type { CallContext, ElicitAnswer, ElicitQuestion } from "../mcp/backend.ts";
import { openGreetChange } from "../repository/_test_repo.ts";

/** A call context whose client answers every question with `answer` (none: cannot ask). */
function context(answer?: ElicitAnswer) {
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
      return Promise.resolve(answer);
    };
  }
  return { ctx, asked };
}

async function greetApp() {
  const app = createApp({ fs: createMemoryFileSystem() });
  await openGreetChange(app.deps.repo);
  return app;
}

Deno.test("change_archive asks before archiving a change with unfinished tasks", async () => {
  const app = await greetApp();
  const declined = context({ action: "decline" });
  const refused = await app.backend.callTool("change_archive", { slug: "greet" }, declined.ctx);
  assertEquals(refused.ok, false);
  if (!refused.ok) {
    assertEquals(refused.error.code, "ARCHIVE_REFUSED");
    assertEquals((refused.error.details as { reason: string }).reason, "not_confirmed");
  }
  assertEquals(declined.asked.length, 1);
  assertEquals(declined.asked[0]!.key, "confirm_archive");
  assertEquals(declined.asked[0]!.requestedSchema.required, ["archive"]);
  // An accept without the box ticked is no confirmation either.
  const unticked = await app.backend.callTool(
    "change_archive",
    { slug: "greet" },
    context({ action: "accept", content: { archive: false } }).ctx,
  );
  assertEquals(unticked.ok, false);
  assertEquals((await app.deps.repo.fs.stat("openspec/changes/greet"))?.kind, "dir");
  const confirmed = await app.backend.callTool(
    "change_archive",
    { slug: "greet" },
    context({ action: "accept", content: { archive: true } }).ctx,
  );
  assertEquals(confirmed.ok, true);
  app.close();
});

Deno.test("change_archive archives as before when the client cannot ask", async () => {
  const app = await greetApp();
  const outcome = await app.backend.callTool("change_archive", { slug: "greet" }, context().ctx);
  assertEquals(outcome.ok, true);
  app.close();
});
