/**
 * Many OpenSpec CLI invocations in one Node process (Node start-up dominates a CLI run): the
 * CLI's own entry point `runCli(argv)` once per job, in the job's directory, stdout captured.
 *
 * @module
 */
import { PROJECT } from "./targets.ts";

/** One CLI invocation. */
export interface CliJob {
  cwd: string;
  args: string[];
}

const DRIVER = `
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { format } from "node:util";
const cliIndex = process.env.OPENSPEC_CLI_INDEX;
const { Command } = createRequire(cliIndex)("commander");
let pending;
Command.prototype.parse = function (argv, options) { pending = this.parseAsync(argv, options); return this; };
class Exit extends Error {}
process.exit = (code) => { throw new Exit(String(code)); };
const { runCli } = await import(pathToFileURL(cliIndex).href);
let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
const log = console.log, error = console.error, warn = console.warn;
for (const job of JSON.parse(input)) {
  process.chdir(job.cwd);
  process.exitCode = undefined;
  let stdout = "";
  console.log = (...args) => { stdout += format(...args) + "\\n"; };
  console.error = () => {};
  console.warn = () => {};
  try {
    runCli(["node", "openspec", ...job.args]);
    await pending;
  } catch (e) {
    if (!(e instanceof Exit)) stdout += String(e);
  } finally {
    console.log = log; console.error = error; console.warn = warn;
  }
  results.push({ stdout, code: process.exitCode ?? 0 });
}
process.exitCode = 0;
process.stdout.write(JSON.stringify(results));
`;

/** What one job printed on stdout, and its exit code. */
export interface CliOutput {
  stdout: string;
  code: number;
}

/** Runs the jobs in one Node process; each result is what that job printed. */
export async function runCliBatchRaw(jobs: CliJob[]): Promise<CliOutput[]> {
  if (jobs.length === 0) return [];
  const child = new Deno.Command("node", {
    args: ["--input-type=module", "-e", DRIVER],
    env: {
      OPENSPEC_TELEMETRY: "0",
      NO_COLOR: "1",
      OPENSPEC_CLI_INDEX: `${PROJECT}/node_modules/@fission-ai/openspec/dist/cli/index.js`,
      // No per-user schemas: the CLI reads $XDG_DATA_HOME/openspec/schemas too.
      XDG_DATA_HOME: "/nonexistent-task-mcp-test",
    },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(jobs)));
  await writer.close();
  const output = await child.output();
  const text = new TextDecoder().decode(output.stdout);
  if (!output.success) {
    throw new Error(`CLI batch failed:\n${text}\n${new TextDecoder().decode(output.stderr)}`);
  }
  return JSON.parse(text) as CliOutput[];
}

/** Runs the jobs; each result is the parsed JSON the CLI printed, or `undefined` when none. */
export async function runCliBatch(jobs: CliJob[]): Promise<unknown[]> {
  return (await runCliBatchRaw(jobs)).map(({ stdout }) => {
    try {
      return JSON.parse(stdout);
    } catch {
      return undefined;
    }
  });
}
