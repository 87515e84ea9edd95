/**
 * The `FROM scratch` container image without a container engine: `scripts/scratch_rootfs.sh`
 * builds the folder the Dockerfile's final stage copies, and the binary runs inside it with
 * chroot as uid 10001, with a fresh /proc as the engine would mount — and nothing else. What
 * works here works in the image: the list of libraries, certificates and users is complete.
 *
 * Needs root, `unshare` and `chroot` (util-linux and coreutils), `ldd` and a built binary;
 * skipped otherwise.
 *
 * @module
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { initializeMessage } from "../src/mcp/_test_mcp.ts";
import { spawnRaw } from "./helpers/raw.ts";
import {
  BINARY,
  binaryCommands,
  fetchWithin,
  isFile,
  PROJECT,
  run,
  skipReason,
  startServe,
  VERSION,
  which,
} from "./helpers/dist_tools.ts";
import type { Target } from "./helpers/targets.ts";
import { callTool, gitScratch, remoteLog, startGitDaemon } from "./helpers/git_remote.ts";

const UNSHARE = which("unshare");
const CHROOT = which("chroot");
const APP_UID = 10001;

/** Whether this machine lets us make a mount and PID namespace (containers may forbid it). */
async function canUnshare(): Promise<boolean> {
  if (!UNSHARE) return false;
  const probe = await run(UNSHARE, ["--mount", "--pid", "--fork", "--mount-proc", "true"]);
  return probe.code === 0;
}

const ignore = skipReason("dist_scratch_test", [
  Deno.build.os !== "linux" && "the image is Linux; this machine is not",
  !isFile(BINARY) && "dist/task-mcp is not built (npm run build)",
  Deno.uid() !== 0 && "chroot needs root",
  !CHROOT && "chroot not found (coreutils)",
  !which("ldd") && "ldd not found (libc-bin)",
  !UNSHARE && "unshare not found (util-linux)",
  !(await canUnshare()) && "unshare --mount --pid is not permitted here (needs CAP_SYS_ADMIN)",
]) !== undefined;

/**
 * The command prefix that runs `/usr/local/bin/task-mcp` in `dir` as the image does: PID 1 of
 * its own PID namespace, /proc mounted, uid/gid 10001. `--kill-child` ends it with the test.
 */
function inImage(dir: string): Target {
  return {
    name: "scratch",
    command: UNSHARE!,
    prefix: [
      "--mount",
      "--pid",
      "--fork",
      "--kill-child",
      `--mount-proc=${dir}/proc`,
      CHROOT!,
      `--userspec=${APP_UID}:${APP_UID}`,
      dir,
      "/usr/local/bin/task-mcp",
    ],
  };
}

/** The environment the image gives the process (Dockerfile ENV plus what Docker adds). */
const IMAGE_ENV = {
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  HOME: "/data",
  WORKING_DIRECTORY: "/data",
};

/** Every path below `dir`: files as `/a/b`, empty directories as `/a/`. */
async function listTree(dir: string, base = ""): Promise<string[]> {
  const out: string[] = [];
  let empty = true;
  for await (const entry of Deno.readDir(`${dir}${base}`)) {
    empty = false;
    const path = `${base}/${entry.name}`;
    if (entry.isDirectory) out.push(...await listTree(dir, path));
    else out.push(path);
  }
  if (empty && base) out.push(`${base}/`);
  return out;
}

/** The pid, as this machine sees it, of the first child of `pid` (the chrooted PID 1). */
async function childOf(pid: number): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const children = await Deno.readTextFile(`/proc/${pid}/task/${pid}/children`).catch(() => "");
    const first = children.trim().split(/\s+/)[0];
    if (first) return Number(first);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`process ${pid} has no child`);
}

/** Whether `pid` is a process that still runs (a zombie waiting to be reaped does not). */
function running(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(Deno.readTextFileSync(`/proc/${pid}/status`));
  } catch {
    return false;
  }
}

Deno.test({
  name: "scratch image: the root file system runs task-mcp with nothing else",
  ignore,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "task-mcp-rootfs-" });
    await Deno.remove(dir);
    try {
      await t.step("scratch_rootfs.sh creates exactly the files it lists", async () => {
        const made = await run(`${PROJECT}/scripts/scratch_rootfs.sh`, [dir, BINARY]);
        assertEquals(made.code, 0, made.stderr);
        const listed = made.stdout.trim().split("\n").sort();
        assertEquals(await listTree(dir).then((l) => l.sort()), listed);
        // The loader and every library ldd names, and nothing that would make it a distro.
        const ldd = await run("ldd", [BINARY]);
        for (const lib of ldd.stdout.matchAll(/(\/\S+) \(0x/g)) assert(listed.includes(lib[1]!));
        for (const absent of ["/bin/sh", "/usr/bin/env", "/etc/ld.so.cache"]) {
          assert(!listed.includes(absent), `${absent} must not be in the image`);
        }
        assert(listed.includes("/etc/ssl/certs/ca-certificates.crt"));
        assertMatch(await Deno.readTextFile(`${dir}/etc/passwd`), /^task-mcp:x:10001:10001:/m);
        assertEquals((await Deno.stat(`${dir}/data`)).uid, APP_UID);
        assertEquals((await Deno.stat(`${dir}/tmp`)).mode! & 0o7777, 0o1777);
        // The mount point the engine provides (the image itself has no /proc).
        await Deno.mkdir(`${dir}/proc`);
      });

      const image = inImage(dir);

      await t.step("--version as uid 10001", async () => {
        const out = await run(image.command, [...image.prefix, "--version"], {
          clearEnv: true,
          env: IMAGE_ENV,
        });
        assertEquals(out.code, 0, out.stderr);
        assertEquals(out.stdout, `task-mcp ${VERSION}\n`);
      });

      await t.step(
        "stdio lifecycle on /data: initialize, change_open, changes_active",
        async () => {
          const server = spawnRaw(image, "/data", IMAGE_ENV);
          await server.send(initializeMessage("2025-06-18"));
          const init = await server.response(0);
          assertEquals(
            (init.result as { serverInfo: { version: string } }).serverInfo.version,
            VERSION,
          );
          await server.send({ jsonrpc: "2.0", method: "notifications/initialized" });
          await server.send({
            jsonrpc: "2.0",
            id: 1,
            method: "tools/call",
            params: {
              name: "change_open",
              arguments: { title: "Scratch image", slug: "scratch-image" },
            },
          });
          const opened = (await server.response(1)).result as { isError?: boolean };
          assert(!opened.isError, JSON.stringify(opened));
          await server.send({
            jsonrpc: "2.0",
            id: 2,
            method: "tools/call",
            params: { name: "changes_active", arguments: {} },
          });
          const listed = (await server.response(2)).result as {
            structuredContent: { items: { slug: string }[] };
          };
          assertEquals(listed.structuredContent.items.map((i) => i.slug), ["scratch-image"]);
          await server.closeStdin();
          assertEquals((await server.status()).code, 0, await server.stderr());
          const change = await Deno.stat(`${dir}/data/openspec/changes/scratch-image/proposal.md`);
          assertEquals(change.uid, APP_UID);
        },
      );

      const commands = await binaryCommands();
      if (!commands.has("serve")) {
        console.warn("⚠ dist_scratch_test: no serve command yet, HTTP checks skipped");
        return;
      }

      await t.step("serve: GET /healthz, the HEALTHCHECK command, SIGTERM as PID 1", async () => {
        const server = await startServe(image.command, image.prefix, { env: IMAGE_ENV });
        try {
          const url = `http://127.0.0.1:${server.port}/healthz`;
          const res = await fetchWithin(url);
          const body = await res.json();
          assertEquals(res.status, 200, JSON.stringify(body));
          assertEquals(body.checks.filesystem, "pass");
          if (commands.has("healthcheck")) {
            const probe = (args: string[]) =>
              run(image.command, [...image.prefix, "healthcheck", ...args], {
                clearEnv: true,
                env: IMAGE_ENV,
              });
            const ok = await probe(["--url", url]);
            assertEquals(ok.code, 0, ok.stderr);
            const down = await probe(["--url", "http://127.0.0.1:9/healthz"]);
            assert(down.code !== 0, "healthcheck must fail when nothing listens");
          } else {
            console.warn(
              "⚠ dist_scratch_test: no healthcheck command yet: the Dockerfile HEALTHCHECK " +
                "(task-mcp healthcheck --url …) will report the container unhealthy",
            );
          }
          // docker stop sends SIGTERM to PID 1, which the kernel drops unless PID 1 handles it.
          Deno.kill(await childOf(server.process.pid), "SIGTERM");
          const status = await server.exit(15_000);
          assertEquals(status.code, 0, `exit after SIGTERM as PID 1:\n${server.log.join("\n")}`);
        } finally {
          try {
            server.process.kill("SIGKILL");
          } catch {
            // already gone
          }
        }
      });

      await t.step("serve in git mode: clones and pushes to a git daemon from inside", async () => {
        const scratch = await gitScratch();
        const daemon = await startGitDaemon(scratch.dir);
        // Container engines provide /dev/null and /dev/urandom, which git opens.
        await Deno.mkdir(`${dir}/dev`);
        for (const [name, minor] of [["null", "3"], ["urandom", "9"]] as const) {
          const made = await run("mknod", ["-m", "666", `${dir}/dev/${name}`, "c", "1", minor]);
          assertEquals(made.code, 0, made.stderr);
        }
        await Deno.mkdir(`${dir}/data/clone`);
        await Deno.chown(`${dir}/data/clone`, APP_UID, APP_UID);
        const server = await startServe(image.command, image.prefix, {
          args: ["--root", "/data/clone", "--stateless", "--git-remote", daemon.url],
          env: { ...IMAGE_ENV, RATE_LIMIT: "0" },
        }).catch(async (e) => {
          await daemon.stop();
          await scratch.remove();
          throw e;
        });
        try {
          const url = `http://127.0.0.1:${server.port}`;
          const opened = await callTool(url, "change_open", {
            title: "From the image",
            slug: "from-image",
          });
          assertEquals(
            (opened.receipt as { pushed?: boolean }).pushed,
            true,
            JSON.stringify(opened),
          );
          const log = await remoteLog(scratch);
          assertEquals(log.at(-1), "task-mcp <task-mcp@localhost>|openspec: open from-image");
        } finally {
          // The server is PID 1 of its namespace and runs as another user, which clears the
          // parent-death signal `--kill-child` relies on: killing unshare alone leaves it running.
          const pid1 = await childOf(server.process.pid).catch(() => undefined);
          try {
            if (pid1 !== undefined) Deno.kill(pid1, "SIGKILL");
            server.process.kill("SIGKILL");
          } catch {
            // already gone
          }
          await server.exit(5_000).catch(() => {});
          if (pid1 !== undefined) {
            for (let i = 0; i < 100 && running(pid1); i++) {
              await new Promise((r) => setTimeout(r, 50));
            }
            assert(!running(pid1), `the server (pid ${pid1}) outlived its test`);
          }
          await daemon.stop();
          await scratch.remove();
        }
      });
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
