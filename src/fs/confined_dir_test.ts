import { assert, assertEquals, assertThrows } from "@std/assert";
import * as nodeFs from "node:fs";
import { createConfinement } from "./confined_dir.ts";
import { FsError } from "./file_system.ts";
import { tempDir } from "./_test_temp_dir.ts";

/** A root with `specs` linking to `inside/`, and a folder outside it, both holding `cap/`. */
async function setUp() {
  const outside = await tempDir("task-mcp-confined-");
  await Deno.mkdir(`${outside}/cap`);
  const root = await Deno.realPath(await tempDir("task-mcp-confined-"));
  await Deno.mkdir(`${root}/inside/cap`, { recursive: true });
  await Deno.symlink(`${root}/inside`, `${root}/specs`);
  const repoint = (target: string) => {
    nodeFs.symlinkSync(target, `${root}/specs.new`);
    nodeFs.renameSync(`${root}/specs.new`, `${root}/specs`);
  };
  const names = (dir: string) => nodeFs.readdirSync(dir).sort();
  const clean = () => Promise.all([root, outside].map((d) => Deno.remove(d, { recursive: true })));
  return { root, outside, repoint, names, clean };
}

for (const byPath of [false, true]) {
  const t = (title: string, fn: () => Promise<void>) =>
    Deno.test(`confinement${byPath ? " by path" : ""}: ${title}`, fn);

  t("a folder held before its link is re-pointed is the one written into", async () => {
    const { root, outside, repoint, names, clean } = await setUp();
    const held = createConfinement(root, { byPath }).hold(["specs", "cap"], "specs/cap", 0);
    repoint(outside);
    nodeFs.writeFileSync(held.dir.at("spec.md"), "x");
    nodeFs.mkdirSync(held.dir.at("sub"));
    held.close();
    assertEquals(names(`${root}/inside/cap`), ["spec.md", "sub"]);
    assertEquals(names(`${outside}/cap`), []);
    await clean();
  });

  t("a folder reached through a link out of the root is refused", async () => {
    const { root, outside, repoint, names, clean } = await setUp();
    repoint(outside);
    const confine = createConfinement(root, { byPath });
    const error = assertThrows(() => confine.hold(["specs", "cap"], "specs/cap", 0), FsError);
    assertEquals(error.code, "OUTSIDE_ROOT");
    // Missing folders are made one at a time inside checked folders: none outside.
    assertThrows(() => confine.hold(["specs", "new", "deeper"], "specs/new/deeper", 0), FsError);
    assertEquals(names(outside), ["cap"]);
    await clean();
  });

  t("tells when a held folder was moved or removed, and undoes what it made", async () => {
    const { root, names, clean } = await setUp();
    const confine = createConfinement(root, { byPath });
    const held = confine.hold(["inside", "a", "b"], "inside/a/b", 1);
    assertEquals(held.dir.inPlace(), true);
    assertEquals(names(`${root}/inside`), ["a", "cap"]);
    Deno.renameSync(`${root}/inside`, `${root}/moved`);
    assertEquals(held.dir.inPlace(), false);
    held.undo();
    held.close();
    // By path, what was made is looked for where it was, and is no longer there: left alone.
    assertEquals(names(`${root}/moved`), byPath ? ["a", "cap"] : ["cap"]);
    const gone = confine.hold(["moved", "cap"], "moved/cap", 2);
    Deno.removeSync(`${root}/moved/cap`);
    assertEquals(gone.dir.inPlace(), false);
    gone.close();
    await clean();
  });

  t("never makes the folders it was told must exist", async () => {
    const { root, names, clean } = await setUp();
    const confine = createConfinement(root, { byPath });
    const error = assertThrows(() => confine.hold(["gone", "specs", "x"], "gone/specs/x", 1));
    assertEquals((error as { code?: string }).code, "ENOENT");
    assert(!names(root).includes("gone"));
    await clean();
  });
}
