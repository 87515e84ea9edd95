/**
 * The settings of the MCP layer that `serve` and `stdio` share: the key that seals the
 * `requestState` of input requests (`MCP_REQUEST_STATE_KEY`).
 *
 * @module
 */
import { parseRequestStateKey } from "../mcp/request_state.ts";
import { type Parse, Unacceptable, variables } from "../settings.ts";
import { SECRET_VARIABLES } from "./security_config.ts";

/** `MCP_REQUEST_STATE_KEY`: hex or base64 of at least 32 bytes. */
const stateKey: Parse<Uint8Array> = (value) => {
  try {
    return parseRequestStateKey(value);
  } catch {
    throw new Unacceptable("expected at least 32 bytes as hex or base64 (openssl rand -hex 32)");
  }
};

/**
 * The request-state key, or `undefined` when `MCP_REQUEST_STATE_KEY` is unset (the server then
 * draws a random key at start-up: fine for stdio and one instance, not for several instances
 * behind one address). Throws a `UsageError` for a value that is not a key, without repeating it.
 *
 * @example
 * ```ts
 * import { requestStateKey } from "./mcp_config.ts";
 * const env: Record<string, string> = { MCP_REQUEST_STATE_KEY: "ab".repeat(32) };
 * requestStateKey((name) => env[name])?.byteLength; // 32
 * ```
 */
export function requestStateKey(env: (name: string) => string | undefined): Uint8Array | undefined {
  return variables(env, SECRET_VARIABLES)("MCP_REQUEST_STATE_KEY", stateKey, undefined);
}
