/**
 * What every route and middleware of the HTTP app shares: the Hono environment (the connection
 * and the per-request variables), the shape of an edge step and the one way to set a header on a
 * finished response. A leaf: middleware and routes import it, it imports nothing of the app.
 *
 * @module
 */
import type { Context } from "hono";
import type { ConnectionInfo } from "../runtime/serve.ts";

/** The Hono environment of every route. */
export type HttpEnv = {
  Bindings: ConnectionInfo;
  Variables: {
    /** The client's `X-Request-Id` when it is sane, else a generated `req-<uuid>`. */
    requestId: string;
    /** Who is calling, for the audit log; `http` until an authentication middleware sets it. */
    caller: string;
    /** The client's address: the connection's peer, unless a trusted proxy says otherwise. */
    client: string;
    /** The identity of a valid token the request carries (`token:<hash>`), once checked. */
    identity: string | undefined;
    /** The W3C trace id of an MCP request's `_meta.traceparent`, for the request log line. */
    traceId?: string;
    /** When the edge took the request (`performance.now()`). */
    receivedAt: number;
  };
};

/**
 * Work the edge does on every request, around its route (see `http/edge.ts`): plain functions
 * run in one pass, where a chain of middleware would cost a dispatch and a promise each.
 */
export interface EdgeStep {
  /**
   * Before the route: an answer (a refusal) ends the request there; `undefined` goes on. Async
   * only where it must wait (a shared rate limit, a token digest).
   */
  before?(c: Context<HttpEnv>): Response | undefined | Promise<Response | undefined>;
  /**
   * Once the answer is known (the route's, or a later step's refusal): headers, counts, logs.
   * Steps whose `before` ran see it, the last first, as nested middleware would.
   */
  after?(c: Context<HttpEnv>): void;
}

/**
 * Sets a header on the response a handler produced. Handlers return plain `Response`s, whose
 * headers are mutable; one that is not (a fetched response) is copied first.
 */
export function setHeader(c: Context<HttpEnv>, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(name, value);
  }
}
