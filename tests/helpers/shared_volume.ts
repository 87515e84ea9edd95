/**
 * Real kernel set-ups for tests of a repository shared by several servers: a small tmpfs (a
 * disk that fills up, or is remounted read-only) and PID namespaces (two servers that are each
 * pid 1, as two containers on one volume). Both need root; the tests skip without it.
 *
 * @module
 */
import { run, which } from "./dist_tools.ts";
import type { Target } from "./targets.ts";
import { tempDir } from "../../src/fs/_test_temp_dir.ts";

const UNSHARE = which("unshare");

/** Why tmpfs tests cannot run here, or `undefined` when they can. */
export const noTmpfs: string | undefined = Deno.build.os !== "linux"
  ? "tmpfs is Linux-only"
  : Deno.uid() !== 0
  ? "mounting a tmpfs needs root"
  : undefined;

/** Why PID-namespace tests cannot run here, or `undefined` when they can. */
export const noPidNamespaces: string | undefined = noTmpfs ??
  (!UNSHARE
    ? "unshare not found (util-linux)"
    : (await run(UNSHARE, ["--pid", "--fork", "--mount-proc", "true"])).code !== 0
    ? "unshare --pid is not permitted here"
    : undefined);

/** A tmpfs of `sizeKb` mounted on a new temporary folder; `close()` unmounts and removes it. */
export async function mountTmpfs(sizeKb: number): Promise<{
  dir: string;
  /** Remounts it read-only (`true`) or read-write. */
  readOnly(on: boolean): Promise<void>;
  /** Bytes free. */
  available(): Promise<number>;
  close(): Promise<void>;
}> {
  const dir = await Deno.makeTempDir({ prefix: "task-mcp-tmpfs-" });
  const mount = async (args: string[]) => {
    const out = await run("mount", args);
    if (out.code !== 0) throw new Error(`mount ${args.join(" ")}: ${out.stderr}`);
  };
  await mount(["-t", "tmpfs", "-o", `size=${sizeKb}k`, "tmpfs", dir]);
  return {
    dir,
    readOnly: (on) => mount(["-o", `remount,${on ? "ro" : "rw"}`, dir]),
    available: async () =>
      Number((await run("df", ["-B1", "--output=avail", dir])).stdout.trim().split("\n").at(-1)),
    async close() {
      await run("umount", ["-l", dir]);
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** `target` started as pid 1 of a PID namespace of its own (killed with the test's child). */
export function inPidNamespace(target: Target): Target {
  return {
    name: target.name,
    command: UNSHARE!,
    prefix: ["--pid", "--fork", "--kill-child", "--mount-proc", target.command, ...target.prefix],
  };
}

/** An empty temporary project folder, removed when the test module is done. */
export async function scratchProject(): Promise<string> {
  return await tempDir("task-mcp-e2e-");
}
