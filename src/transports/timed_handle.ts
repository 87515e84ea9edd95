/**
 * An MCP message handled with a deadline (`REQUEST_TIMEOUT_MS`).
 *
 * When the deadline passes, every request of the message is cancelled the way a client would
 * cancel it — a `notifications/cancelled` to the session, which aborts the call's signal, so a
 * mutation still waiting for its turn never starts — and answered at once with a
 * REQUEST_TIMEOUT error. A mutation already running is all-or-nothing and finishes; its
 * receipt still reaches the audit log.
 *
 * @module
 */
import type { HandleOptions, JsonRpcResponse, McpSession } from "../mcp/mod.ts";
import { jsonRpcLimitError, requestTimedOut } from "./response_cap.ts";

type Answer = JsonRpcResponse | JsonRpcResponse[] | undefined;

/**
 * Handles `body` through `session`, answering REQUEST_TIMEOUT errors after `timeoutMs`.
 *
 * @example
 * ```ts
 * import { handleWithTimeout } from "./timed_handle.ts";
 * declare const session: import("../mcp/mod.ts").McpSession;
 * const answer = await handleWithTimeout(session, { jsonrpc: "2.0", id: 1, method: "ping" }, 30_000);
 * ```
 */
export function handleWithTimeout(
  session: McpSession,
  body: unknown,
  timeoutMs: number,
  options?: HandleOptions,
): Promise<Answer> {
  const handled = session.handle(body, options);
  if (!Number.isFinite(timeoutMs)) return handled;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<Answer>((resolve) => {
    timer = setTimeout(() => {
      const ids = requestIds(body);
      const error = requestTimedOut(timeoutMs);
      for (const requestId of ids) {
        session.handle({
          jsonrpc: "2.0",
          method: "notifications/cancelled",
          params: { requestId, reason: error.message },
        });
      }
      const answers = ids.map((id) => jsonRpcLimitError(id, error) as unknown as JsonRpcResponse);
      resolve(Array.isArray(body) ? (answers.length ? answers : undefined) : answers[0]);
    }, timeoutMs);
  });
  return Promise.race([handled, expired]).finally(() => clearTimeout(timer));
}

/** The ids of the requests in a message or batch. */
function requestIds(body: unknown): (string | number)[] {
  const items = Array.isArray(body) ? body : [body];
  const ids: (string | number)[] = [];
  for (const item of items) {
    if (typeof item !== "object" || item === null || !("method" in item)) continue;
    const id = (item as { id?: unknown }).id;
    if (typeof id === "string" || typeof id === "number") ids.push(id);
  }
  return ids;
}
