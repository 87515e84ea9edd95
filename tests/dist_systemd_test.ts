/**
 * deploy/task-mcp.service and deploy/task-mcp.env.example: systemd accepts the unit without a
 * single warning, its sandbox rates "OK" or better in `systemd-analyze security`, and the unit,
 * the environment file and the binary agree with each other.
 *
 * The systemd checks need `systemd-analyze` (Debian package `systemd`); they are skipped when
 * it is missing. The consistency checks always run.
 *
 * @module
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import {
  BINARY,
  binaryVariables,
  isFile,
  PROJECT,
  run,
  skipReason,
  which,
} from "./helpers/dist_tools.ts";

const UNIT = `${PROJECT}/deploy/task-mcp.service`;
const ENV_EXAMPLE = `${PROJECT}/deploy/task-mcp.env.example`;
const ANALYZE = which("systemd-analyze");
const ignore = skipReason("dist_systemd_test (systemd-analyze)", [
  !ANALYZE && "systemd-analyze not found (apt-get install -y systemd)",
]) !== undefined;

/** `KEY=value` settings of a unit file, by key (a key may repeat). */
function settings(unit: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of unit.split("\n")) {
    const match = line.match(/^([A-Za-z]+)=(.*)$/);
    if (match) map.set(match[1]!, [...(map.get(match[1]!) ?? []), match[2]!]);
  }
  return map;
}

/** The variables an environment file sets, with their values. */
function envFile(text: string): Map<string, string> {
  return new Map(
    text.split("\n").filter((l) => /^[A-Z][A-Z0-9_]*=/.test(l)).map((l) => {
      const i = l.indexOf("=");
      return [l.slice(0, i), l.slice(i + 1)];
    }),
  );
}

/**
 * A copy of the unit whose ExecStart names an executable of this machine: `verify` checks
 * that the program exists, and /usr/local/bin/task-mcp is only there after installation.
 */
async function unitCopy(): Promise<{ dir: string; path: string }> {
  const dir = await Deno.makeTempDir({ prefix: "task-mcp-unit-" });
  const program = isFile(BINARY) ? BINARY : Deno.execPath();
  const text = (await Deno.readTextFile(UNIT)).replace(
    "ExecStart=/usr/local/bin/task-mcp ",
    `ExecStart=${program} `,
  );
  await Deno.writeTextFile(`${dir}/task-mcp.service`, text);
  return { dir, path: `${dir}/task-mcp.service` };
}

Deno.test({
  name: "systemd: systemd-analyze verify accepts the unit without any warning",
  ignore,
  async fn() {
    const { dir, path } = await unitCopy();
    try {
      const out = await run(ANALYZE!, ["verify", "--man=no", path]);
      assertEquals(out.code, 0, out.stderr);
      // Unknown keys and bad values are warnings with status 0: any output is a failure.
      assertEquals(out.stderr.trim(), "");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "systemd: the sandbox's exposure level is OK (≤ 2.0)",
  ignore,
  async fn() {
    const { dir, path } = await unitCopy();
    try {
      const out = await run(ANALYZE!, ["security", "--offline=yes", "--man=no", path]);
      const level = out.stdout.match(/Overall exposure level for task-mcp\.service: ([\d.]+)/);
      assert(level, out.stdout + out.stderr);
      assert(Number(level[1]) <= 2.0, `exposure ${level[1]}:\n${out.stdout}`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("systemd: unit, environment file and binary agree", async () => {
  const unit = settings(await Deno.readTextFile(UNIT));
  const env = envFile(await Deno.readTextFile(ENV_EXAMPLE));
  assertEquals(unit.get("EnvironmentFile"), ["/etc/task-mcp/task-mcp.env"]);
  assertEquals(unit.get("ExecStart"), ["/usr/local/bin/task-mcp serve"]);
  assertEquals(unit.get("User"), ["task-mcp"]);
  assertEquals(unit.get("Restart"), ["on-failure"]);
  for (const key of ["NoNewPrivileges", "ProtectHome", "PrivateTmp"]) {
    assertEquals(unit.get(key), ["yes"], key);
  }
  assertEquals(unit.get("ProtectSystem"), ["strict"]);
  assertEquals(unit.get("CapabilityBoundingSet"), [""]);
  // The JIT needs writable and executable memory.
  assertEquals(unit.get("MemoryDenyWriteExecute"), undefined);
  // The repository is the one writable place, in the unit's default and in the example.
  const defaults = unit.get("Environment")!.join(" ");
  assertMatch(defaults, /\bWORKING_DIRECTORY=\/srv\/task-mcp\b/);
  assertEquals(unit.get("ReadWritePaths"), [env.get("WORKING_DIRECTORY")]);
  // Loopback behind nginx; tokens left for the operator to fill in.
  assertEquals(env.get("HOST"), "127.0.0.1");
  assertEquals(env.get("AUTH_TOKENS"), "");
  // Every variable has a comment line right above it (or above its group).
  const lines = (await Deno.readTextFile(ENV_EXAMPLE)).split("\n");
  for (const [i, line] of lines.entries()) {
    if (/^[A-Z]/.test(line)) assertMatch(lines[i - 1] ?? "", /^#/, `${line} has no comment`);
  }
  // Every variable the binary documents is in the example (quoted values would be literal).
  if (isFile(BINARY)) {
    for (const name of await binaryVariables()) assert(env.has(name), `${name} missing`);
  }
  for (const value of env.values()) assert(!/^["']/.test(value), `quoted value ${value}`);
});
