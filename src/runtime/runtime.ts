/**
 * What the program needs from the runtime it runs on. `mod.ts` picks the implementation once,
 * at start-up; nothing else in the source touches `Deno`, `Bun` or `node:process`.
 *
 * @module
 */

import type { Serve } from "./serve.ts";
import type { ConnectTcp } from "./tcp.ts";

/** Memory figures of this process, in bytes. */
export interface MemoryUsage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** The machine's total memory. */
  systemTotal: number;
}

/** The host runtime's services. */
export interface Runtime {
  readonly name: "bun" | "deno";
  /** Command-line arguments after the program name. */
  readonly args: string[];
  readonly pid: number;
  /** The running executable: the compiled binary, or bun/deno when run from source. */
  readonly execPath: string;
  env(name: string): string | undefined;
  cwd(): string;
  /** The process's stdin as bytes. */
  stdin(): ReadableStream<Uint8Array>;
  /** The process's stdout as bytes; nothing else may write to it in stdio mode. */
  stdout(): WritableStream<Uint8Array>;
  /** Writes command output (help, version) to stdout — never used in stdio mode. */
  writeOut(text: string): void;
  /** Writes diagnostics (logs, errors) to stderr. */
  writeErr(text: string): void;
  /**
   * This process's identity for the repository lock, `undefined` where the system cannot tell
   * (see `process_identity.ts`).
   */
  processIdentity(): string | undefined;
  /** Whether the process an identity names has certainly exited; `false` whenever unsure. */
  isProcessGone(identity: string): boolean;
  /** Calls `fn` on SIGINT and SIGTERM. */
  onShutdownSignal(fn: (signal: string) => void): void;
  exit(code: number): never;
  /** Starts an HTTP server (`Bun.serve` or `Deno.serve`). */
  serve: Serve;
  /** This process's memory use, for health checks. */
  memoryUsage(): MemoryUsage;
  /** Opens an outgoing TCP or TLS connection (the Redis client of the rate limiter). */
  connectTcp: ConnectTcp;
  /** Reads a whole text file (TLS certificates and keys at start-up); throws when it cannot. */
  readTextFile(path: string): string;
  /**
   * Says that start-up is over and clients are being served. The compiled binary starts with
   * the JIT held back (`--compile-jit-policy` in `scripts/build.ts`), so that code that runs once
   * stays in the interpreter and the JIT's compilers stay out of memory; this gives the JIT its
   * usual policy back. Calling it again does nothing.
   */
  interactive(): void;
}
