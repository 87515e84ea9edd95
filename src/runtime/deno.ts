/**
 * The Deno runtime.
 *
 * @module
 */
import { nodeCompatRuntime } from "./node_compat.ts";
import type { Runtime } from "./runtime.ts";

/** Deno's services. */
export function denoRuntime(): Runtime {
  return {
    name: "deno",
    ...nodeCompatRuntime(),
    stdin: () => Deno.stdin.readable,
    stdout: () => Deno.stdout.writable,
  };
}
