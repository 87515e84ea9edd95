import { assert, assertEquals, assertThrows } from "@std/assert";
import { HELP, parseConfig, UsageError } from "./cli.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];
const serve = (vars: Record<string, string>, args: string[] = []) =>
  parseConfig(["serve", ...args], env(vars)).http;

Deno.test("config: the defaults are the API reference's", () => {
  const { security } = serve({ AUTH_TOKENS: "t0ken" });
  assertEquals(security.rateLimit.limit, 60);
  assertEquals(serve({}).security.tokens, []);
  assertEquals(security.rateLimit.burst, 90);
  assertEquals(security.rateLimit.windowMs, 60_000);
  assertEquals(security.rateLimit.onRedisFailure, "open");
  assertEquals(security.allowedOrigins, ["http://localhost:3000", "https://localhost:3000"]);
  assertEquals(security.securityHeaders, true);
  assertEquals(security.maxRequestBodyBytes, 1024 * 1024);
  assertEquals(security.maxResponseBytes, 1024 * 1024);
  assertEquals(security.requestTimeoutMs, 30_000);
  assertEquals(security.trustProxy, false);
  assertEquals(parseConfig(["stdio"], env({})).maxLineLength, 10_240 * 1024);
});

Deno.test("config: a bad value is one line naming the variable and what it accepts", () => {
  const bad: [Record<string, string>, string][] = [
    [{ RATE_LIMIT: "lots" }, 'Invalid RATE_LIMIT "lots": expected an integer from 0 to 1000000'],
    [{ RATE_LIMIT_BURST: "0" }, 'Invalid RATE_LIMIT_BURST "0": expected an integer from 1 to'],
    [{ RATE_LIMIT_WINDOW_MS: "1.5" }, "Invalid RATE_LIMIT_WINDOW_MS"],
    [{ REQUEST_TIMEOUT_MS: "10" }, 'Invalid REQUEST_TIMEOUT_MS "10": expected an integer from 100'],
    [{ MAX_RESPONSE_SIZE_KB: "-1" }, "Invalid MAX_RESPONSE_SIZE_KB"],
    [{ MAX_REQUEST_BODY_KB: "0" }, "Invalid MAX_REQUEST_BODY_KB"],
    [{ TRUST_PROXY: "yes" }, 'Invalid TRUST_PROXY "yes": expected true or false'],
    [{ SECURITY_HEADERS_ENABLED: "on" }, "Invalid SECURITY_HEADERS_ENABLED"],
    [
      { RATE_LIMIT_REDIS_FAILURE: "maybe" },
      'Invalid RATE_LIMIT_REDIS_FAILURE "maybe": expected open or closed',
    ],
    [{ ALLOWED_ORIGINS: "*" }, "Invalid ALLOWED_ORIGINS"],
    [{ ALLOWED_ORIGINS: "https://a.example.com/path" }, "Invalid ALLOWED_ORIGINS"],
    [{ ENABLE_DISTRIBUTED_RATE_LIMIT: "true" }, "Invalid REDIS_URL: required when"],
    [{ ENABLE_DISTRIBUTED_RATE_LIMIT: "true", REDIS_URL: "http://x" }, "Invalid REDIS_URL"],
    [{ TLS_CERT_FILE: "/etc/cert.pem" }, "Invalid TLS_KEY_FILE: TLS_CERT_FILE and TLS_KEY_FILE"],
    [{ LOG_LEVEL: "loud" }, 'Invalid LOG_LEVEL "loud": expected one of debug, info, warn, error'],
    [{ MAX_LINE_KB: "0" }, "Invalid MAX_LINE_KB"],
  ];
  for (const [vars, message] of bad) {
    const error = assertThrows(() => serve(vars), UsageError);
    assert(error.message.startsWith(message), `${JSON.stringify(vars)}: ${error.message}`);
    assert(!error.message.includes("\n"));
  }
});

Deno.test("config: rate limiting is off by default only without tokens on loopback", () => {
  // Every local client shares the one loopback address: a per-address limit would cap them all.
  assertEquals(serve({}).security.rateLimit.limit, 0);
  assertEquals(serve({}, ["--host", "::1"]).security.rateLimit.limit, 0);
  // An explicit RATE_LIMIT still applies.
  assertEquals(serve({ RATE_LIMIT: "60" }).security.rateLimit.limit, 60);
  // With tokens, behind a proxy, or beyond loopback the limit stays on.
  assertEquals(serve({ AUTH_TOKENS: "t0ken" }).security.rateLimit.limit, 60);
  assertEquals(serve({ TRUST_PROXY: "true" }).security.rateLimit.limit, 60);
  const open = serve({}, ["--host", "0.0.0.0", "--insecure-no-auth"]);
  assertEquals(open.security.rateLimit.limit, 60);
});

Deno.test("config: MCP_REQUEST_STATE_KEY is 32+ bytes of hex or base64, never repeated", () => {
  const hex = "ab".repeat(32);
  for (const command of ["serve", "stdio"]) {
    const config = parseConfig([command], env({ MCP_REQUEST_STATE_KEY: hex }));
    assertEquals(config.requestStateKey?.byteLength, 32);
    assertEquals(parseConfig([command], env({})).requestStateKey, undefined);
  }
  const base64 = btoa(String.fromCharCode(...new Uint8Array(48).fill(7)));
  assertEquals(
    parseConfig(["serve"], env({ MCP_REQUEST_STATE_KEY: base64 })).requestStateKey?.byteLength,
    48,
  );
  for (const bad of ["hunter2-too-short", "ab".repeat(16)]) {
    const error = assertThrows(
      () => parseConfig(["stdio"], env({ MCP_REQUEST_STATE_KEY: bad })),
      UsageError,
    );
    assert(error.message.startsWith("Invalid MCP_REQUEST_STATE_KEY:"), error.message);
    assert(!error.message.includes(bad), error.message);
  }
});

Deno.test("config: secrets are never repeated in an error", () => {
  for (
    const [name, value] of [
      ["AUTH_TOKENS", "good-token,bad token with spaces"],
      ["REDIS_URL", "ftp://user:hunter2@redis"],
    ]
  ) {
    const vars: Record<string, string> = { [name!]: value!, ENABLE_DISTRIBUTED_RATE_LIMIT: "true" };
    if (name === "AUTH_TOKENS") vars.REDIS_URL = "redis://127.0.0.1";
    const error = assertThrows(() => serve(vars), UsageError);
    assert(error.message.startsWith(`Invalid ${name}:`), error.message);
    assert(!error.message.includes("hunter2") && !error.message.includes("good-token"));
  }
});

Deno.test("config: without tokens only loopback addresses are served, unless told otherwise", () => {
  for (const host of ["127.0.0.1", "127.0.1.1", "localhost", "::1", "[::1]"]) {
    assertEquals(serve({}, ["--host", host]).host, host);
  }
  for (const host of ["0.0.0.0", "::", "192.168.1.10", "example.com"]) {
    const error = assertThrows(() => serve({}, ["--host", host]), UsageError);
    assert(error.message.includes(`Refusing to listen on ${host} without AUTH_TOKENS`));
    assert(error.message.includes("--insecure-no-auth"));
    assertEquals(serve({ AUTH_TOKENS: "abcdef0123" }, ["--host", host]).host, host);
    assertEquals(serve({}, ["--host", host, "--insecure-no-auth"]).insecureNoAuth, true);
  }
  assertThrows(() => serve({ HOST: "0.0.0.0" }), UsageError, "Refusing");
  assertThrows(() => parseConfig(["stdio", "--insecure-no-auth"], env({})), UsageError, "serve");
});

Deno.test("config: --help lists every variable", () => {
  for (
    const name of [
      "AUTH_TOKENS",
      "RATE_LIMIT",
      "RATE_LIMIT_BURST",
      "RATE_LIMIT_WINDOW_MS",
      "RATE_LIMIT_MAX_CLIENTS",
      "TRUST_PROXY",
      "ENABLE_DISTRIBUTED_RATE_LIMIT",
      "REDIS_URL",
      "REDIS_TIMEOUT_MS",
      "RATE_LIMIT_REDIS_FAILURE",
      "MCP_REQUEST_STATE_KEY",
      "ALLOWED_ORIGINS",
      "SECURITY_HEADERS_ENABLED",
      "TLS_CERT_FILE",
      "TLS_KEY_FILE",
      "MAX_REQUEST_BODY_KB",
      "MAX_RESPONSE_SIZE_KB",
      "REQUEST_TIMEOUT_MS",
      "BODY_TIMEOUT_MS",
      "MAX_STREAMS",
      "MAX_STREAM_BUFFER_KB",
      "MAX_LINE_KB",
      "DEBUG",
      "--insecure-no-auth",
    ]
  ) assert(HELP.includes(name), name);
});
