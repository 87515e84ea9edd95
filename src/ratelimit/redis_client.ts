/**
 * A minimal Redis client: one pipelined connection, commands answered in order, a deadline on
 * every command, and a fresh connection on the next command after any failure.
 *
 * It exists so that the shipped binary needs no Redis package; the rate limiter only sends
 * `EVAL` (and `AUTH`/`SELECT` on connect). TCP comes from the runtime layer.
 *
 * @module
 */
import type { ConnectTcp, TcpConnection } from "../runtime/tcp.ts";
import { createRespParser, encodeCommand, RedisReplyError, type RespValue } from "./resp.ts";

/** Options of {@link createRedisClient}. */
export interface RedisClientOptions {
  /** `redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS. */
  url: string;
  connect: ConnectTcp;
  /** Deadline of connecting and of each command. */
  timeoutMs: number;
  /** After a failed connection attempt, commands fail at once for this long; default 1000 ms. */
  retryDelayMs?: number;
}

/** The client. */
export interface RedisClient {
  /** Sends one command; rejects on an error reply, a broken connection or the deadline. */
  command(args: (string | number)[]): Promise<RespValue>;
  close(): void;
}

interface Pending {
  resolve(value: RespValue): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Creates the client; nothing connects until the first command.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { createRedisClient } from "./redis_client.ts";
 * const redis = createRedisClient({
 *   url: "redis://127.0.0.1:6379",
 *   timeoutMs: 500,
 *   // `connectTcp` of the runtime layer in the server; here a stand-in that answers PONG.
 *   connect: (socket) =>
 *     Promise.resolve({
 *       write: () => socket.onData(new TextEncoder().encode("+PONG\r\n")),
 *       close: () => socket.onClose(),
 *     }),
 * });
 * assertEquals(await redis.command(["PING"]), "PONG");
 * redis.close();
 * ```
 */
export function createRedisClient(options: RedisClientOptions): RedisClient {
  const url = new URL(options.url);
  const setup: (string | number)[][] = [];
  const password = decodeURIComponent(url.password);
  const user = decodeURIComponent(url.username);
  if (password) setup.push(user ? ["AUTH", user, password] : ["AUTH", password]);
  const db = Number(url.pathname.slice(1) || 0);
  if (db) setup.push(["SELECT", db]);
  let connection: Promise<TcpConnection> | undefined;
  let pending: Pending[] = [];
  let downUntil = 0;
  let closed = false;

  const fail = (error: Error) => {
    const failed = pending;
    pending = [];
    for (const p of failed) {
      clearTimeout(p.timer);
      p.reject(error);
    }
  };
  const drop = (error: Error) => {
    const current = connection;
    connection = undefined;
    fail(error);
    current?.then((c) => c.close(), () => {});
  };
  const open = (): Promise<TcpConnection> => {
    const parser = createRespParser();
    const opening = options.connect({
      host: url.hostname.replace(/^\[|\]$/g, ""),
      port: Number(url.port || 6379),
      tls: url.protocol === "rediss:",
      timeoutMs: options.timeoutMs,
      onData(chunk) {
        let replies: RespValue[];
        try {
          replies = parser.push(chunk);
        } catch (error) {
          return drop(error as Error);
        }
        for (const reply of replies) {
          const next = pending.shift();
          if (!next) continue;
          clearTimeout(next.timer);
          if (reply instanceof RedisReplyError) next.reject(reply);
          else next.resolve(reply);
        }
      },
      onClose(error) {
        if (connection === opening) drop(error ?? new Error("The Redis connection closed"));
      },
    });
    opening.catch(() => {
      if (connection === opening) connection = undefined;
      downUntil = Date.now() + (options.retryDelayMs ?? 1000);
    });
    return opening;
  };
  const send = (socket: TcpConnection, args: (string | number)[]) =>
    new Promise<RespValue>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A late reply would be matched with the wrong command: start over.
        drop(new Error(`Redis did not answer within ${options.timeoutMs} ms`));
      }, options.timeoutMs);
      pending.push({ resolve, reject, timer });
      socket.write(encodeCommand(args));
    });

  return {
    async command(args) {
      if (closed) throw new Error("The Redis client is closed");
      if (!connection) {
        if (Date.now() < downUntil) throw new Error("Redis is unreachable");
        connection = open();
        const socket = await connection;
        // Queued before any command: replies come back in order, errors surface on use.
        for (const command of setup) send(socket, command).catch(() => {});
      }
      return await send(await connection, args);
    },
    close() {
      closed = true;
      drop(new Error("The Redis client is closed"));
    },
  };
}
