/**
 * The contract every {@link FileSystem} implementation passes, run by each adapter's test.
 *
 * @module
 */
import { assertEquals, assertRejects } from "@std/assert";
import type { FileSystem } from "./file_system.ts";
import { FsError } from "./file_system.ts";

/** Registers the contract tests for one adapter; `make` returns a fresh, empty filesystem. */
export function testFileSystem(name: string, make: () => Promise<FileSystem>): void {
  const t = (title: string, fn: (fs: FileSystem) => Promise<void>) =>
    Deno.test(`${name}: ${title}`, async () => fn(await make()));

  const code = async (p: Promise<unknown>, expected: string) => {
    const error = await assertRejects(() => p, FsError);
    assertEquals(error.code, expected);
  };

  t("writes and reads text, creating parents", async (fs) => {
    await fs.writeAtomic("a/b/c.md", "héllo\n");
    assertEquals(await fs.readText("a/b/c.md"), "héllo\n");
    assertEquals((await fs.stat("a/b/c.md"))?.size, 7);
    assertEquals((await fs.stat("a/b"))?.kind, "dir");
  });

  t("replaces content atomically and leaves no temporary files", async (fs) => {
    await fs.writeAtomic("x/f.txt", "one");
    await fs.writeAtomic("x/f.txt", "two");
    assertEquals(await fs.readText("x/f.txt"), "two");
    assertEquals((await fs.list("x")).map((e) => e.name), ["f.txt"]);
  });

  t("reports missing things", async (fs) => {
    assertEquals(await fs.stat("nope"), undefined);
    await code(fs.readText("nope.txt"), "NOT_FOUND");
    await code(fs.list("nope"), "NOT_FOUND");
    await code(fs.tree("nope"), "NOT_FOUND");
    await fs.remove("nope");
  });

  t("lists directories with entry kinds", async (fs) => {
    await fs.writeAtomic("d/one.md", "1");
    await fs.mkdir("d/sub/deeper");
    const entries = (await fs.list("d")).sort((a, b) => a.name.localeCompare(b.name));
    assertEquals(entries, [{ name: "one.md", kind: "file" }, { name: "sub", kind: "dir" }]);
  });

  t("walks a tree", async (fs) => {
    await fs.writeAtomic("c/proposal.md", "p");
    await fs.writeAtomic("c/specs/a/b/spec.md", "spec");
    const tree = (await fs.tree("c")).map((e) => `${e.kind}:${e.path}:${e.size}`).sort();
    assertEquals(tree, [
      "dir:specs/a/b:0",
      "dir:specs/a:0",
      "dir:specs:0",
      "file:proposal.md:1",
      "file:specs/a/b/spec.md:4",
    ]);
  });

  t("tells whether a tree is unchanged", async (fs) => {
    await fs.writeAtomic("u/proposal.md", "p");
    await fs.writeAtomic("u/specs/a/spec.md", "s");
    const snap = async () => ({ st: (await fs.stat("u"))!, tree: await fs.tree("u") });
    let s = await snap();
    assertEquals(await fs.unchanged("u", s.st.mtimeMs, s.tree), true);
    await new Promise((r) => setTimeout(r, 5));
    await fs.writeAtomic("u/specs/a/spec.md", "changed");
    assertEquals(await fs.unchanged("u", s.st.mtimeMs, s.tree), false);
    s = await snap();
    await new Promise((r) => setTimeout(r, 5));
    await fs.writeAtomic("u/specs/b/spec.md", "new");
    assertEquals(await fs.unchanged("u", s.st.mtimeMs, s.tree), false);
    s = await snap();
    await fs.remove("u/proposal.md");
    assertEquals(await fs.unchanged("u", s.st.mtimeMs, s.tree), false);
    assertEquals(await fs.unchanged("nope", 0, []), false);
  });

  t("appends", async (fs) => {
    await fs.append("log/audit.jsonl", "a\n");
    await fs.append("log/audit.jsonl", "b\n");
    assertEquals(await fs.readText("log/audit.jsonl"), "a\nb\n");
  });

  t("renames directories and refuses to replace a non-empty one", async (fs) => {
    await fs.writeAtomic("stage/one/f.md", "1");
    await fs.writeAtomic("stage/two/f.md", "2");
    await fs.mkdir("target");
    await fs.rename("stage/one", "target/x");
    assertEquals(await fs.readText("target/x/f.md"), "1");
    await code(fs.rename("stage/two", "target/x"), "NOT_EMPTY");
    assertEquals(await fs.readText("target/x/f.md"), "1");
    assertEquals(await fs.readText("stage/two/f.md"), "2");
    await code(fs.rename("stage/none", "target/y"), "NOT_FOUND");
  });

  t("replaces an empty directory on rename", async (fs) => {
    await fs.writeAtomic("s/f.md", "1");
    await fs.mkdir("t/empty");
    await fs.rename("s", "t/empty");
    assertEquals(await fs.readText("t/empty/f.md"), "1");
  });

  t("removes recursively", async (fs) => {
    await fs.writeAtomic("r/a/b.md", "1");
    await fs.remove("r");
    assertEquals(await fs.stat("r"), undefined);
  });

  t("writes below an existing base folder, creating only what lies below it", async (fs) => {
    await fs.mkdir("changes/c");
    await fs.writeAtomic("changes/c/tasks.md", "t", { base: "changes/c" });
    await fs.writeAtomic("changes/c/specs/a/b/spec.md", "s", { base: "changes/c" });
    await fs.append("changes/c/log.txt", "l", { base: "changes/c" });
    assertEquals(await fs.readText("changes/c/tasks.md"), "t");
    assertEquals(await fs.readText("changes/c/specs/a/b/spec.md"), "s");
    assertEquals(await fs.readText("changes/c/log.txt"), "l");
  });

  t("never re-creates a base folder that is gone", async (fs) => {
    await fs.writeAtomic("changes/c/proposal.md", "p");
    await fs.mkdir("archive");
    await fs.rename("changes/c", "archive/c");
    await code(fs.writeAtomic("changes/c/proposal.md", "x", { base: "changes/c" }), "NOT_FOUND");
    await code(
      fs.writeAtomic("changes/c/specs/a/spec.md", "x", { base: "changes/c" }),
      "NOT_FOUND",
    );
    await code(fs.append("changes/c/log.txt", "x", { base: "changes/c" }), "NOT_FOUND");
    assertEquals(await fs.stat("changes/c"), undefined);
    assertEquals((await fs.list("changes")).length, 0);
    assertEquals(await fs.readText("archive/c/proposal.md"), "p");
    assertEquals((await fs.tree("archive/c")).map((e) => e.path), ["proposal.md"]);
    await code(fs.writeAtomic("elsewhere/f.md", "x", { base: "changes/c" }), "IO");
  });

  t("refuses paths that leave the root", async (fs) => {
    for (const bad of ["../x", "a/../../x", "/etc/passwd", "a\\b", "a\0b"]) {
      await code(fs.readText(bad), "OUTSIDE_ROOT");
      await code(fs.writeAtomic(bad, "x"), "OUTSIDE_ROOT");
    }
  });

  t("normalises harmless segments", async (fs) => {
    await fs.writeAtomic("./a//b/./c.md", "1");
    assertEquals(await fs.readText("a/b/c.md"), "1");
  });
}
