/**
 * {@link Serve} on Deno, with `Deno.serve`.
 *
 * @module
 */
import type { FetchHandler, ListeningServer, ServeOptions } from "./serve.ts";

/**
 * Serves `handler` with `Deno.serve`. Aborting `signal` calls `shutdown()`, Deno's graceful
 * stop: no new connections, in-flight responses (open streams included) run to their end. (Deno's
 * own `signal` option closes every connection at once instead, cutting streams mid-event.)
 *
 * @example
 * ```ts
 * import { denoServe } from "./serve_deno.ts";
 * const stop = new AbortController();
 * const server = await denoServe(() => new Response("ok"), {
 *   port: 0,
 *   hostname: "127.0.0.1",
 *   signal: stop.signal,
 * });
 * stop.abort();
 * await server.finished;
 * ```
 */
export function denoServe(handler: FetchHandler, options: ServeOptions): Promise<ListeningServer> {
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = serve(handler, options);
  } catch (error) {
    return Promise.reject(error); // e.g. the port is taken
  }
  const stop = () => void server.shutdown().catch(() => {});
  if (options.signal.aborted) stop();
  else options.signal.addEventListener("abort", stop, { once: true });
  const addr = server.addr;
  return Promise.resolve({ hostname: addr.hostname, port: addr.port, finished: server.finished });
}

function serve(handler: FetchHandler, options: ServeOptions): Deno.HttpServer<Deno.NetAddr> {
  const serveOptions = {
    port: options.port,
    hostname: options.hostname,
    // The default prints "Listening on …" to stdout; we log the address ourselves, on stderr.
    onListen() {},
  };
  const handle = (request: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>) =>
    handler(request, { remoteAddress: info.remoteAddr.hostname });
  if (options.tls) {
    return Deno.serve({ ...serveOptions, cert: options.tls.cert, key: options.tls.key }, handle);
  }
  return Deno.serve(serveOptions, handle);
}
