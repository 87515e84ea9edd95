/**
 * The security and limit settings of `task-mcp serve`, read from environment variables and
 * validated once at start-up. A bad value stops the server with one line naming the variable
 * and what it accepts (see `settings.ts`).
 *
 * @module
 */
import {
  boolean,
  integer,
  invalid,
  oneOf,
  type Parse,
  text,
  Unacceptable,
  variables,
} from "../settings.ts";

import { MAX_TOKEN_LENGTH } from "../auth/token_auth.ts";
import { DEFAULT_LIMITS } from "../limits.ts";

// RFC 6750's token68 alphabet: what fits in `Authorization: Bearer` and in a cookie unquoted.
const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** `AUTH_TOKENS`: comma-separated, blanks ignored. */
const tokens: Parse<string[]> = (value) => {
  const list = value.split(",").map((t) => t.trim()).filter(Boolean);
  if (list.every((t) => TOKEN.test(t) && t.length <= MAX_TOKEN_LENGTH)) return list;
  throw new Unacceptable(
    `expected comma-separated tokens of up to ${MAX_TOKEN_LENGTH} characters from A-Z a-z 0-9 - . _ ~ + /`,
  );
};

/** `ALLOWED_ORIGINS`: `none`, or comma-separated origins. */
const origins: Parse<string[]> = (value) => {
  const list = value.trim() === "none" ? [] : value.split(",").map((o) => o.trim()).filter(Boolean);
  if (list.every(isOrigin)) return list;
  throw new Unacceptable(
    "expected none, or comma-separated origins such as https://app.example.com:8080",
  );
};

/** `REDIS_URL`: a `redis:` or `rediss:` URL. */
const redisUrl: Parse<string> = (value) => {
  if (URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol)) return value;
  throw new Unacceptable("expected redis://[user:password@]host[:port][/db] or rediss://…");
};

/** Variables whose values are secret: never repeated in an error message. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  "AUTH_TOKENS",
  "REDIS_URL",
  "MCP_REQUEST_STATE_KEY",
]);

/** The validated settings. */
export interface SecurityConfig {
  /** Accepted bearer tokens; empty: no authentication. */
  tokens: string[];
  rateLimit: {
    /** Requests per window, sustained; 0 turns rate limiting off. */
    limit: number;
    /** Requests a client may make at once. */
    burst: number;
    windowMs: number;
    /** Most clients tracked in memory before the least recently seen are forgotten. */
    maxClients: number;
    /** `redis://` URL when limits are shared between instances. */
    redisUrl?: string;
    redisTimeoutMs: number;
    /** What a Redis outage does: let requests through (`open`) or refuse them (`closed`). */
    onRedisFailure: "open" | "closed";
  };
  /** Take the client address from `X-Forwarded-For` (a reverse proxy in front). */
  trustProxy: boolean;
  allowedOrigins: string[];
  securityHeaders: boolean;
  /** Paths of the PEM certificate chain and key, when serving HTTPS directly. */
  tls?: { certFile: string; keyFile: string };
  maxRequestBodyBytes: number;
  maxResponseBytes: number;
  requestTimeoutMs: number;
  bodyTimeoutMs: number;
  maxStreams: number;
  streamBufferBytes: number;
}

/** What the variables' defaults depend on. */
export interface SecurityConfigOptions {
  /**
   * The address `serve` binds. On a loopback address without `AUTH_TOKENS` (and without
   * `TRUST_PROXY`) rate limiting is off unless `RATE_LIMIT` is set.
   */
  host?: string;
}

/**
 * Reads and checks the variables, in the order `--help` lists them; throws a `UsageError` naming
 * the first bad one.
 *
 * @example
 * ```ts
 * import { securityConfig } from "./security_config.ts";
 * const env: Record<string, string> = { RATE_LIMIT: "120" };
 * const config = securityConfig((name) => env[name]);
 * config.rateLimit.limit; // 120
 * ```
 */
export function securityConfig(
  env: (name: string) => string | undefined,
  options: SecurityConfigOptions = {},
): SecurityConfig {
  const read = variables(env, SECRET_VARIABLES);
  const AUTH_TOKENS = read("AUTH_TOKENS", tokens, []);
  const TRUST_PROXY = read("TRUST_PROXY", boolean, false);
  // Without tokens on a loopback address, every client is a local process sharing one address:
  // a per-address limit would cap all local use together (an IDE, a CLI and a test suite trip it
  // within a second) and protect nothing, since a local process can do anything the server can.
  // Behind a proxy on loopback (TRUST_PROXY) the addresses are remote ones again: limit them.
  const localOnly = AUTH_TOKENS.length === 0 && !TRUST_PROXY && options.host !== undefined &&
    isLoopbackHost(options.host);
  const RATE_LIMIT = read("RATE_LIMIT", integer(0, 1_000_000), localOnly ? 0 : 60);
  const RATE_LIMIT_BURST = read("RATE_LIMIT_BURST", integer(1, 1_000_000), 90);
  const RATE_LIMIT_WINDOW_MS = read("RATE_LIMIT_WINDOW_MS", integer(100, 86_400_000), 60_000);
  const RATE_LIMIT_MAX_CLIENTS = read("RATE_LIMIT_MAX_CLIENTS", integer(100, 10_000_000), 100_000);
  const ENABLE_DISTRIBUTED_RATE_LIMIT = read("ENABLE_DISTRIBUTED_RATE_LIMIT", boolean, false);
  const REDIS_URL = read("REDIS_URL", redisUrl, undefined);
  const REDIS_TIMEOUT_MS = read("REDIS_TIMEOUT_MS", integer(10, 60_000), 1000);
  const RATE_LIMIT_REDIS_FAILURE = read(
    "RATE_LIMIT_REDIS_FAILURE",
    oneOf(["open", "closed"], "expected open or closed"),
    "open",
  );
  const ALLOWED_ORIGINS = read("ALLOWED_ORIGINS", origins, [
    "http://localhost:3000",
    "https://localhost:3000",
  ]);
  const SECURITY_HEADERS_ENABLED = read("SECURITY_HEADERS_ENABLED", boolean, true);
  const TLS_CERT_FILE = read("TLS_CERT_FILE", text, undefined);
  const TLS_KEY_FILE = read("TLS_KEY_FILE", text, undefined);
  const MAX_REQUEST_BODY_KB = read(
    "MAX_REQUEST_BODY_KB",
    integer(1, 1_048_576),
    DEFAULT_LIMITS.maxBodyBytes / 1024,
  );
  const MAX_RESPONSE_SIZE_KB = read(
    "MAX_RESPONSE_SIZE_KB",
    integer(1, 1_048_576),
    DEFAULT_LIMITS.maxResponseBytes / 1024,
  );
  const REQUEST_TIMEOUT_MS = read(
    "REQUEST_TIMEOUT_MS",
    integer(100, 3_600_000),
    DEFAULT_LIMITS.requestTimeoutMs,
  );
  const BODY_TIMEOUT_MS = read(
    "BODY_TIMEOUT_MS",
    integer(100, 600_000),
    DEFAULT_LIMITS.bodyTimeoutMs,
  );
  const MAX_STREAMS = read("MAX_STREAMS", integer(1, 100_000), DEFAULT_LIMITS.maxStreams);
  const MAX_STREAM_BUFFER_KB = read(
    "MAX_STREAM_BUFFER_KB",
    integer(16, 1_048_576),
    DEFAULT_LIMITS.streamBufferBytes / 1024,
  );
  // Checks across variables, once each is valid on its own.
  if (ENABLE_DISTRIBUTED_RATE_LIMIT && !REDIS_URL) {
    throw invalid("REDIS_URL", undefined, "required when ENABLE_DISTRIBUTED_RATE_LIMIT=true");
  }
  if ((TLS_CERT_FILE === undefined) !== (TLS_KEY_FILE === undefined)) {
    const missing = TLS_CERT_FILE === undefined ? "TLS_CERT_FILE" : "TLS_KEY_FILE";
    throw invalid(missing, undefined, "TLS_CERT_FILE and TLS_KEY_FILE must be set together");
  }
  return {
    tokens: AUTH_TOKENS,
    rateLimit: {
      limit: RATE_LIMIT,
      burst: RATE_LIMIT_BURST,
      windowMs: RATE_LIMIT_WINDOW_MS,
      maxClients: RATE_LIMIT_MAX_CLIENTS,
      redisUrl: ENABLE_DISTRIBUTED_RATE_LIMIT ? REDIS_URL : undefined,
      redisTimeoutMs: REDIS_TIMEOUT_MS,
      onRedisFailure: RATE_LIMIT_REDIS_FAILURE,
    },
    trustProxy: TRUST_PROXY,
    allowedOrigins: ALLOWED_ORIGINS.map((o) => new URL(o).origin),
    securityHeaders: SECURITY_HEADERS_ENABLED,
    tls: TLS_CERT_FILE && TLS_KEY_FILE
      ? { certFile: TLS_CERT_FILE, keyFile: TLS_KEY_FILE }
      : undefined,
    maxRequestBodyBytes: MAX_REQUEST_BODY_KB * 1024,
    maxResponseBytes: MAX_RESPONSE_SIZE_KB * 1024,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    maxStreams: MAX_STREAMS,
    streamBufferBytes: MAX_STREAM_BUFFER_KB * 1024,
  };
}

/** `scheme://host[:port]` with nothing after it. */
function isOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return /^https?:$/.test(url.protocol) && url.pathname === "/" && !url.search && !url.hash &&
    !url.username && !value.endsWith("#") && !value.includes("?");
}

/** Whether `host` (a `--host` value) is a loopback address: nothing else can reach it. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}
