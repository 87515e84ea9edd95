/**
 * Builds `dist/task-mcp`: embeds `templates/` into `src/templates/embedded.ts`, then compiles
 * `src/main.ts` into one self-contained executable with `bun build --compile`.
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
  const sources = Math.max(newest("src"), newest("templates"), statSync("package.json").mtimeMs);
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
    ...(target ? [`--target=${target}`] : []),
    "src/main.ts",
    "--outfile",
    outfile,
  ],
  { stdio: ["inherit", "inherit", "inherit"] },
);
process.exit(result.status ?? 1);
