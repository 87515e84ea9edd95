import { assertEquals } from "@std/assert";

/**
 * Run under Bun (the watch reads inotify through Bun's FFI): each step changes the tree the way
 * another process would, then reads the watch once, at once, and records whether it counted
 * the change. Printed as one JSON object.
 */
const PROBE = `
import * as fs from "node:fs";
import { createDiskFileSystem } from "${new URL("./disk.ts", import.meta.url).pathname}";
const root = process.argv.at(-1);
const dir = root + "/changes";
fs.mkdirSync(dir + "/one/specs/cap", { recursive: true });
fs.writeFileSync(dir + "/one/tasks.md", "- [ ] 1.1 A\\n");
const watch = createDiskFileSystem({ root }).watch("changes");
while (watch.state === "starting") await new Promise((r) => setTimeout(r, 1));
const seen = {};
const step = (name, change) => {
  watch.poll();
  const before = watch.changes;
  change();
  watch.poll();
  seen[name] = watch.changes > before;
};
step("nothing", () => {});
step("edit in place", () => fs.writeFileSync(dir + "/one/tasks.md", "- [x] 1.1 A\\n"));
step("edit deep", () => fs.writeFileSync(dir + "/one/specs/cap/spec.md", "# S\\n"));
step("new change", () => fs.mkdirSync(dir + "/two"));
step("file in the new change", () => fs.writeFileSync(dir + "/two/proposal.md", "# Two\\n"));
step("folder in the new change", () => fs.mkdirSync(dir + "/two/specs/cap", { recursive: true }));
step("file deep in the new change", () => fs.writeFileSync(dir + "/two/specs/cap/spec.md", "#\\n"));
step("archived", () => {
  fs.mkdirSync(dir + "/archive");
  fs.renameSync(dir + "/two", dir + "/archive/2026-01-01-two");
});
step("edit in the moved change", () =>
  fs.writeFileSync(dir + "/archive/2026-01-01-two/specs/cap/spec.md", "# moved\\n"));
step("removed", () => fs.rmSync(dir + "/one", { recursive: true }));
step("nothing again", () => {});
seen.live = watch.state === "live";
fs.rmSync(dir, { recursive: true });
watch.poll();
seen.lost = watch.state === "failed";
console.log(JSON.stringify(seen));
`;

Deno.test("disk watch on Bun counts every change made before a poll, with no wait", async () => {
  const root = await Deno.makeTempDir({ prefix: "task-mcp-inotify-" });
  try {
    const bun = new URL("../../node_modules/.bin/bun", import.meta.url).pathname;
    const output = await new Deno.Command(bun, {
      args: ["-e", PROBE, root],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    assertEquals(output.code, 0);
    assertEquals(JSON.parse(new TextDecoder().decode(output.stdout)), {
      "nothing": false,
      "edit in place": true,
      "edit deep": true,
      "new change": true,
      "file in the new change": true,
      "folder in the new change": true,
      "file deep in the new change": true,
      "archived": true,
      "edit in the moved change": true,
      "removed": true,
      "nothing again": false,
      "live": true,
      "lost": true,
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
