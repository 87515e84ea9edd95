import { assert, assertEquals, assertRejects } from "@std/assert";
import { testFileSystem } from "./contract.ts";
import { createDiskFileSystem } from "./disk.ts";
import { FsError } from "./file_system.ts";
import { startFlipper } from "./_test_flipper.ts";
import { tempDir } from "./_test_temp_dir.ts";

testFileSystem("disk", async () => createDiskFileSystem({ root: await tempDir("task-mcp-disk-") }));
testFileSystem(
  "disk by path",
  async () => createDiskFileSystem({ root: await tempDir("task-mcp-disk-"), byPath: true }),
);

Deno.test("disk: refuses links that point outside the root", async () => {
  const outside = await tempDir("task-mcp-disk-");
  await Deno.writeTextFile(`${outside}/secret.txt`, "secret");
  const root = await tempDir("task-mcp-disk-");
  await Deno.mkdir(`${root}/openspec/changes`, { recursive: true });
  await Deno.symlink(outside, `${root}/openspec/changes/evil`);
  await Deno.symlink(`${outside}/secret.txt`, `${root}/leak.txt`);
  const fs = createDiskFileSystem({ root });
  for (const p of [fs.readText("openspec/changes/evil/secret.txt"), fs.readText("leak.txt")]) {
    const error = await assertRejects(() => p, FsError);
    assertEquals(error.code, "OUTSIDE_ROOT");
  }
  await assertRejects(() => fs.writeAtomic("openspec/changes/evil/new.md", "x"), FsError);
  await assertRejects(() => fs.list("openspec/changes/evil"), FsError);
  assertEquals((await fs.stat("openspec/changes/evil"))?.kind, "symlink");
  assertEquals(await Deno.readTextFile(`${outside}/secret.txt`), "secret");
  const names = [];
  for await (const e of Deno.readDir(outside)) names.push(e.name);
  assertEquals(names, ["secret.txt"]);
});

Deno.test("disk: follows links that stay inside the root", async () => {
  const root = await tempDir("task-mcp-disk-");
  await Deno.mkdir(`${root}/real`);
  await Deno.writeTextFile(`${root}/real/a.md`, "a");
  await Deno.symlink(`${root}/real`, `${root}/alias`);
  const fs = createDiskFileSystem({ root });
  assertEquals(await fs.readText("alias/a.md"), "a");
});

Deno.test("disk: a watch reports writes below its folder until it is closed", async () => {
  const root = await tempDir("task-mcp-disk-");
  await Deno.mkdir(`${root}/openspec/changes/one`, { recursive: true });
  const fs = createDiskFileSystem({ root });
  const watch = fs.watch!("openspec/changes")!;
  const until = async (ok: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    return ok();
  };
  assertEquals(await until(() => watch.state === "live"), true);
  for (let i = 0; i < 5; i++) {
    const before = watch.changes;
    await Deno.writeTextFile(`${root}/openspec/changes/one/tasks.md`, `- [ ] ${i}\n`);
    assertEquals(await until(() => watch.changes > before), true, `write ${i} was not reported`);
    await new Promise((r) => setTimeout(r, 20));
  }
  assertEquals(watch.lastChangeAt <= Date.now() + 1, true);
  watch.close();
  assertEquals(watch.state, "failed");
});

for (const byPath of [false, true]) {
  Deno.test(`disk${byPath ? " by path" : ""}: writes never land outside the root while a link in their path is swapped`, async () => {
    // A child process re-points specs/ between a folder inside the root and one outside, as fast
    // as it can, while writes go through it: each write lands inside or is refused.
    const outside = await tempDir("task-mcp-disk-");
    await Deno.mkdir(`${outside}/cap`);
    await Deno.writeTextFile(`${outside}/cap/spec.md`, "outside");
    const root = await tempDir("task-mcp-disk-");
    await Deno.mkdir(`${root}/change/real/cap`, { recursive: true });
    await Deno.writeTextFile(`${root}/change/real/cap/spec.md`, "inside");
    await Deno.symlink(`${root}/change/real`, `${root}/change/specs`);
    const fs = createDiskFileSystem({ root, byPath });
    const flipper = await startFlipper(`${root}/change/specs`, `${root}/change/real`, outside);
    let refused = 0;
    let written = 0;
    const unexpected: string[] = [];
    try {
      for (let i = 0; i < 400; i++) {
        const writes = [
          fs.writeAtomic("change/specs/cap/spec.md", `write ${i}`, { base: "change" }),
          fs.writeAtomic(`change/specs/new-${i}/spec.md`, `new ${i}`),
          fs.append("change/specs/cap/log.txt", `${i}\n`),
          fs.mkdir(`change/specs/dir-${i}`),
        ];
        for (const result of await Promise.allSettled(writes)) {
          if (result.status === "fulfilled") written++;
          else if ((result.reason as FsError).code === "OUTSIDE_ROOT") refused++;
          else unexpected.push(String(result.reason));
        }
      }
    } finally {
      const flips = await flipper.stop();
      assert(flips > 100, `only ${flips} flips`);
    }
    const names = [];
    for await (const e of Deno.readDir(outside)) names.push(e.name);
    assertEquals(names, ["cap"]);
    const inCap = [];
    for await (const e of Deno.readDir(`${outside}/cap`)) inCap.push(e.name);
    assertEquals(inCap, ["spec.md"]);
    assertEquals(await Deno.readTextFile(`${outside}/cap/spec.md`), "outside");
    assertEquals(unexpected, []);
    assert(refused > 0 && written > 0, `${refused} refused, ${written} written`);
    await Deno.remove(root, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  });
}

Deno.test("disk: a link at the target is replaced, or refused when it leads outside", async () => {
  const outside = await tempDir("task-mcp-disk-");
  await Deno.writeTextFile(`${outside}/secret.txt`, "secret");
  const root = await tempDir("task-mcp-disk-");
  await Deno.writeTextFile(`${root}/real.md`, "real");
  await Deno.symlink(`${outside}/secret.txt`, `${root}/leak.md`);
  await Deno.symlink(`${root}/real.md`, `${root}/alias.md`);
  const fs = createDiskFileSystem({ root });
  for (const write of [fs.writeAtomic("leak.md", "x"), fs.append("leak.md", "x")]) {
    assertEquals((await assertRejects(() => write, FsError)).code, "OUTSIDE_ROOT");
  }
  // Appending never goes through a link, even one that stays inside.
  assertEquals(
    (await assertRejects(() => fs.append("alias.md", "x"), FsError)).code,
    "OUTSIDE_ROOT",
  );
  await fs.writeAtomic("alias.md", "new");
  assertEquals((await fs.stat("alias.md"))?.kind, "file");
  assertEquals(await Deno.readTextFile(`${root}/real.md`), "real");
  assertEquals(await Deno.readTextFile(`${outside}/secret.txt`), "secret");
  await Deno.remove(root, { recursive: true });
  await Deno.remove(outside, { recursive: true });
});

Deno.test("disk: reading a named pipe is refused at once, not waited on", async () => {
  const root = await tempDir("task-mcp-disk-");
  const made = await new Deno.Command("mkfifo", { args: [`${root}/pipe.md`] }).output();
  assertEquals(made.code, 0);
  // In a child process: on failure the read blocks, and a blocked read must fail this test,
  // not hang the suite.
  const script = `import { createDiskFileSystem } from ${
    JSON.stringify(import.meta.resolve("./disk.ts"))
  };
    const fs = createDiskFileSystem({ root: ${JSON.stringify(root)} });
    try { await fs.readText("pipe.md"); console.log("read"); } catch (e) { console.log(e.code); }`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  const out = await child.output();
  clearTimeout(timer);
  await Deno.remove(root, { recursive: true });
  assertEquals(new TextDecoder().decode(out.stdout).trim(), "IO");
});
