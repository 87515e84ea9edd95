/**
 * A load generator for the HTTP benchmarks: keep-alive HTTP/1.1 connections on raw sockets,
 * each sending its next request as soon as the previous answer is complete.
 *
 * `fetch` costs the client about as much per request as a small server does to answer it, and
 * the generator shares the machine's cores with the server: measured with it, a fast server
 * looks as fast as the client. This one parses only the status line, the headers it needs and
 * the body's framing (`Content-Length` or chunked), and checks each body with a byte search.
 *
 * @module
 */
import { connect, type Socket } from "node:net";

/** One connection's requests. */
export interface LoadConnection {
  /** Request headers (Host and Content-Length are added). */
  headers: Record<string, string>;
  /** The body of the next request. */
  body(): string;
}

/** Options of {@link httpLoad}. */
export interface HttpLoadOptions {
  url: string;
  method?: string;
  connections: LoadConnection[];
  /** Measured time, after `warmupMs` unmeasured. */
  seconds: number;
  warmupMs?: number;
  /** Bytes every answer must contain (checked on the raw body). */
  expect?: string;
}

/** What {@link httpLoad} measured. */
export interface LoadResult {
  requests: number;
  rps: number;
  /** Latencies in milliseconds. */
  p50: number;
  p99: number;
  /** Bytes of the last answer's body. */
  bodyBytes: number;
}

const CRLF2 = Buffer.from("\r\n\r\n");

/** Runs the load and resolves with its figures; rejects on the first bad answer. */
export function httpLoad(options: HttpLoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const expect = options.expect === undefined ? undefined : Buffer.from(options.expect);
  const method = options.method ?? "POST";
  const latencies: number[] = [];
  let measureFrom = Infinity;
  let stopAt = Infinity;
  let bodyBytes = 0;
  return new Promise((resolve, reject) => {
    let open = options.connections.length;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      reject(error);
    };
    const start = performance.now();
    measureFrom = start + (options.warmupMs ?? 1000);
    stopAt = measureFrom + options.seconds * 1000;
    for (const conn of options.connections) {
      const socket: Socket = connect(Number(url.port), url.hostname);
      socket.setNoDelay(true);
      let buffer: Buffer = Buffer.alloc(0);
      let sentAt = 0;
      const send = () => {
        const body = conn.body();
        let head = `${method} ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\n`;
        for (const [k, v] of Object.entries(conn.headers)) head += `${k}: ${v}\r\n`;
        head += `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
        sentAt = performance.now();
        socket.write(head + body);
      };
      /** The answer at the start of `buffer` (its length and body) once it is complete. */
      const complete = (): { total: number; body: Buffer } | undefined => {
        const end = buffer.indexOf(CRLF2);
        if (end < 0) return undefined;
        const head = buffer.subarray(0, end).toString("latin1");
        if (!head.startsWith("HTTP/1.1 200")) {
          fail(new Error(`unexpected answer: ${head.split("\r\n")[0]}`));
          return undefined;
        }
        const length = /\r\ncontent-length: *(\d+)/i.exec(head);
        if (length) {
          const total = end + 4 + Number(length[1]);
          return buffer.length >= total
            ? { total, body: buffer.subarray(end + 4, total) }
            : undefined;
        }
        if (!/\r\ntransfer-encoding: *chunked/i.test(head)) {
          fail(new Error("an answer with neither Content-Length nor chunked encoding"));
          return undefined;
        }
        const parts: Buffer[] = [];
        let at = end + 4;
        for (;;) {
          const line = buffer.indexOf("\r\n", at);
          if (line < 0) return undefined;
          const size = parseInt(buffer.subarray(at, line).toString("latin1"), 16);
          if (buffer.length < line + 2 + size + 2) return undefined;
          if (size === 0) return { total: line + 4, body: Buffer.concat(parts) };
          parts.push(buffer.subarray(line + 2, line + 2 + size));
          at = line + 2 + size + 2;
        }
      };
      socket.on("connect", send);
      socket.on("data", (chunk: Buffer) => {
        buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
        const answer = complete();
        if (!answer) return;
        const now = performance.now();
        if (expect && answer.body.indexOf(expect) < 0) {
          fail(new Error(`answer without ${options.expect}: ${answer.body.subarray(0, 200)}`));
          return;
        }
        bodyBytes = answer.body.length;
        buffer = buffer.subarray(answer.total);
        if (sentAt >= measureFrom && now <= stopAt) latencies.push(now - sentAt);
        if (now < stopAt && !failed) send();
        else socket.end();
      });
      socket.on("error", fail);
      socket.on("close", () => {
        if (--open > 0 || failed) return;
        latencies.sort((a, b) => a - b);
        const at = (p: number) =>
          latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
        resolve({
          requests: latencies.length,
          rps: latencies.length / options.seconds,
          p50: at(0.5),
          p99: at(0.99),
          bodyBytes,
        });
      });
    }
  });
}
