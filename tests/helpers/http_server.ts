/**
 * A `task-mcp serve` process on a free port of 127.0.0.1, for end-to-end tests.
 *
 * The server binds port 0 and logs the address it got as a JSON line on stderr
 * (`{"msg":"listening","port":…}`); this helper waits for that line.
 *
 * @module
 */
import { TextLineStream } from "@std/streams";
import type { Target } from "./targets.ts";

/** A running server. */
export interface HttpServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  process: Deno.ChildProcess;
  /** Every stderr line so far. */
  stderr(): string[];
  /**
   * Sends `signal` (default SIGTERM) and waits for the exit, killing it after `timeoutMs`, and
   * for the end of its stderr.
   */
  stop(signal?: Deno.Signal, timeoutMs?: number): Promise<Deno.CommandStatus>;
}

/** Options of {@link startHttpServer}. */
export interface StartOptions {
  args?: string[];
  env?: Record<string, string>;
}

/** Variables the child keeps from ours; nothing else leaks in (PORT, HOST…). */
const PASS_THROUGH = ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"];

/** Starts `task-mcp serve --root <root> --host 127.0.0.1 --port 0`. */
export async function startHttpServer(
  target: Target,
  root: string,
  options: StartOptions = {},
): Promise<HttpServer> {
  const env: Record<string, string> = {};
  for (const name of PASS_THROUGH) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  const process = new Deno.Command(target.command, {
    args: [
      ...target.prefix,
      "serve",
      "--root",
      root,
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      ...(options.args ?? []),
    ],
    clearEnv: true,
    env: { ...env, ...options.env },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const lines: string[] = [];
  const reader = process.stderr.pipeThrough(new TextDecoderStream())
    .pipeThrough(new TextLineStream()).getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the server did not start")), 20_000);
  });
  let port: number | undefined;
  try {
    while (port === undefined) {
      const { done, value } = await Promise.race([reader.read(), timeout]);
      if (done) throw new Error(`the server exited: ${lines.join("\n")}`);
      lines.push(value);
      const record = parseLine(value);
      if (record?.msg === "listening") port = record.port as number;
    }
  } catch (error) {
    clearTimeout(timer);
    process.kill("SIGKILL");
    await process.status;
    throw error;
  }
  clearTimeout(timer);
  // Keep draining stderr so the child never blocks on a full pipe.
  const drained = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: "" }));
      if (done) break;
      lines.push(value);
    }
  })();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    process,
    stderr: () => lines,
    async stop(signal = "SIGTERM", timeoutMs = 15_000) {
      try {
        process.kill(signal);
      } catch { /* already gone */ }
      let killer: ReturnType<typeof setTimeout> | undefined;
      const status = await Promise.race([
        process.status,
        new Promise<Deno.CommandStatus>((resolve) => {
          killer = setTimeout(() => {
            try {
              process.kill("SIGKILL");
            } catch { /* gone */ }
            resolve(process.status);
          }, timeoutMs);
        }),
      ]);
      clearTimeout(killer);
      // The exit status can arrive before the last lines are read from the pipe: wait for its
      // end, so that stderr() then holds everything the server wrote (a grandchild that kept
      // the pipe open would hold it forever, hence the bound).
      let bound: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([drained, new Promise((resolve) => bound = setTimeout(resolve, 5_000))]);
      clearTimeout(bound);
      return status;
    },
  };
}

/** Runs `fn` with a server and always stops it. */
export async function withHttpServer<T>(
  target: Target,
  root: string,
  fn: (server: HttpServer) => Promise<T>,
  options: StartOptions = {},
): Promise<T> {
  const server = await startHttpServer(target, root, options);
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
