/**
 * A throwaway `redis-server` on a free loopback port, for the tests of the distributed rate
 * limit. Without `redis-server` on the PATH, {@link redisSkipReason} says why the tests skip.
 *
 * @module
 */

/** A running server. */
export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server (SIGKILL: an outage, as far as clients can tell). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
}

function which(name: string): string | undefined {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      if (Deno.statSync(`${dir}/${name}`).isFile) return `${dir}/${name}`;
    } catch { /* not here */ }
  }
  return undefined;
}

const REDIS = which("redis-server");

/** Why Redis tests cannot run here, or `undefined`; printed once when they skip. */
export const redisSkipReason: string | undefined = REDIS
  ? undefined
  : "redis-server is not installed (apt-get install redis-server): distributed rate-limit tests skipped";
if (redisSkipReason) console.warn(`⚠ ${redisSkipReason}`);

/** A free TCP port on 127.0.0.1. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/**
 * Starts `redis-server --port N --save '' --appendonly no` (plus `args`) and waits until it
 * answers (`password`: the one `--requirepass` sets).
 */
export async function startRedis(args: string[] = [], password?: string): Promise<TestRedis> {
  const port = freePort();
  let process: Deno.ChildProcess;
  const start = async () => {
    process = new Deno.Command(REDIS!, {
      args: [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        ...args,
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    for (let i = 0; i < 200; i++) {
      try {
        const conn = await Deno.connect({ hostname: "127.0.0.1", port });
        const auth = password ? `AUTH ${password}\r\n` : "";
        await conn.write(new TextEncoder().encode(`${auth}PING\r\n`));
        const buf = new Uint8Array(64);
        const n = await conn.read(buf);
        conn.close();
        if (new TextDecoder().decode(buf.subarray(0, n ?? 0)).includes("+PONG")) return;
      } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error("redis-server did not start");
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      try {
        process.kill("SIGKILL");
      } catch { /* gone */ }
      await process.status;
    },
    restart: start,
  };
}
