/**
 * The Bun runtime.
 *
 * @module
 */
import { nodeCompatRuntime, processStdout } from "./node_compat.ts";
import type { Runtime } from "./runtime.ts";

interface BunGlobal {
  stdin: { stream(): ReadableStream<Uint8Array> };
}

/** Bun's services. */
export function bunRuntime(): Runtime {
  const bun = (globalThis as unknown as { Bun: BunGlobal }).Bun;
  return {
    name: "bun",
    ...nodeCompatRuntime(),
    stdin: () => bun.stdin.stream(),
    stdout: processStdout,
  };
}
