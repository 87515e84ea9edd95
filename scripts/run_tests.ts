/**
 * The whole test suite, as `npm test` runs it: type check, lint, format check, the build of the
 * binary, then every test file under Deno (unit tests beside the code, the filesystem contract
 * suite, end-to-end tests against the compiled binary and against the source, interop with the
 * OpenSpec CLI), then every `@example` of the source (`deno test --doc`). Ends with one
 * `N passed, N failed` line. What the tests create in the temporary directory goes below one folder
 * of their own (`TMPDIR`); the run fails when the tests leave anything there, and the folder is
 * removed when the run ends.
 *
 * Usage: `bun scripts/run_tests.ts [--quick] [deno test filters…]` — `--quick` skips the static checks
 * and the build (for iterating on one test file); with filters, the doc examples are skipped.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import process from "node:process";

const bin = (name: string) => `node_modules/.bin/${name}`;
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const filters = args.filter((a) => a !== "--quick");

/**
 * The tests' temporary directory: every scratch repository, socket and certificate a test (or a
 * server it starts) makes goes below it, and it is removed when the run ends, passed or failed.
 */
const scratch = mkdtempSync(`${tmpdir()}/task-mcp-test-`);
process.on("exit", () => {
  try {
    rmSync(scratch, { recursive: true, force: true });
  } catch (error) {
    console.error(`could not remove ${scratch}: ${error}`);
  }
});

/** Deno's closing line: `ok | 12 passed (4 steps) | 0 failed`. */
const COUNTS = /(\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/g;

function step(
  title: string,
  cmd: string,
  cmdArgs: string[],
  capture = false,
  extraEnv: Record<string, string> = {},
): string {
  console.error(`\n▶ ${title}: ${cmd} ${cmdArgs.join(" ")}`);
  const result = spawnSync(cmd, cmdArgs, {
    stdio: capture ? ["inherit", "pipe", "inherit"] : "inherit",
    encoding: "utf8",
    env: { ...process.env, OPENSPEC_TELEMETRY: "0", NO_COLOR: "1", ...extraEnv },
    maxBuffer: 256 * 1024 * 1024,
  });
  const out = capture ? result.stdout ?? "" : "";
  if (capture) process.stdout.write(out);
  if (result.status !== 0) {
    const counts = [...out.matchAll(COUNTS)].at(-1);
    console.log(`\n${title} failed`);
    if (counts) console.log(`${counts[1]} passed, ${counts[2]} failed`);
    else console.log("0 passed, 1 failed");
    process.exit(1);
  }
  return out;
}

if (!quick) {
  step("type check", bin("deno"), ["check", "src", "tests", "scripts", "examples"]);
  step("lint", bin("deno"), ["lint"]);
  step("format", bin("deno"), ["fmt", "--check"]);
  step("build", bin("bun"), ["scripts/build.ts"]);
}
const out = step("tests", bin("deno"), ["test", "-A", "--parallel", ...filters], true, {
  TMPDIR: scratch,
});
// The token the git tests give their servers must appear in no output of the whole run.
if (out.includes("tok-9f8e7d6c5b4a-never-print-me")) {
  console.log("\nthe git token of the tests appeared in the output\n0 passed, 1 failed");
  process.exit(1);
}
const counts = [...out.matchAll(COUNTS)].at(-1);
if (!counts || counts[1] === "0") {
  console.log("0 passed, 1 failed (no test ran)");
  process.exit(1);
}
let passed = Number(counts[1]);

/** Every source module with an `@example` (test files and their `_test_*` helpers aside). */
function modulesWithExamples(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith(".ts") && !/(^|\/)_test_|_test\.ts$/.test(path))
    .map((path) => `${dir}/${path}`)
    .filter((path) => readFileSync(path, "utf8").includes("@example"))
    .sort();
}

if (filters.length === 0) {
  const modules = modulesWithExamples("src");
  const docs = step("doc examples", bin("deno"), ["test", "-A", "--doc", ...modules], true, {
    TMPDIR: scratch,
  });
  const docCounts = [...docs.matchAll(COUNTS)].at(-1);
  if (!docCounts || docCounts[1] === "0") {
    console.log("0 passed, 1 failed (no doc example ran)");
    process.exit(1);
  }
  console.log(`\n${docCounts[1]} doc examples of ${modules.length} modules passed`);
  passed += Number(docCounts[1]);
}

// Each test removes what it creates; the per-run folder only catches what one forgets.
const left = readdirSync(scratch);
if (left.length > 0) {
  console.log(`\nthe tests left ${left.length} entries in TMPDIR: ${left.sort().join(", ")}`);
  console.log(`${passed} passed, 1 failed`);
  process.exit(1);
}
console.log(`\n${passed} passed, ${counts[2]} failed`);
