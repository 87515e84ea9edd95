/**
 * Shared pieces of the distribution tests (`tests/dist_*_test.ts`): finding system tools,
 * running commands, skipping with a visible reason when a tool is missing, and starting
 * `task-mcp serve` through an arbitrary command prefix (plain, or inside a chroot).
 *
 * These tests run inside `npm test` on machines that may lack the tools they need (systemd,
 * nginx, root rights). They never install anything: they skip, and say what to install.
 *
 * @module
 */
import { TextLineStream } from "@std/streams";
import { PROJECT } from "./targets.ts";

export { PROJECT };

/** The compiled binary. */
export const BINARY = `${PROJECT}/dist/task-mcp`;

/** The version in package.json. */
export const VERSION: string = JSON.parse(Deno.readTextFileSync(`${PROJECT}/package.json`)).version;

/** Whether `path` is an existing file. */
export function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** The absolute path of `name` on PATH (plus the sbin folders), or `undefined`. */
export function which(name: string): string | undefined {
  const dirs = (Deno.env.get("PATH") ?? "").split(":").concat(["/usr/sbin", "/sbin"]);
  for (const dir of dirs.filter(Boolean)) {
    const path = `${dir}/${name}`;
    try {
      const info = Deno.statSync(path);
      if (info.isFile && (info.mode ?? 0) & 0o111) return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The outcome of {@link run}. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and captures its output. */
export async function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; clearEnv?: boolean; cwd?: string } = {},
): Promise<RunResult> {
  const out = await new Deno.Command(command, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    ...options,
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/**
 * Why these tests cannot run here, or `undefined` when they can. Prints the reason once, so a
 * skipped test shows up in the output as `ignored` with an explanation above it.
 */
export function skipReason(suite: string, reasons: (string | false)[]): string | undefined {
  const reason = reasons.find((r): r is string => typeof r === "string");
  if (reason) console.warn(`⚠ ${suite} skipped: ${reason}`);
  return reason;
}

/** The commands `task-mcp --help` lists (first word of each line under "Commands:"). */
export async function binaryCommands(binary = BINARY): Promise<Set<string>> {
  if (!isFile(binary)) return new Set();
  const help = (await run(binary, ["--help"])).stdout;
  const section = help.split(/\n\s*\n/).find((block) => block.startsWith("Commands:")) ?? "";
  return new Set([...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]!));
}

/** The environment variables `task-mcp --help` documents. */
export async function binaryVariables(binary = BINARY): Promise<string[]> {
  const help = (await run(binary, ["--help"])).stdout;
  const section = help.slice(help.indexOf("\nEnvironment:"));
  return [...section.matchAll(/^ {2}([A-Z][A-Z0-9_]*(?:, [A-Z][A-Z0-9_]*)*)/gm)]
    .flatMap((m) => m[1]!.split(", "));
}

/** A `task-mcp serve` started by {@link startServe}. */
export interface ServeProcess {
  port: number;
  process: Deno.ChildProcess;
  /** Every stderr line so far. */
  log: string[];
  /** Waits for the exit; SIGKILLs the process after `timeoutMs`. */
  exit(timeoutMs?: number): Promise<Deno.CommandStatus>;
}

/**
 * Starts `<command> <prefix…> serve --host 127.0.0.1 --port 0 <args…>` with exactly `env`,
 * and waits for the `listening` log line that carries the port.
 */
export async function startServe(
  command: string,
  prefix: string[],
  options: { args?: string[]; env?: Record<string, string> } = {},
): Promise<ServeProcess> {
  const process = new Deno.Command(command, {
    args: [...prefix, "serve", "--host", "127.0.0.1", "--port", "0", ...(options.args ?? [])],
    clearEnv: true,
    env: options.env ?? {},
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  const lines = process.stderr.pipeThrough(new TextDecoderStream())
    .pipeThrough(new TextLineStream());
  const reader = lines.getReader();
  const deadline = Date.now() + 15_000;
  let port: number | undefined;
  while (port === undefined) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), Math.max(0, deadline - Date.now()));
    });
    const next = await Promise.race([reader.read(), timeout]);
    clearTimeout(timer);
    if (next === "timeout" || next.done) {
      try {
        process.kill("SIGKILL");
      } catch { /* already gone */ }
      await process.status;
      throw new Error(`serve did not start:\n${log.join("\n")}`);
    }
    log.push(next.value);
    try {
      const record = JSON.parse(next.value);
      if (record.msg === "listening") port = record.port;
    } catch {
      // not a log record
    }
  }
  // Keep draining stderr so that the process never blocks on a full pipe.
  (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      log.push(value);
    }
  })();
  return {
    port,
    process,
    log,
    async exit(timeoutMs = 15_000) {
      const timer = setTimeout(() => process.kill("SIGKILL"), timeoutMs);
      try {
        return await process.status;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** `fetch` that gives up after `timeoutMs`. */
export async function fetchWithin(
  url: string,
  init: RequestInit & { client?: Deno.HttpClient } = {},
  timeoutMs = 5_000,
): Promise<Response> {
  return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

/** The SHA-256 of a file, in hex. */
export async function sha256(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
