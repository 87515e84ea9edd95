/**
 * The security and limit settings of `task-mcp serve`, read from environment variables and
 * validated once at start-up. A bad value stops the server with one line naming the variable
 * and what it accepts (see `cli.ts`).
 *
 * @module
 */
import { z } from "zod";
import { lazy } from "../mcp/lazy.ts";

/** An integer variable with its range in the error message. */
function int(min: number, max: number) {
  const error = `expected an integer from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

// RFC 6750's token68 alphabet: what fits in `Authorization: Bearer` and in a cookie unquoted.
const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** The variables, their checks and defaults (built on first use: zod costs milliseconds a schema). */
export const securityEnvSchema = lazy(() => {
  const bool = z.enum(["true", "false", "1", "0"], { error: "expected true or false" })
    .transform((value) => value === "true" || value === "1");

  const tokens = z.string().transform((value) => value.split(",").map((t) => t.trim()))
    .transform((list) => list.filter(Boolean))
    .refine((list) => list.every((t) => TOKEN.test(t) && t.length <= 512), {
      error: "expected comma-separated tokens of up to 512 characters from A-Z a-z 0-9 - . _ ~ + /",
    });

  const origins = z.string().transform((value) =>
    value.trim() === "none" ? [] : value.split(",").map((o) => o.trim()).filter(Boolean)
  ).refine((list) => list.every(isOrigin), {
    error: "expected none, or comma-separated origins such as https://app.example.com:8080",
  });

  const redisUrl = z.string().refine(
    (value) => URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol),
    { error: "expected redis://[user:password@]host[:port][/db] or rediss://…" },
  );

  return z.object({
    AUTH_TOKENS: tokens.default([]),
    RATE_LIMIT: int(0, 1_000_000).default(60),
    RATE_LIMIT_BURST: int(1, 1_000_000).default(90),
    RATE_LIMIT_WINDOW_MS: int(100, 86_400_000).default(60_000),
    RATE_LIMIT_MAX_CLIENTS: int(100, 10_000_000).default(100_000),
    TRUST_PROXY: bool.default(false),
    ENABLE_DISTRIBUTED_RATE_LIMIT: bool.default(false),
    REDIS_URL: redisUrl.optional(),
    REDIS_TIMEOUT_MS: int(10, 60_000).default(1000),
    RATE_LIMIT_REDIS_FAILURE: z.enum(["open", "closed"], { error: "expected open or closed" })
      .default("open"),
    ALLOWED_ORIGINS: origins.default(["http://localhost:3000", "https://localhost:3000"]),
    SECURITY_HEADERS_ENABLED: bool.default(true),
    TLS_CERT_FILE: z.string().min(1).optional(),
    TLS_KEY_FILE: z.string().min(1).optional(),
    MAX_REQUEST_BODY_KB: int(1, 1_048_576).default(1024),
    MAX_RESPONSE_SIZE_KB: int(1, 1_048_576).default(1024),
    REQUEST_TIMEOUT_MS: int(100, 3_600_000).default(30_000),
    BODY_TIMEOUT_MS: int(100, 600_000).default(10_000),
    MAX_STREAMS: int(1, 100_000).default(1000),
    MAX_STREAM_BUFFER_KB: int(16, 1_048_576).default(8192),
  }).superRefine((env, ctx) => {
    if (env.ENABLE_DISTRIBUTED_RATE_LIMIT && !env.REDIS_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["REDIS_URL"],
        message: "required when ENABLE_DISTRIBUTED_RATE_LIMIT=true",
      });
    }
    if ((env.TLS_CERT_FILE === undefined) !== (env.TLS_KEY_FILE === undefined)) {
      const missing = env.TLS_CERT_FILE === undefined ? "TLS_CERT_FILE" : "TLS_KEY_FILE";
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message: "TLS_CERT_FILE and TLS_KEY_FILE must be set together",
      });
    }
  });
});

/** Variables whose values are secret: never repeated in an error message. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set(["AUTH_TOKENS", "REDIS_URL"]);

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

/** Turns the parsed variables into {@link SecurityConfig}. */
export function securityConfig(
  env: z.output<ReturnType<typeof securityEnvSchema>>,
): SecurityConfig {
  return {
    tokens: env.AUTH_TOKENS,
    rateLimit: {
      limit: env.RATE_LIMIT,
      burst: env.RATE_LIMIT_BURST,
      windowMs: env.RATE_LIMIT_WINDOW_MS,
      maxClients: env.RATE_LIMIT_MAX_CLIENTS,
      redisUrl: env.ENABLE_DISTRIBUTED_RATE_LIMIT ? env.REDIS_URL : undefined,
      redisTimeoutMs: env.REDIS_TIMEOUT_MS,
      onRedisFailure: env.RATE_LIMIT_REDIS_FAILURE,
    },
    trustProxy: env.TRUST_PROXY,
    allowedOrigins: env.ALLOWED_ORIGINS.map((o) => new URL(o).origin),
    securityHeaders: env.SECURITY_HEADERS_ENABLED,
    tls: env.TLS_CERT_FILE && env.TLS_KEY_FILE
      ? { certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE }
      : undefined,
    maxRequestBodyBytes: env.MAX_REQUEST_BODY_KB * 1024,
    maxResponseBytes: env.MAX_RESPONSE_SIZE_KB * 1024,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    bodyTimeoutMs: env.BODY_TIMEOUT_MS,
    maxStreams: env.MAX_STREAMS,
    streamBufferBytes: env.MAX_STREAM_BUFFER_KB * 1024,
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
