/**
 * HTTP/1.1 pipelining with authentication on: several requests written in one TCP write, on one
 * connection, each answered in order (RFC 9112 §9.3.2). Bun's server drops a pipelined request
 * whose response is produced a task after it arrived, which is what awaiting a hash of the
 * presented token did.
 */
import { assertEquals } from "@std/assert";
import { withHttpServer } from "./helpers/http_server.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const TOKEN = "pipelining-token-0123456789abcdef";

/** Writes `requests` in one write and reads until `expected` status lines arrived, EOF or 5 s. */
async function pipeline(port: number, requests: string[], expected: number): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const decoder = new TextDecoder();
  let text = "";
  const deadline = setTimeout(() => conn.close(), 5000);
  try {
    await conn.write(new TextEncoder().encode(requests.join("")));
    const buffer = new Uint8Array(65536);
    while ((text.match(/HTTP\/1\.1 \d{3}/g) ?? []).length < expected) {
      const n = await conn.read(buffer).catch(() => null);
      if (n === null) break;
      text += decoder.decode(buffer.subarray(0, n));
    }
  } finally {
    clearTimeout(deadline);
    try {
      conn.close();
    } catch { /* closed by the deadline or the server */ }
  }
  return text;
}

eachTarget("pipelining: three requests in one write with a token are all answered", async (t) => {
  const root = await tempProject();
  await withHttpServer(t, root, async ({ port }) => {
    const auth = `Authorization: Bearer ${TOKEN}\r\n`;
    const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}\r\n`;
    const body = JSON.stringify({ tool: "changes.active", input: {} });
    const post = `POST /sse HTTP/1.1\r\nHost: 127.0.0.1\r\n${auth}` +
      `Content-Type: application/json\r\nAccept: application/json\r\n` +
      `Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`;
    const text = await pipeline(port, [get("/health"), post, get("/health")], 3);
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
    assertEquals(statuses, ["200", "200", "200"], text.slice(0, 2000));
    // And a wrong token is answered 401 for each, in order.
    const wrong = get("/health").replace(TOKEN, "wrong-token-0123456789abcdef");
    const refused = await pipeline(port, [wrong, wrong], 2);
    const codes = [...refused.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
    assertEquals(codes, ["401", "401"], refused.slice(0, 2000));
  }, { env: { AUTH_TOKENS: TOKEN } });
  await Deno.remove(root, { recursive: true });
});
