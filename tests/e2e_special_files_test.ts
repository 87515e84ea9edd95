/**
 * Files that are not regular files — a named pipe where a document should be, or a link to one —
 * must never stall the server: opening a pipe that nobody writes to blocks, and the disk adapter
 * reads synchronously, so one such file would freeze every client of the process.
 */
import { assert, assertEquals } from "@std/assert";
import { callTool, initialize, spawnRaw } from "./helpers/raw.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";
import { tempDir } from "../src/fs/_test_temp_dir.ts";

const mkfifo = async (path: string) => {
  const out = await new Deno.Command("mkfifo", { args: [path] }).output();
  if (out.code !== 0) throw new Error(`mkfifo ${path} failed`);
};

eachTarget("a named pipe in a change folder is refused, not waited on", async (t) => {
  const root = await tempProject();
  const outside = await tempDir("task-mcp-outside-");
  const server = spawnRaw(t, root);
  try {
    await initialize(server);
    let id = 0;
    const call = (name: string, args: Record<string, unknown>) =>
      callTool(server, name, args, 5_000);
    for (const slug of ["piped", "linked"]) {
      assert(!(await call("change_open", { slug, title: slug })).isError);
    }
    const dir = `${root}/openspec/changes`;
    await Deno.remove(`${dir}/piped/proposal.md`);
    await mkfifo(`${dir}/piped/proposal.md`);
    await mkfifo(`${outside}/pipe`);
    await Deno.remove(`${dir}/linked/proposal.md`);
    await Deno.symlink(`${outside}/pipe`, `${dir}/linked/proposal.md`);
    for (const slug of ["piped", "linked"]) {
      // Answered (a pipe is no document), not left waiting for a writer that never comes.
      const shown = await call("change_show", { slug });
      assertEquals(shown.isError ?? false, false, `${slug}: ${JSON.stringify(shown)}`);
      await server.send({
        jsonrpc: "2.0",
        id: ++id,
        method: "resources/read",
        params: { uri: `change://${slug}/proposal` },
      });
      const read = await server.response(id, 5_000);
      assert("error" in read, `${slug}: ${JSON.stringify(read)}`);
    }
    // Pipes where the listing, the main specs and the project's configuration are read.
    await Deno.remove(`${dir}/piped/tasks.md`);
    await mkfifo(`${dir}/piped/tasks.md`);
    await Deno.mkdir(`${root}/openspec/specs/pipe`, { recursive: true });
    await mkfifo(`${root}/openspec/specs/pipe/spec.md`);
    await Deno.remove(`${root}/openspec/config.yaml`).catch(() => {});
    await mkfifo(`${root}/openspec/config.yaml`);
    await mkfifo(`${outside}/delta`);
    await Deno.remove(`${dir}/linked/specs/linked/spec.md`);
    await Deno.symlink(`${outside}/delta`, `${dir}/linked/specs/linked/spec.md`);
    for (const slug of ["piped", "linked"]) {
      await call("change_validate", { slug });
      await call("change_show", { slug });
    }
    await server.send({
      jsonrpc: "2.0",
      id: ++id,
      method: "resources/read",
      params: { uri: "spec://pipe" },
    });
    await server.response(id, 5_000);
    // The process still answers everyone.
    const listed = await call("changes_active", {});
    assertEquals(listed.isError ?? false, false);
  } finally {
    server.process.kill("SIGKILL");
    await server.status();
    await Deno.remove(root, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});
