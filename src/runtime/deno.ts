/**
 * The Deno runtime.
 *
 * @module
 */
import { consoleWriter, nodeCompatRuntime } from "./node_compat.ts";
import type { Runtime } from "./runtime.ts";
import { denoServe } from "./serve_deno.ts";

/** Deno's services. */
export function denoRuntime(): Runtime {
  return {
    name: "deno",
    ...nodeCompatRuntime(),
    serve: denoServe,
    writeOut: consoleWriter("log"),
    writeErr: consoleWriter("error"),
    stdin: () => Deno.stdin.readable,
    stdout: () => Deno.stdout.writable,
    interactive: () => {},
  };
}
