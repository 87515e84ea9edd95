/**
 * Outgoing TCP (and TLS) connections, for the Redis client of the distributed rate limiter.
 *
 * `node:net` and `node:tls` behave the same on Bun and Deno, so one implementation serves both.
 * They are imported on first use: stdio start-up and servers without Redis never load them.
 *
 * @module
 */

/** An open connection. */
export interface TcpConnection {
  /** Queues bytes for sending. */
  write(bytes: Uint8Array): void;
  /** Closes the connection; `onClose` follows. */
  close(): void;
}

/** What {@link connectTcp} needs. */
export interface TcpConnectOptions {
  host: string;
  port: number;
  /** Wrap the connection in TLS (`rediss://`), checking the certificate against `host`. */
  tls?: boolean;
  /** Give up connecting after this long. */
  timeoutMs: number;
  /** Bytes as they arrive. */
  onData(chunk: Uint8Array): void;
  /** Called once when the connection ends, with the error if it failed. */
  onClose(error?: Error): void;
}

/** Opens a connection; rejects when it cannot be established within `timeoutMs`. */
export type ConnectTcp = (options: TcpConnectOptions) => Promise<TcpConnection>;

interface NodeSocket {
  write(data: Uint8Array): boolean;
  destroy(error?: Error): void;
  setNoDelay(noDelay: boolean): void;
  on(event: string, listener: (arg?: unknown) => void): void;
  once(event: string, listener: (arg?: unknown) => void): void;
  removeAllListeners(event: string): void;
}

/**
 * Connects with `node:net` (or `node:tls`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { connectTcp } from "./tcp.ts";
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const closed = Promise.withResolvers<void>();
 * const connection = await connectTcp({
 *   host: "127.0.0.1",
 *   port: listener.addr.port,
 *   timeoutMs: 1000,
 *   onData: () => {},
 *   onClose: () => closed.resolve(),
 * });
 * const peer = await listener.accept();
 * connection.write(new TextEncoder().encode("PING\r\n"));
 * const buffer = new Uint8Array(6);
 * assertEquals(await peer.read(buffer), 6);
 * connection.close();
 * await closed.promise;
 * peer.close();
 * listener.close();
 * ```
 */
export const connectTcp: ConnectTcp = async (options) => {
  const socket: NodeSocket = options.tls
    ? (await import("node:tls")).connect({
      host: options.host,
      port: options.port,
      servername: options.host,
    }) as unknown as NodeSocket
    : (await import("node:net")).connect({
      host: options.host,
      port: options.port,
    }) as unknown as NodeSocket;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`Connecting to ${options.host}:${options.port} timed out`));
    }, options.timeoutMs);
    socket.once(options.tls ? "secureConnect" : "connect", () => {
      clearTimeout(timer);
      socket.removeAllListeners("error");
      resolve();
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
  socket.setNoDelay(true);
  let closed = false;
  let failure: Error | undefined;
  socket.on("data", (chunk) => options.onData(chunk as Uint8Array));
  socket.on(
    "error",
    (error) => failure = error instanceof Error ? error : new Error(String(error)),
  );
  socket.on("close", () => {
    if (closed) return;
    closed = true;
    options.onClose(failure);
  });
  return {
    write: (bytes) => void socket.write(bytes),
    close: () => socket.destroy(),
  };
};
