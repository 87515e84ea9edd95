/**
 * Builds `dist/task-mcp`: embeds `templates/` into `src/templates/embedded.ts`, then compiles
 * `src/main.ts` into one self-contained executable with `bun build --compile`, its bytecode laid
 * out by the profiles in `scripts/bytecode/` (`scripts/record_bytecode_order.ts` records them).
 *
 * Usage: `bun scripts/build.ts [--if-needed] [--target=bun-linux-x64…] [--outfile=PATH]`
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import process from "node:process";
import { embedTemplates } from "./embed_templates.ts";

const args = process.argv.slice(2);
const option = (name: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const outfile = option("outfile") ?? "dist/task-mcp";
const target = option("target");

/**
 * The functions that starting `serve` (up to an idle server answering its probes) and `stdio`
 * run, in that order: their bytecode goes first in the executable, together, so that start-up
 * reads and keeps less of it. A profile from an older build still applies (functions are matched
 * by a hash of their syntax); new functions just go after the recorded ones.
 */
const BYTECODE_ORDER = ["scripts/bytecode/serve.order", "scripts/bytecode/stdio.order"];
const orders = BYTECODE_ORDER.filter((path) => existsSync(path));

/** The newest modification time of any file below `dir`. */
function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = `${entry.parentPath ?? dir}/${entry.name}`;
    max = Math.max(max, statSync(path).mtimeMs);
  }
  return max;
}

const changed = embedTemplates();
if (args.includes("--if-needed") && !changed && existsSync(outfile)) {
  const built = statSync(outfile).mtimeMs;
  const sources = Math.max(
    newest("src"),
    newest("templates"),
    statSync("package.json").mtimeMs,
    ...orders.map((path) => statSync(path).mtimeMs),
  );
  if (built > sources) process.exit(0);
}
const result = spawnSync(
  "node_modules/.bin/bun",
  [
    "build",
    "--compile",
    "--minify",
    // Bytecode skips parsing at start-up (about half of it); it needs the ESM output format
    // because main.ts uses top-level await.
    "--bytecode",
    "--format=esm",
    // Start-up code runs once: with the JIT's tier-up thresholds raised a hundredfold it stays
    // in the interpreter, and neither the JIT's time nor its compilers' memory go to it. The
    // program restores the usual thresholds once it serves a client (Runtime.interactive).
    "--compile-jit-policy=100",
    ...(orders.length ? [`--bytecode-order=${orders.join(",")}`] : []),
    // Configuration comes from the environment and flags alone: a `.env` or `bunfig.toml` in
    // whatever directory an IDE starts us in belongs to that project, not to this server.
    "--no-compile-autoload-dotenv",
    "--no-compile-autoload-bunfig",
    ...(target ? [`--target=${target}`] : []),
    "src/main.ts",
    "--outfile",
    outfile,
  ],
  { stdio: ["inherit", "inherit", "inherit"] },
);
process.exit(result.status ?? 1);
