/**
 * Scratch repositories for end-to-end tests, and the real OpenSpec CLI to check them with.
 *
 * @module
 */
import { PROJECT } from "./targets.ts";
import { tempDir } from "../../src/fs/_test_temp_dir.ts";

const OPENSPEC_BIN = `${PROJECT}/node_modules/@fission-ai/openspec/bin/openspec.js`;

/** Makes an empty temporary project folder, removed when the test module ends. */
export async function tempProject(): Promise<string> {
  return await tempDir("task-mcp-e2e-");
}

/** Runs the OpenSpec CLI in `cwd`; returns exit code, stdout and stderr. */
export async function openspec(
  cwd: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command("node", {
    args: [OPENSPEC_BIN, ...args],
    cwd,
    env: { OPENSPEC_TELEMETRY: "0", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Runs the OpenSpec CLI and parses its JSON output. */
export async function openspecJson<T = Record<string, unknown>>(
  cwd: string,
  ...args: string[]
): Promise<{ code: number; json: T }> {
  const { code, stdout, stderr } = await openspec(cwd, ...args);
  try {
    return { code, json: JSON.parse(stdout) as T };
  } catch {
    throw new Error(
      `openspec ${args.join(" ")} printed no JSON (exit ${code}): ${stdout}${stderr}`,
    );
  }
}

/** Every file below `dir` with its content, by relative path, sorted. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    for await (const entry of Deno.readDir(`${dir}/${rel}`)) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile) out[path] = await Deno.readTextFile(`${dir}/${path}`);
    }
  };
  await walk("");
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a < b ? -1 : 1));
}

/** Copies a folder recursively (with `cp -a`, keeping times). */
export async function copyDir(from: string, to: string): Promise<void> {
  const out = await new Deno.Command("cp", { args: ["-a", from, to] }).output();
  if (out.code !== 0) throw new Error(`cp -a ${from} ${to} failed`);
}
