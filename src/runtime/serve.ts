/**
 * What the HTTP layer asks of the runtime: listen on a port and hand every request to one
 * fetch handler. `serve_bun.ts` and `serve_deno.ts` implement it with `Bun.serve` and
 * `Deno.serve`; nothing else in the source knows which one runs.
 *
 * @module
 */

/** Facts about the connection a request arrived on. */
export interface ConnectionInfo {
  /** The peer's IP address, when the runtime reports it. */
  remoteAddress?: string;
  /**
   * Aborted when the client disconnects before the response is complete, where the runtime
   * reports it without side effects (Bun). Deno's `request.signal` also aborts after every
   * successful response and warns about that legacy behaviour on first use, so it is left out.
   */
  signal?: AbortSignal;
}

/** A Fetch-API request handler, as Hono's `app.fetch`. */
export type FetchHandler = (
  request: Request,
  info: ConnectionInfo,
) => Response | Promise<Response>;

/** Options of {@link Serve}. */
export interface ServeOptions {
  /** The TCP port; `0` picks a free one (read it from {@link ListeningServer.port}). */
  port: number;
  hostname: string;
  /** Aborting stops accepting connections; requests in flight are allowed to finish. */
  signal: AbortSignal;
  /** Serve HTTPS with this certificate chain and private key (PEM text). */
  tls?: { cert: string; key: string };
}

/** A server that is accepting connections. */
export interface ListeningServer {
  /** The address actually bound. */
  hostname: string;
  port: number;
  /** Settles once the server has stopped after `signal` was aborted. */
  finished: Promise<void>;
}

/** Starts a server; rejects when the address cannot be bound. */
export type Serve = (handler: FetchHandler, options: ServeOptions) => Promise<ListeningServer>;

/**
 * Bun closes a connection after `idleTimeout` seconds without traffic (10 by default), and a
 * quiet event stream counts as idle. Servers set the maximum Bun allows; every stream sends a
 * keep-alive well within it (see `KEEPALIVE_INTERVAL_MS`, capped below this value).
 */
export const IDLE_TIMEOUT_SECONDS = 255;
