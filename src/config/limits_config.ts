/**
 * The {@link Limits} of `serve`, from its parsed settings: the variables are read and checked
 * with the others (`http_config.ts`, `security_config.ts`, which take their defaults from
 * {@link DEFAULT_LIMITS}); this gathers them into the one object the HTTP app takes.
 *
 * @module
 */
import { DEFAULT_LIMITS, type Limits } from "../limits.ts";
import type { HttpConfig } from "./http_config.ts";

/**
 * The limits of `config`.
 *
 * @example
 * ```ts
 * import { httpConfig } from "./http_config.ts";
 * import { limitsConfig } from "./limits_config.ts";
 * const env: Record<string, string> = { REQUEST_TIMEOUT_MS: "5000" };
 * limitsConfig(httpConfig((name) => env[name], {})).requestTimeoutMs; // 5000
 * ```
 */
export function limitsConfig(config: HttpConfig): Limits {
  const { security } = config;
  return {
    requestTimeoutMs: security.requestTimeoutMs,
    maxResponseBytes: security.maxResponseBytes,
    maxBodyBytes: security.maxRequestBodyBytes,
    bodyTimeoutMs: security.bodyTimeoutMs,
    maxStreams: security.maxStreams,
    streamBufferBytes: security.streamBufferBytes,
    maxSessions: config.maxSessions,
    sessionIdleMs: DEFAULT_LIMITS.sessionIdleMs,
    heartbeatMs: config.heartbeatMs,
    keepAliveMs: config.keepAliveMs,
  };
}
