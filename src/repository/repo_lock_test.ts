import { assert, assertEquals, assertRejects } from "@std/assert";
import { DomainError } from "../errors.ts";
import type { FileSystem } from "../fs/file_system.ts";
import { createMemoryFileSystem } from "../fs/memory.ts";
import { LOCK, LOCKS, withRepoLock } from "./repo_lock.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let ids = 0;
const options = (extra: Record<string, unknown> = {}) => ({
  randomId: () => `t${++ids}`,
  leaseMs: 60,
  ...extra,
});

/** `fs` as one process sees it, whose renames can be held up: a process that stalls. */
function stallable(fs: FileSystem) {
  let gate: Promise<void> | undefined;
  let open = () => {};
  return {
    fs: { ...fs, rename: async (a: string, b: string) => (await gate, fs.rename(a, b)) },
    stall: () => gate = new Promise((r) => open = r),
    resume: () => (gate = undefined, open()),
  };
}

/** The lock file's name without its renewal count: who holds the lock. */
const holderToken = async (fs: FileSystem) =>
  (await fs.list(LOCK)).map((e) => e.name.replace(/\.\d+$/, "")).join();

Deno.test("the repository lock admits one holder at a time", async () => {
  const fs = createMemoryFileSystem();
  const order: string[] = [];
  const hold = (name: string, ms: number) =>
    withRepoLock(fs, options({ leaseMs: 2_000 }), async () => {
      order.push(`${name}+`);
      await sleep(ms);
      order.push(`${name}-`);
    });
  await Promise.all([hold("a", 150), hold("b", 1)]);
  assertEquals(order, ["a+", "a-", "b+", "b-"]);
  // Released: the lock folder is empty, ready for the next rename.
  assertEquals(await fs.list(LOCK), []);
  assertEquals(await fs.list(LOCKS), []);
});

Deno.test("a lease that is not renewed is broken; a renewed one makes others wait", async () => {
  const fs = createMemoryFileSystem();
  // A holder killed with its lock in place: taken over after one lease, and said so.
  await fs.writeAtomic(`${LOCK}/owner.dead.4`, JSON.stringify({ pid: 1 }));
  const broken: string[][] = [];
  const started = performance.now();
  const value = await withRepoLock(
    fs,
    options({ onBreak: (n: string[]) => broken.push(n) }),
    (l) => Promise.resolve(l.broke ? 7 : 0),
  );
  assertEquals(value, 7);
  assert(performance.now() - started >= 60);
  assertEquals(broken, [["owner.dead.4"]]);
  // A live holder renews its lease: a waiter times out with the busy error, however long that is.
  const live = withRepoLock(fs, options({ leaseMs: 300 }), () => sleep(1_200));
  await sleep(5);
  const busy = await assertRejects(
    () => withRepoLock(fs, options({ leaseMs: 300, timeoutMs: 900 }), () => Promise.resolve()),
    DomainError,
  );
  assertEquals(busy.code, "STORAGE_ERROR");
  assertEquals(busy.message, "The repository is busy: another task-mcp process holds its lock");
  await live;
});

Deno.test("a stalled holder never releases or writes under the lock its successor took", async () => {
  const shared = createMemoryFileSystem();
  const a = stallable(shared);
  let successor = "";
  const first = withRepoLock(a.fs, options({ leaseMs: 100 }), async (lease) => {
    a.stall();
    // Stalled for several leases: no renewal gets through.
    await sleep(500);
    // The successor holds the lock now; this one's renewal finds its file gone.
    successor = await holderToken(shared);
    a.resume();
    const lost = await assertRejects(() => lease.check(), DomainError);
    assertEquals(lost.code, "STORAGE_ERROR");
  });
  await sleep(10);
  const second = withRepoLock(shared, options({ leaseMs: 100 }), async () => {
    await sleep(600);
    // The first holder has released meanwhile: our lock file is still there.
    assertEquals(await holderToken(shared), successor);
  });
  await Promise.all([first, second]);
  assert(/^owner\.t\d+$/.test(successor), successor);
  assertEquals(await shared.list(LOCK), []);
});

Deno.test("a prepared lock folder swept by another process's recovery is prepared again", async () => {
  const fs = createMemoryFileSystem();
  const holder = withRepoLock(fs, options(), () => sleep(100));
  await sleep(5);
  const waiter = withRepoLock(fs, options(), () => Promise.resolve("ran"));
  await sleep(20);
  for (const entry of await fs.list(LOCKS)) await fs.remove(`${LOCKS}/${entry.name}`);
  await holder;
  assertEquals(await waiter, "ran");
});

Deno.test("a lock whose holder has certainly exited is taken without waiting out its lease", async () => {
  const fs = createMemoryFileSystem();
  await fs.writeAtomic(`${LOCK}/owner.dead.2`, JSON.stringify({ pid: 1, identity: "gone" }));
  const started = performance.now();
  const isGone = (holder: Record<string, unknown>) => holder.identity === "gone";
  const lease = await withRepoLock(
    fs,
    options({ leaseMs: 5_000, isGone }),
    (l) => Promise.resolve(l),
  );
  assert(lease.broke);
  assert(performance.now() - started < 1_000);
  // A holder not known to be gone is waited for.
  await fs.writeAtomic(`${LOCK}/owner.live.2`, JSON.stringify({ pid: 1, identity: "live" }));
  await assertRejects(
    () =>
      withRepoLock(
        fs,
        options({ leaseMs: 5_000, timeoutMs: 100, isGone }),
        () => Promise.resolve(),
      ),
    DomainError,
  );
});
