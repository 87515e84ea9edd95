import { assertEquals, assertThrows } from "@std/assert";
import { HELP, parseConfig, UsageError } from "./cli.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("serve takes --port, --host and --stateless; the flags win over PORT and HOST", () => {
  const { security: _security, insecureNoAuth, ...defaults } = parseConfig(["serve"], env({})).http;
  assertEquals(insecureNoAuth, false);
  assertEquals(defaults, {
    port: 8443,
    host: "127.0.0.1",
    stateless: false,
    allowedHosts: [],
    heartbeatMs: 25_000,
    keepAliveMs: 15_000,
    maxSessions: 1000,
  });
  const fromEnv = parseConfig(
    ["serve"],
    env({
      PORT: "9000",
      HOST: "0.0.0.0",
      AUTH_TOKENS: "token-for-tests",
      ALLOWED_HOSTS: "a.example.com, b.example.com",
      HEARTBEAT_INTERVAL_MS: "100",
      KEEPALIVE_INTERVAL_MS: "50",
      MAX_SESSIONS: "5",
    }),
  ).http;
  assertEquals(fromEnv.port, 9000);
  assertEquals(fromEnv.allowedHosts, ["a.example.com", "b.example.com"]);
  assertEquals([fromEnv.heartbeatMs, fromEnv.keepAliveMs, fromEnv.maxSessions], [100, 50, 5]);
  const flags = parseConfig(
    ["serve", "--port", "0", "--host=::1", "--stateless", "--root", "/tmp"],
    env({ PORT: "9000", HOST: "0.0.0.0" }),
  );
  assertEquals([flags.http.port, flags.http.host, flags.http.stateless], [0, "::1", true]);
  assertEquals(flags.root, "/tmp");
});

Deno.test("bad serve settings are usage errors; other commands ignore the HTTP variables", () => {
  const bad: [string[], Record<string, string>, RegExp][] = [
    [["serve", "--port", "70000"], {}, /--port/],
    [["serve", "--port", "http"], {}, /--port/],
    [["serve", "--port"], {}, /--port needs a number/],
    [["serve"], { PORT: "-1" }, /PORT/],
    [["serve"], { KEEPALIVE_INTERVAL_MS: "300000" }, /KEEPALIVE_INTERVAL_MS/],
    [["stdio", "--port", "1"], {}, /only applies to the serve command/],
    [["stdio", "--stateless"], {}, /only applies/],
  ];
  for (const [args, vars, message] of bad) {
    const error = assertThrows(() => parseConfig(args, env(vars)), UsageError);
    assertEquals(message.test(error.message), true, `${args.join(" ")}: ${error.message}`);
  }
  assertEquals(parseConfig(["stdio"], env({ PORT: "not a port" })).command, "stdio");
  for (const word of ["serve", "--port", "--host", "--stateless", "PORT", "ALLOWED_HOSTS"]) {
    assertEquals(HELP.includes(word), true, word);
  }
});

Deno.test("config takes --token-env and --embed-token, and only config does", () => {
  const config = parseConfig(
    ["config", "cursor", "--url", "https://h.example", "--token-env", "SPECS", "--embed-token"],
    () => undefined,
  );
  assertEquals([config.tokenEnv, config.embedToken], ["SPECS", true]);
  assertThrows(
    () => parseConfig(["stdio", "--embed-token"], () => undefined),
    Error,
    "--embed-token",
  );
  assertThrows(
    () => parseConfig(["stdio", "--token-env", "X"], () => undefined),
    Error,
    "--token-env",
  );
});
