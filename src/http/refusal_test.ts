import { assertEquals, assertMatch } from "@std/assert";
import { Hono } from "hono";
import { ERROR_CODES, type ErrorCode } from "../errors.ts";
import type { HttpEnv } from "./context.ts";
import { refusal, type RefusalOptions } from "./refusal.ts";

/** The answer of an app whose every request is refused with `code` and `options`. */
async function refused(code: ErrorCode, options: RefusalOptions): Promise<Response> {
  const app = new Hono<HttpEnv>();
  app.use("*", (c) => {
    c.set("requestId", "req-7");
    return Promise.resolve(refusal(c, code, options));
  });
  return await app.request("/");
}

Deno.test("refusal: every code of the table answers its status and the reference's body", async () => {
  for (const [code, { status, hint }] of Object.entries(ERROR_CODES)) {
    const res = await refused(code as ErrorCode, { message: `Refused with ${code}` });
    assertEquals(res.status, status, code);
    assertEquals(res.headers.get("content-type"), "application/json", code);
    assertEquals(res.headers.get("api-version"), "1.0.0", code);
    const { timestamp, ...body } = await res.json();
    assertEquals(body, {
      apiVersion: "1.0.0",
      error: { code, message: `Refused with ${code}`, hint },
      requestId: "req-7",
    }, code);
    assertMatch(timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
});

Deno.test("refusal: the HTTP refusal codes and their statuses", () => {
  const statuses = Object.fromEntries(
    ([
      "AUTHENTICATION_FAILED",
      "FORBIDDEN",
      "NOT_FOUND",
      "METHOD_NOT_ALLOWED",
      "CONTENT_TOO_LARGE",
      "RATE_LIMIT_EXCEEDED",
      "INTERNAL_ERROR",
      "SERVICE_UNAVAILABLE",
    ] as const)
      .map((code) => [code, ERROR_CODES[code].status]),
  );
  assertEquals(statuses, {
    AUTHENTICATION_FAILED: 401,
    FORBIDDEN: 403,
    NOT_FOUND: 404,
    METHOD_NOT_ALLOWED: 405,
    CONTENT_TOO_LARGE: 413,
    RATE_LIMIT_EXCEEDED: 429,
    INTERNAL_ERROR: 500,
    SERVICE_UNAVAILABLE: 503,
  });
});

Deno.test("refusal: hint, fields, details and headers; the error keeps the reference's order", async () => {
  const res = await refused("RATE_LIMIT_EXCEEDED", {
    message: "Rate limit exceeded",
    hint: "Try again in 3 seconds",
    fields: { retryAfter: 3 },
    details: { limit: 60 },
    headers: { "Retry-After": "3" },
  });
  assertEquals([res.status, res.headers.get("retry-after")], [429, "3"]);
  const body = await res.json();
  assertEquals(Object.keys(body), ["apiVersion", "error", "requestId", "timestamp"]);
  assertEquals(
    JSON.stringify(body.error),
    JSON.stringify({
      code: "RATE_LIMIT_EXCEEDED",
      message: "Rate limit exceeded",
      hint: "Try again in 3 seconds",
      retryAfter: 3,
      details: { limit: 60 },
    }),
  );
});

Deno.test("refusal: a status of its own where one code answers two situations", async () => {
  const res = await refused("REQUEST_TIMEOUT", { message: "Too slow", status: 408 });
  assertEquals([res.status, (await res.json()).error.code], [408, "REQUEST_TIMEOUT"]);
});

Deno.test("refusal: jsonRpc answers a JSON-RPC error without id, with the table's status", async () => {
  const res = await refused("METHOD_NOT_ALLOWED", {
    message: "Method not allowed",
    jsonRpc: -32000,
    headers: { Allow: "GET, POST, DELETE" },
  });
  assertEquals([res.status, res.headers.get("allow")], [405, "GET, POST, DELETE"]);
  assertEquals(await res.json(), {
    jsonrpc: "2.0",
    error: { code: -32000, message: "Method not allowed" },
    id: null,
  });
});
