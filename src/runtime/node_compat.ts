/**
 * The parts of {@link Runtime} that Bun and Deno both provide through `node:process`.
 *
 * @module
 */
import process from "node:process";
import type { Runtime } from "./runtime.ts";

/** Process services shared by both runtimes. */
export function nodeCompatRuntime(): Omit<Runtime, "name" | "stdin" | "stdout"> {
  return {
    args: process.argv.slice(2),
    pid: process.pid,
    env: (name) => process.env[name],
    cwd: () => process.cwd(),
    writeOut: (text) => void process.stdout.write(text),
    writeErr: (text) => void process.stderr.write(text),
    isProcessAlive(pid) {
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        // EPERM: it exists but belongs to someone else.
        return (error as { code?: string }).code === "EPERM";
      }
    },
    onShutdownSignal(fn) {
      process.on("SIGINT", () => fn("SIGINT"));
      process.on("SIGTERM", () => fn("SIGTERM"));
    },
    exit: (code) => process.exit(code),
  };
}

/** stdout as a web stream over `process.stdout`, honouring its back-pressure. */
export function processStdout(): WritableStream<Uint8Array> {
  return new WritableStream({
    write: (chunk) =>
      new Promise((resolve, reject) => {
        process.stdout.write(chunk, (error) => error ? reject(error) : resolve());
      }),
  });
}
