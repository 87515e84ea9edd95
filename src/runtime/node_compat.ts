/**
 * The parts of {@link Runtime} that Bun and Deno both provide through `node:process`.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { totalmem } from "node:os";
import process from "node:process";
import type { Runtime } from "./runtime.ts";
import { isProcessGone, processIdentity } from "./process_identity.ts";
import { connectTcp } from "./tcp.ts";

/** Process services shared by both runtimes. */
export function nodeCompatRuntime(): Omit<
  Runtime,
  "name" | "stdin" | "stdout" | "writeOut" | "writeErr" | "serve" | "interactive"
> {
  return {
    args: process.argv.slice(2),
    pid: process.pid,
    execPath: process.execPath,
    env: (name) => process.env[name],
    cwd: () => process.cwd(),
    processIdentity,
    isProcessGone,
    onShutdownSignal(fn) {
      process.on("SIGINT", () => fn("SIGINT"));
      process.on("SIGTERM", () => fn("SIGTERM"));
    },
    exit: (code) => process.exit(code),
    memoryUsage() {
      const { rss, heapUsed, heapTotal } = process.memoryUsage();
      return { rss, heapUsed, heapTotal, systemTotal: totalmem() };
    },
    connectTcp,
    readTextFile: (path) => readFileSync(path, "utf8"),
  };
}

/**
 * Writes text through `console`, which both runtimes send straight to the file descriptor.
 * (Bun builds Node's `process.stdout`/`process.stderr` streams on first touch, which costs
 * about 20 ms of start-up; `console` does not.)
 */
export function consoleWriter(to: "log" | "error"): (text: string) => void {
  return (text) => console[to](text.endsWith("\n") ? text.slice(0, -1) : text);
}
