import { assertEquals, assertRejects } from "@std/assert";
import { DomainError } from "../errors.ts";
import { testRepo } from "./_test_repo.ts";
import { withRepoLock } from "./repo_lock.ts";

Deno.test("the repository lock admits one holder at a time", async () => {
  const { repo, fs } = testRepo();
  const order: string[] = [];
  const hold = (name: string, ms: number) =>
    withRepoLock(repo, { isAlive: () => true }, async () => {
      order.push(`${name}+`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`${name}-`);
    });
  await Promise.all([hold("a", 20), hold("b", 1)]);
  assertEquals(order, ["a+", "a-", "b+", "b-"]);
  assertEquals(await fs.stat("openspec/.task-mcp/lock"), undefined);
});

Deno.test("a lock left by a dead process is taken over; a live one times out", async () => {
  const { repo, fs } = testRepo();
  await fs.writeAtomic("openspec/.task-mcp/lock/owner", JSON.stringify({ pid: 999 }));
  assertEquals(await withRepoLock(repo, { isAlive: () => false }, () => Promise.resolve(7)), 7);
  await fs.writeAtomic("openspec/.task-mcp/lock/owner", JSON.stringify({ pid: 999 }));
  const busy = await assertRejects(
    () => withRepoLock(repo, { isAlive: () => true, timeoutMs: 30 }, () => Promise.resolve()),
    DomainError,
  );
  assertEquals(busy.code, "STORAGE_ERROR");
  assertEquals((await fs.list("openspec/.task-mcp/locks")).length, 0);
});
