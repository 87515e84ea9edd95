/**
 * The settings of `serve` from the environment and the command line's flags: address, sessions,
 * intervals, and the security settings (`security_config.ts`). The command line (`cli.ts`) reads
 * the arguments and hands the flags over; `serve` takes the result.
 *
 * @module
 */
import {
  isLoopbackHost,
  SECRET_VARIABLES,
  type SecurityConfig,
  securityConfig,
} from "./security_config.ts";
import {
  integer,
  type Parse,
  parseSetting,
  text,
  Unacceptable,
  UsageError,
  variables,
} from "../settings.ts";
import { DEFAULT_LIMITS } from "../limits.ts";

/** `PORT` and `--port`. */
const port = integer(0, 65535);

/** `HOST` and `--host`: trimmed, not empty. */
const host: Parse<string> = (value) => {
  const trimmed = value.trim();
  if (trimmed.length < 1) throw new Unacceptable("expected an address");
  return trimmed;
};

/**
 * The heartbeat and keep-alive intervals. Bun closes connections idle for 255 s at most (see
 * runtime/serve.ts): stay well below.
 */
const interval = integer(10, 240_000);

/** The settings of `serve`. */
export interface HttpConfig {
  port: number;
  host: string;
  stateless: boolean;
  /** Extra hostnames allowed in `Host`/`Origin`; `*` allows any. */
  allowedHosts: string[];
  heartbeatMs: number;
  keepAliveMs: number;
  maxSessions: number;
  /** `--insecure-no-auth`: listen beyond loopback without tokens. */
  insecureNoAuth: boolean;
  /** Authentication, rate limits, CORS, headers, TLS and limits. */
  security: SecurityConfig;
}

/** The flags of `serve`, as given on the command line. */
export interface ServeFlags {
  port?: string;
  host?: string;
  stateless?: boolean;
  insecure?: boolean;
}

/** The `serve` settings from environment and flags (the flags win). */
export function httpConfig(
  env: (name: string) => string | undefined,
  flags: ServeFlags,
): HttpConfig {
  const read = variables(env, SECRET_VARIABLES);
  const data = {
    PORT: read("PORT", port, 8443),
    HOST: read("HOST", host, "127.0.0.1"),
    ALLOWED_HOSTS: read("ALLOWED_HOSTS", text, ""),
    HEARTBEAT_INTERVAL_MS: read("HEARTBEAT_INTERVAL_MS", interval, DEFAULT_LIMITS.heartbeatMs),
    KEEPALIVE_INTERVAL_MS: read("KEEPALIVE_INTERVAL_MS", interval, DEFAULT_LIMITS.keepAliveMs),
    MAX_SESSIONS: read("MAX_SESSIONS", integer(1, 100_000), DEFAULT_LIMITS.maxSessions),
  };
  const flagPort = flags.port === undefined ? undefined : parseSetting("--port", flags.port, port);
  const flagHost = flags.host === undefined ? undefined : parseSetting("--host", flags.host, host);
  const security = securityConfig(env, { host: flagHost ?? data.HOST });
  const config: HttpConfig = {
    port: flagPort ?? data.PORT,
    host: flagHost ?? data.HOST,
    stateless: flags.stateless === true,
    allowedHosts: data.ALLOWED_HOSTS.split(",").map((h) => h.trim()).filter(Boolean),
    heartbeatMs: data.HEARTBEAT_INTERVAL_MS,
    keepAliveMs: data.KEEPALIVE_INTERVAL_MS,
    maxSessions: data.MAX_SESSIONS,
    insecureNoAuth: flags.insecure === true,
    security,
  };
  if (security.tokens.length === 0 && !isLoopbackHost(config.host) && !config.insecureNoAuth) {
    throw new UsageError(
      `Refusing to listen on ${config.host} without AUTH_TOKENS: anyone who can reach it could ` +
        "change the repository. Set AUTH_TOKENS, bind a loopback address (--host 127.0.0.1), " +
        "or pass --insecure-no-auth",
    );
  }
  return config;
}
