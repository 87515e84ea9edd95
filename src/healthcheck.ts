/**
 * `task-mcp healthcheck`: a probe of a running server that needs no shell or curl, for the
 * scratch container's HEALTHCHECK.
 *
 * @module
 */

/** Asks `url` and reports whether it answered 200 within `timeoutMs`. */
export async function healthcheck(
  url: string,
  timeoutMs = 3000,
): Promise<{ ok: boolean; detail: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return { ok: response.status === 200, detail: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}
