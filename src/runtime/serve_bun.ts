/**
 * {@link Serve} on Bun, with `Bun.serve`.
 *
 * @module
 */
import { type FetchHandler, IDLE_TIMEOUT_SECONDS, type ListeningServer } from "./serve.ts";
import type { ServeOptions } from "./serve.ts";

interface BunServer {
  readonly hostname: string;
  readonly port: number;
  requestIP(request: Request): { address: string } | null;
  stop(closeActiveConnections?: boolean): Promise<void> | void;
}

interface BunServeGlobal {
  serve(options: {
    port: number;
    hostname: string;
    idleTimeout: number;
    tls?: { cert: string; key: string };
    fetch(request: Request, server: BunServer): Response | Promise<Response>;
  }): BunServer;
}

/**
 * Serves `handler` with `Bun.serve`. `idleTimeout` is raised to Bun's maximum so that event
 * streams, which send keep-alives more often than that, are not cut after Bun's default 10 s.
 *
 * @example
 * ```ts
 * import { bunServe } from "./serve_bun.ts";
 * if ("Bun" in globalThis) { // Bun only; Deno has `serve_deno.ts`
 *   const stop = new AbortController();
 *   const server = await bunServe(() => new Response("ok"), {
 *     port: 0,
 *     hostname: "127.0.0.1",
 *     signal: stop.signal,
 *   });
 *   stop.abort();
 *   await server.finished;
 * }
 * ```
 */
export function bunServe(handler: FetchHandler, options: ServeOptions): Promise<ListeningServer> {
  const bun = (globalThis as unknown as { Bun: BunServeGlobal }).Bun;
  let server: BunServer;
  try {
    server = bun.serve({
      port: options.port,
      hostname: options.hostname,
      idleTimeout: IDLE_TIMEOUT_SECONDS,
      ...(options.tls ? { tls: options.tls } : {}),
      fetch: (request, srv) =>
        handler(request, {
          remoteAddress: srv.requestIP(request)?.address,
          signal: request.signal,
        }),
    });
  } catch (error) {
    return Promise.reject(error); // e.g. the port is taken
  }
  const finished = new Promise<void>((resolve) => {
    const stop = () => Promise.resolve(server.stop(false)).then(() => resolve(), () => resolve());
    if (options.signal.aborted) stop();
    else options.signal.addEventListener("abort", stop, { once: true });
  });
  return Promise.resolve({ hostname: server.hostname, port: server.port, finished });
}
