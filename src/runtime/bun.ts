/**
 * The Bun runtime.
 *
 * @module
 */
import { consoleWriter, nodeCompatRuntime } from "./node_compat.ts";
import type { Runtime } from "./runtime.ts";
import { bunServe } from "./serve_bun.ts";

interface FileSink {
  write(chunk: Uint8Array): number;
  flush(): number | Promise<number>;
  end(): number | Promise<number>;
}

interface BunGlobal {
  stdin: { stream(): ReadableStream<Uint8Array> };
  stdout: { writer(): FileSink };
  unsafe: { setJITPolicy?(scale: number): void };
}

/** Bun's services. */
export function bunRuntime(): Runtime {
  const bun = (globalThis as unknown as { Bun: BunGlobal }).Bun;
  return {
    name: "bun",
    ...nodeCompatRuntime(),
    serve: bunServe,
    writeOut: consoleWriter("log"),
    writeErr: consoleWriter("error"),
    stdin: () => bun.stdin.stream(),
    // Scale 1: JavaScriptCore's usual tier-up thresholds.
    interactive: () => bun.unsafe.setJITPolicy?.(1),
    stdout() {
      const sink = bun.stdout.writer();
      return new WritableStream<Uint8Array>({
        async write(chunk) {
          sink.write(chunk);
          await sink.flush();
        },
        async close() {
          await sink.end();
        },
      });
    },
  };
}
