/**
 * Temporary folders for tests, removed when the test module is done (passed or failed), so that
 * a run leaves nothing in the temporary directory.
 *
 * @module
 */

const made: string[] = [];
globalThis.addEventListener("unload", () => {
  for (const dir of made) {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
});

/** A new empty folder whose name starts with `prefix`, removed when the test module ends. */
export async function tempDir(prefix = "task-mcp-test-"): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix });
  made.push(dir);
  return dir;
}
