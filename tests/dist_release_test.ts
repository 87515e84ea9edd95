/**
 * `npm run release` (scripts/release.ts) on the binary `npm test` has just built: it names the
 * artefact by version and platform, smoke-tests it (version, stdio, HTTP when available) and
 * writes a SHA256SUMS that `sha256sum -c` accepts. Cross-targets need a download and are not
 * tried here; an unknown target must fail before anything is built.
 *
 * @module
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import {
  BINARY,
  binaryCommands,
  isFile,
  PROJECT,
  run,
  sha256,
  skipReason,
  VERSION,
  which,
} from "./helpers/dist_tools.ts";

const BUN = `${PROJECT}/node_modules/.bin/bun`;
const ignore = skipReason("dist_release_test", [
  !isFile(BINARY) && "dist/task-mcp is not built (npm run build)",
  !isFile(BUN) && "node_modules/.bin/bun is missing (npm ci)",
]) !== undefined;

const UNSHARE = which("unshare");
/** Whether we may make a network namespace without any network (root, not forbidden). */
const canGoOffline = Deno.uid() === 0 && UNSHARE !== undefined &&
  (await run(UNSHARE, ["--net", "true"])).code === 0;

const os = Deno.build.os === "windows" ? "windows" : Deno.build.os;
const arch = Deno.build.arch === "x86_64" ? "x64" : "arm64";

Deno.test({
  name: "release: versioned artefact, smoke test, SHA256SUMS",
  ignore,
  async fn() {
    const outdir = await Deno.makeTempDir({ prefix: "task-mcp-release-" });
    try {
      const out = await run(BUN, ["scripts/release.ts", "--skip-build", `--outdir=${outdir}`], {
        cwd: PROJECT,
      });
      assertEquals(out.code, 0, out.stderr);
      const artefact = `task-mcp-${VERSION}-${os}-${arch}`;
      assert(isFile(`${outdir}/${artefact}`), `${artefact} missing`);
      assertEquals(await sha256(`${outdir}/${artefact}`), await sha256(BINARY));
      assertStringIncludes(out.stderr, "stdio initialize answered");
      if ((await binaryCommands()).has("serve")) {
        assertMatch(out.stderr, /GET \/healthz 200 on port \d+, clean stop on SIGTERM/);
      }
      const sums = await Deno.readTextFile(`${outdir}/SHA256SUMS`);
      assertEquals(sums, `${await sha256(BINARY)}  ${artefact}\n`);
      assertEquals(out.stdout, sums);
    } finally {
      await Deno.remove(outdir, { recursive: true });
    }
  },
});

Deno.test({
  name: "release: an unknown target fails with the list of valid ones, before building",
  ignore,
  async fn() {
    const outdir = await Deno.makeTempDir({ prefix: "task-mcp-release-" });
    try {
      const out = await run(
        BUN,
        ["scripts/release.ts", "--skip-build", `--outdir=${outdir}`, "--targets=bun-plan9-x64"],
        { cwd: PROJECT },
      );
      assertEquals(out.code, 1);
      assertStringIncludes(out.stderr, 'Unknown target "bun-plan9-x64"');
      assertStringIncludes(out.stderr, "bun-linux-arm64");
      assertEquals([...Deno.readDirSync(outdir)], []);
    } finally {
      await Deno.remove(outdir, { recursive: true });
    }
  },
});

Deno.test({
  name: "release: offline, a cross-target fails with a message that names the download",
  ignore: ignore ||
    skipReason("dist_release_test (offline)", [!canGoOffline && "needs root and unshare --net"]) !==
      undefined,
  async fn() {
    const outdir = await Deno.makeTempDir({ prefix: "task-mcp-release-" });
    // An empty cache: Bun keeps the runtimes it downloaded in BUN_INSTALL_CACHE_DIR.
    const cache = await Deno.makeTempDir({ prefix: "task-mcp-bun-cache-" });
    const target = arch === "x64" ? "bun-linux-arm64" : "bun-linux-x64";
    try {
      const out = await run(
        UNSHARE!,
        [
          "--net",
          BUN,
          "scripts/release.ts",
          "--skip-build",
          `--outdir=${outdir}`,
          `--targets=${target}`,
        ],
        { cwd: PROJECT, env: { BUN_INSTALL_CACHE_DIR: cache } },
      );
      assertEquals(out.code, 1, out.stderr);
      assertStringIncludes(out.stderr, `Cannot cross-compile for ${target}`);
      assertStringIncludes(out.stderr, "npm registry");
      assert(!(await Deno.readTextFile(`${outdir}/SHA256SUMS`).catch(() => "")), "no SHA256SUMS");
    } finally {
      await Deno.remove(outdir, { recursive: true });
      await Deno.remove(cache, { recursive: true });
    }
  },
});
