/**
 * `npm run release`: builds the release artefacts into `dist/` and checks them.
 *
 * 1. Builds `dist/task-mcp` for this machine (`scripts/build.ts`) and copies it to
 *    `dist/task-mcp-<version>-<os>-<arch>` (`.exe` on Windows).
 * 2. With `--targets=bun-linux-arm64,bun-darwin-arm64,…` also cross-compiles for those Bun
 *    targets. Bun downloads the runtime of each foreign target from the npm registry on first
 *    use, so this needs the network (or a warm Bun cache); offline it fails with a message.
 * 3. Smoke-tests every artefact this machine can run: `--version` prints the package.json
 *    version, a stdio `initialize` through a pipe is answered, and when the binary has a
 *    `serve` command, `GET /healthz` on a free loopback port returns 200 and SIGTERM stops it.
 * 4. Writes `dist/SHA256SUMS` (`sha256sum -c` format) for every `task-mcp-<version>-*` file.
 *
 * Usage: `bun scripts/release.ts [--targets=T1,T2…] [--skip-build] [--outdir=DIR]`
 *   `--skip-build` packages the existing `dist/task-mcp`; `--outdir` writes elsewhere than `dist/`.
 *   Downloaded runtimes are cached in `~/.bun/install/cache` (`BUN_INSTALL_CACHE_DIR`).
 *
 * @module
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";

const args = process.argv.slice(2);
const option = (name: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const known = ["--targets=", "--outdir=", "--skip-build"];
const unknown = args.find((a) =>
  !known.some((k) => a === k || (k.endsWith("=") && a.startsWith(k)))
);
if (unknown) fail(`Unknown argument "${unknown}" (usage: bun scripts/release.ts [--targets=…])`);

const version: string = JSON.parse(readFileSync("package.json", "utf8")).version;
const outdir = option("outdir") ?? "dist";
const targets = (option("targets") ?? "").split(",").map((t) => t.trim()).filter(Boolean);
/** Bun's compile targets: `bun-<os>-<arch>` with optional `-baseline`/`-modern` and `-musl`. */
const TARGET = /^bun-(linux|darwin|windows)-(x64|arm64)((?:-baseline|-modern|-musl)*)$/;
for (const target of targets) {
  if (!TARGET.test(target)) {
    fail(
      `Unknown target "${target}": expected bun-<linux|darwin|windows>-<x64|arm64>` +
        `[-baseline|-modern][-musl], e.g. bun-linux-arm64`,
    );
  }
}
mkdirSync(outdir, { recursive: true });

const hostOs = process.platform === "win32" ? "windows" : process.platform;
const hostArch = process.arch;
const exe = (os: string) => os === "windows" ? ".exe" : "";
const artefacts: string[] = [];

// 1. This machine.
if (!args.includes("--skip-build")) run("build", "node_modules/.bin/bun", ["scripts/build.ts"]);
const native = `task-mcp-${version}-${hostOs}-${hostArch}${exe(hostOs)}`;
copyFileSync(`dist/task-mcp${exe(hostOs)}`, join(outdir, native));
artefacts.push(native);
const runnable = [native];

// 2. Other targets, before any test, so that a missing download fails fast.
for (const target of targets) {
  const [, os, arch, variant] = target.match(TARGET)!;
  const name = `task-mcp-${version}-${os}-${arch}${variant}${exe(os!)}`;
  const built = spawnSync("node_modules/.bin/bun", [
    "scripts/build.ts",
    `--target=${target}`,
    `--outfile=${join(outdir, name)}`,
  ], { stdio: "inherit" });
  if (built.status !== 0) {
    fail(
      `Cannot cross-compile for ${target}: Bun fetches that platform's runtime from the npm ` +
        `registry on first use. Check the network (or run this on a ${os}-${arch} machine)`,
    );
  }
  artefacts.push(name);
  // Binaries this machine can execute get the same checks as the native one.
  if (os === hostOs && arch === hostArch && !variant!.includes("musl")) runnable.push(name);
  else console.error(`▶ ${name}: built for ${target}, not runnable here (checksummed only)`);
}

// 3. Smoke tests.
for (const name of runnable) await smokeTest(join(outdir, name));

// 4. Checksums for every artefact of this version in the folder (earlier runs included).
const prefix = `task-mcp-${version}-`;
const lines = readdirSync(outdir).filter((f) => f.startsWith(prefix)).sort().map((file) =>
  `${createHash("sha256").update(readFileSync(join(outdir, file))).digest("hex")}  ${file}\n`
);
writeFileSync(join(outdir, "SHA256SUMS"), lines.join(""));
console.error(`\n▶ release ${version}: ${artefacts.join(", ")}; ${outdir}/SHA256SUMS`);
for (const line of lines) process.stdout.write(line);

// ---------------------------------------------------------------------------------------------

function fail(message: string): never {
  console.error(`release: ${message}`);
  process.exit(1);
}

function run(title: string, cmd: string, cmdArgs: string[]): void {
  console.error(`▶ ${title}: ${cmd} ${cmdArgs.join(" ")}`);
  const result = spawnSync(cmd, cmdArgs, { stdio: "inherit" });
  if (result.status !== 0) fail(`${title} failed`);
}

/** Runs the checks of step 3 against `binary`; exits the process on the first failure. */
async function smokeTest(binary: string): Promise<void> {
  console.error(`▶ smoke test: ${binary}`);
  const printed = spawnSync(binary, ["--version"], { encoding: "utf8", timeout: 10_000 });
  if (printed.stdout?.trim() !== `task-mcp ${version}`) {
    fail(`${binary} --version printed "${printed.stdout?.trim()}", expected "task-mcp ${version}"`);
  }
  const root = mkdtempSync(join(tmpdir(), "task-mcp-release-"));
  try {
    await stdioInitialize(binary, root);
    const help = spawnSync(binary, ["--help"], { encoding: "utf8", timeout: 10_000 }).stdout ?? "";
    if (/^\s+serve\b/m.test(help)) await httpHealthz(binary, root);
    else console.error("  (no serve command in --help: HTTP check skipped)");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.error("  ok");
}

/** Sends `initialize` on stdin and expects the answer on stdout, then a clean exit on EOF. */
function stdioInitialize(binary: string, root: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(binary, ["stdio", "--root", root], { stdio: ["pipe", "pipe", "pipe"] });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(`${binary} stdio: no answer to initialize within 10 s`);
    }, 10_000);
    let out = "";
    let answered = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const line = out.split("\n").find((l) => l.includes('"id":1'));
      if (!line || answered) return;
      answered = true;
      const reply = JSON.parse(line);
      if (reply.result?.serverInfo?.version !== version) {
        fail(`${binary} stdio: unexpected initialize answer ${line}`);
      }
      child.stdin.end();
    });
    child.stderr.resume();
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (!answered || code !== 0) {
        fail(`${binary} stdio exited with ${code} (answered: ${answered})`);
      }
      console.error("  stdio initialize answered");
      resolve();
    });
    child.stdin.write(
      JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "release-smoke-test", version },
        },
      }) + "\n",
    );
  });
}

/** Starts `serve` on a free loopback port, expects `GET /healthz` 200, then stops it. */
async function httpHealthz(binary: string, root: string): Promise<void> {
  const port = await freePort();
  const child = spawn(
    binary,
    ["serve", "--root", root, "--host", "127.0.0.1", "--port", String(port)],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => log += chunk);
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  let status = 0;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline && child.exitCode === null;) {
    try {
      status = (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  const code = await exited;
  clearTimeout(timer);
  if (status !== 200) fail(`${binary} serve: GET /healthz gave ${status || "no answer"}\n${log}`);
  if (code !== 0) fail(`${binary} serve: exit status ${code} after SIGTERM\n${log}`);
  console.error(`  GET /healthz 200 on port ${port}, clean stop on SIGTERM`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
