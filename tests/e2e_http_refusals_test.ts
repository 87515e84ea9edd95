/**
 * The HTTP refusals of a running server (compiled binary and source under Deno), one of each
 * family, in the shape the README documents: the API reference's
 * `{apiVersion, error: {code, message, hint, details?}, requestId, timestamp}` with the status of
 * the error code table, or a JSON-RPC error without `id` where an MCP client reads it (the
 * Host/Origin guard, the MCP endpoint's 405).
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { withHttpServer } from "./helpers/http_server.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const TOKEN = "refusals-token-0123456789abcdef";
const AUTH = { Authorization: `Bearer ${TOKEN}` };

/** Checks the reference's error body of `res`, and returns its `error`. */
async function envelopeRefusal(res: Response, status: number, code: string) {
  assertEquals([res.status, res.headers.get("content-type")], [status, "application/json"]);
  assertEquals(res.headers.get("api-version"), "1.0.0");
  const body = await res.json();
  assertEquals(Object.keys(body), ["apiVersion", "error", "requestId", "timestamp"], code);
  assertEquals([body.apiVersion, body.error.code], ["1.0.0", code]);
  assertEquals(body.requestId, res.headers.get("x-request-id"));
  assertEquals([typeof body.error.message, typeof body.error.hint], ["string", "string"]);
  assert(!Number.isNaN(Date.parse(body.timestamp)));
  return body.error;
}

/** Checks a JSON-RPC error body without `id`, and returns its `error`. */
async function jsonRpcRefusal(res: Response, status: number) {
  assertEquals(res.status, status);
  const body = await res.json();
  assertEquals([body.jsonrpc, body.id, typeof body.error.code], ["2.0", null, "number"]);
  return body.error;
}

eachTarget("refusals: 401, 403, 404, 405, 413 and 429 in their documented shapes", async (t) => {
  await withHttpServer(t, await tempProject(), async ({ url }) => {
    const unauthorized = await fetch(`${url}/sse`, { method: "POST", body: "{}" });
    assertEquals(unauthorized.headers.get("www-authenticate"), 'Bearer realm="task-mcp"');
    const auth = await envelopeRefusal(unauthorized, 401, "AUTHENTICATION_FAILED");
    assertEquals(auth.details, { provided: false, configured_tokens: 1 });

    const foreign = await fetch(`${url}/health`, {
      headers: { ...AUTH, Origin: "http://evil.example.com" },
    });
    assertMatch((await jsonRpcRefusal(foreign, 403)).message, /^Forbidden: Origin/);
    // A loopback origin passes the guard; CORS refuses its preflight unless it is allowed.
    const preflight = await fetch(`${url}/mcp`, {
      method: "OPTIONS",
      headers: { Origin: "http://localhost:9", "Access-Control-Request-Method": "POST" },
    });
    const cors = await envelopeRefusal(preflight, 403, "FORBIDDEN");
    assertEquals(cors.hint, "Add the origin to ALLOWED_ORIGINS");

    const missing = await envelopeRefusal(
      await fetch(`${url}/nope`, { headers: AUTH }),
      404,
      "NOT_FOUND",
    );
    assertEquals(missing.message, "No route for GET /nope");

    const put = await fetch(`${url}/mcp`, { method: "PUT", headers: AUTH });
    assertEquals(put.headers.get("allow"), "GET, POST, DELETE");
    assertEquals((await jsonRpcRefusal(put, 405)).message, "Method not allowed");

    const big = JSON.stringify({ tool: "changes.active", input: {}, pad: "x".repeat(2048) });
    const tooLarge = await fetch(`${url}/sse`, { method: "POST", headers: AUTH, body: big });
    const large = await envelopeRefusal(tooLarge, 413, "CONTENT_TOO_LARGE");
    assertEquals(large.details, { limit: 1024 });

    // Three requests of the token so far: the burst is spent.
    const limited = await fetch(`${url}/health`, { headers: AUTH });
    assertEquals(limited.headers.get("retry-after") !== null, true);
    const rate = await envelopeRefusal(limited, 429, "RATE_LIMIT_EXCEEDED");
    assertEquals(typeof rate.retryAfter, "number");
  }, {
    env: {
      AUTH_TOKENS: TOKEN,
      RATE_LIMIT: "1",
      RATE_LIMIT_BURST: "3",
      RATE_LIMIT_WINDOW_MS: "60000",
      MAX_REQUEST_BODY_KB: "1",
    },
  });
});
