/**
 * Picks the runtime once, at start-up.
 *
 * @module
 */
import type { Runtime } from "./runtime.ts";

export type { Runtime } from "./runtime.ts";

/** The runtime this process runs on. */
export async function detectRuntime(): Promise<Runtime> {
  if ("Deno" in globalThis) return (await import("./deno.ts")).denoRuntime();
  return (await import("./bun.ts")).bunRuntime();
}
