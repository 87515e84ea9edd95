/**
 * The official MCP conformance suite (`@modelcontextprotocol/conformance`) against
 * `task-mcp serve`, for the scenarios that apply to any server (the others call fixture tools
 * such as `test_simple_text` that only the suite's reference server has).
 */
import { assertEquals, assertMatch } from "@std/assert";
import { withHttpServer } from "./helpers/http_server.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget, PROJECT } from "./helpers/targets.ts";
import { tempDir } from "../src/fs/_test_temp_dir.ts";

const BUN = `${PROJECT}/node_modules/.bin/bun`;
const CONFORMANCE = `${PROJECT}/node_modules/@modelcontextprotocol/conformance/dist/index.js`;

const STATEFUL = [
  "server-initialize",
  "ping",
  "tools-list",
  "resources-list",
  "prompts-list",
  "logging-set-level",
  "dns-rebinding-protection",
  "server-sse-multiple-streams",
];
const STATELESS = [
  "server-initialize",
  "tools-list",
  "logging-set-level",
  "dns-rebinding-protection",
];

/** Runs the conformance suite with `args` in a fresh folder; resolves to its exit code and output. */
async function conformance(args: string[]): Promise<{ code: number; text: string }> {
  const out = await new Deno.Command(BUN, {
    args: [CONFORMANCE, ...args],
    cwd: await tempDir("task-mcp-conformance-"),
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, text: decoder.decode(out.stdout) + decoder.decode(out.stderr) };
}

/** Runs one scenario; resolves to the suite's output. */
async function scenario(url: string, name: string): Promise<string> {
  const { code, text } = await conformance(["server", "--url", `${url}/mcp`, "--scenario", name]);
  assertEquals(code, 0, `${name} failed:\n${text}`);
  assertMatch(text, /Passed: (\d+)\/\1, 0 failed/, `${name}:\n${text}`);
  return text;
}

/** Runs scenarios two at a time (the machine has two cores). */
async function runAll(url: string, names: string[]): Promise<void> {
  const queue = [...names];
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift()) await scenario(url, name);
  };
  await Promise.all([worker(), worker()]);
}

eachTarget("passes the generic MCP conformance scenarios (stateful)", async (t) => {
  await withHttpServer(t, await tempProject(), ({ url }) => runAll(url, STATEFUL));
});

eachTarget("passes the generic MCP conformance scenarios (stateless)", async (t) => {
  await withHttpServer(t, await tempProject(), ({ url }) => runAll(url, STATELESS), {
    args: ["--stateless"],
  });
});

/**
 * The frozen requirement sets of the suite's release (`--requirements <revision>`), each at its
 * revision's wire: the 2025 one through `initialize` and sessions, 2026-07-28 with session-free
 * requests. The server runs with the README's quick-start settings (loopback, no tokens, no
 * other variables). Checks that call the suite's own fixtures (`test_*` tools, prompts and
 * resources) are listed, with the reason, in `tests/conformance/expected_failures_<revision>.yml`;
 * the suite fails the run on any other failure, and on a listed check that passes.
 */
async function requirementSet(url: string, revision: string): Promise<string> {
  const { code, text } = await conformance([
    "server",
    "--url",
    `${url}/mcp`,
    "--requirements",
    revision,
    "--expected-failures",
    `${PROJECT}/tests/conformance/expected_failures_${revision}.yml`,
  ]);
  assertEquals(code, 0, `the ${revision} set failed:\n${text}`);
  assertMatch(text, /Baseline check passed: all failures are expected/, text);
  return text;
}

eachTarget(
  "passes the frozen 2025-11-25 and 2026-07-28 requirement sets on the defaults",
  async (t) => {
    await withHttpServer(t, await tempProject(), async ({ url }) => {
      // Both eras against one process, one after the other: nothing of one may disturb the other.
      await requirementSet(url, "2025-11-25");
      await requirementSet(url, "2026-07-28");
    });
  },
);
