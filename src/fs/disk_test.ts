import { assertEquals, assertRejects } from "@std/assert";
import { testFileSystem } from "./contract.ts";
import { createDiskFileSystem } from "./disk.ts";
import { FsError } from "./file_system.ts";

testFileSystem("disk", async () => createDiskFileSystem({ root: await Deno.makeTempDir() }));

Deno.test("disk: refuses links that point outside the root", async () => {
  const outside = await Deno.makeTempDir();
  await Deno.writeTextFile(`${outside}/secret.txt`, "secret");
  const root = await Deno.makeTempDir();
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
  const root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/real`);
  await Deno.writeTextFile(`${root}/real/a.md`, "a");
  await Deno.symlink(`${root}/real`, `${root}/alias`);
  const fs = createDiskFileSystem({ root });
  assertEquals(await fs.readText("alias/a.md"), "a");
});

Deno.test("disk: a watch reports writes below its folder until it is closed", async () => {
  const root = await Deno.makeTempDir();
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
