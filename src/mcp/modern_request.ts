/**
 * One request of the 2026-07-28 era, served statelessly: its `_meta` names the revision and the
 * client's capabilities, and nothing outside the request is read or written. The stdio session
 * and Streamable HTTP both serve modern requests through {@link serveModernRequest}; HTTP does so
 * without any session object at all.
 *
 * The order of checks follows `basic/index.mdx`: `_meta` shape (−32602) → version (−32022) →
 * method (−32601) → handler. Log messages go only to the request's own stream, and only when the
 * request asked for a level.
 *
 * @module
 */

import { ErrorCode, type McpBackend, ProtocolError } from "./backend.ts";
import { type CallLimits, limitProtocolError, startDeadline } from "./call_limits.ts";
import { createCallContext } from "./call_context.ts";
import type { ChangeHub } from "./change_hub.ts";
import { canElicitForms, modernInputBroker, NO_INPUT } from "./input_broker.ts";
import {
  failure,
  type JsonRpcId,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
  notification,
  success,
} from "./json_rpc.ts";
import { listen } from "./listen.ts";
import { passesLogLevel } from "./log_level.ts";
import type { MethodContext } from "./method_context.ts";
import { findModernMethod } from "./methods.ts";
import { modernProtocolError } from "./modern_errors.ts";
import { type ModernMeta, readModernMeta } from "./modern_meta.ts";
import { finishModernResult } from "./modern_result.ts";
import { digestArguments, type RequestStateCodec } from "./request_state.ts";
import type { McpLogger } from "./session_types.ts";

/** What every modern request shares: the server's parts. */
export interface ModernDeps {
  backend: McpBackend;
  hub: ChangeHub;
  pageSize: number;
  logger: McpLogger | undefined;
  /** Seals and opens the `requestState` of input requests (one key per server). */
  stateCodec(): RequestStateCodec;
}

/** What one modern request brings besides its message. */
export interface ModernRequestOptions {
  /** Who is calling: `stdio`, or a short hash of the HTTP token; binds `requestState`. */
  caller: string;
  limits?: CallLimits;
  /** Its notifications (progress, logs, a listen's events) go here: the request's stream. */
  notify(message: JsonRpcNotification): void;
  /** Aborted when the client cancels: `notifications/cancelled` (stdio), a closed stream (HTTP). */
  signal: AbortSignal;
  /**
   * The controller of `signal`, when the caller hands it over: the request's deadline then
   * aborts it, and no controller of the request's own is needed.
   */
  controller?: AbortController;
  /** Registers the server's graceful end of a `subscriptions/listen`; returns its unregister. */
  onListenEnd(end: () => void): () => void;
}

/**
 * Serves `request` by the 2026-07-28 rules. Resolves to its response, or `undefined` once the
 * request was cancelled (no response, as for any cancelled request). Never rejects.
 */
export async function serveModernRequest(
  deps: ModernDeps,
  request: JsonRpcRequest,
  options: ModernRequestOptions,
): Promise<JsonRpcResponse | undefined> {
  const { id, method, params } = request;
  let meta: ModernMeta;
  try {
    meta = readModernMeta(params);
  } catch (error) {
    return failureOf(deps.logger, id, method, error, true);
  }
  const handler = method === "subscriptions/listen" ? undefined : findModernMethod(method);
  if (!handler && method !== "subscriptions/listen") {
    return failure(id, ErrorCode.MethodNotFound, `Method not found: "${method}"`);
  }
  const { notify } = options;
  // The request's own signal: the client's cancel, or its deadline (REQUEST_TIMEOUT_MS), as for
  // every 2025 request. A listen is a stream that lasts as long as the client wants: none.
  let controller = options.controller;
  let cancel: (() => void) | undefined;
  if (!controller) {
    const own = controller = new AbortController();
    cancel = () => own.abort(options.signal.reason);
    if (options.signal.aborted) cancel();
    else options.signal.addEventListener("abort", cancel, { once: true });
  }
  const signal = controller.signal;
  const deadline = startDeadline(handler ? options.limits?.timeoutMs : undefined, controller);
  const logger = deps.backend.serverInfo.name;
  const call = createCallContext({
    signal,
    caller: options.caller,
    version: meta.version,
    progressToken: meta.progressToken,
    trace: meta.trace,
    notify,
    // Only on the request's own stream, and only when the request asked for a level.
    log: (level, data, during) => {
      if (!during || !meta.logLevel || !passesLogLevel(level, meta.logLevel)) return;
      during(notification("notifications/message", { level, logger, data }));
    },
  });
  try {
    const handled = handler
      ? handler(params, modernContext(deps, meta, call.context, params, options))
      : listen({
        id,
        params,
        hub: deps.hub,
        emit: notify,
        signal,
        onEnd: options.onListenEnd,
      });
    const outcome = await Promise.race([
      Promise.resolve(handled).then((result) => ({ result })),
      deadline.expired.then((timedOut) => ({ timedOut })),
    ]);
    if ("timedOut" in outcome) {
      return failureOf(deps.logger, id, method, limitProtocolError(outcome.timedOut), true);
    }
    if (signal.aborted || outcome.result === undefined) return undefined;
    return success(id, finishModernResult(method, outcome.result, deps.backend.serverInfo));
  } catch (error) {
    return signal.aborted ? undefined : failureOf(deps.logger, id, method, error, true);
  } finally {
    deadline.clear();
    if (cancel) options.signal.removeEventListener("abort", cancel);
    call.finish();
  }
}

function modernContext(
  deps: ModernDeps,
  meta: ModernMeta,
  call: MethodContext["call"],
  params: unknown,
  options: ModernRequestOptions,
): MethodContext {
  return {
    version: meta.version,
    backend: deps.backend,
    pageSize: deps.pageSize,
    call,
    // The deadline is the request's (above); the runner caps the size of a tool's answer.
    limits: options.limits && { maxBytes: options.limits.maxBytes },
    // Nothing a modern request does may outlive it: the 2025 session controls do nothing.
    session: { subscribe() {}, unsubscribe() {}, setLogLevel() {} },
    inputFor: (method, name, args) => {
      // Without a state to open or a client that can answer, there is nothing to bind.
      const state = (params as { requestState?: unknown } | undefined)?.requestState;
      if (state === undefined && !canElicitForms(meta.capabilities)) return NO_INPUT;
      return digestArguments(args).then((digest) =>
        modernInputBroker({
          codec: deps.stateCodec(),
          binding: { caller: options.caller, method, name, digest },
          capabilities: meta.capabilities,
          params,
        })
      );
    },
  };
}

/**
 * A failure as the client sees it: a {@link ProtocolError} as its JSON-RPC error (in a modern
 * request's numbering when `modern`); anything else as "Internal error", with the details for
 * the logger only.
 */
export function failureOf(
  logger: McpLogger | undefined,
  id: JsonRpcId,
  method: string,
  error: unknown,
  modern = false,
): JsonRpcResponse {
  if (error instanceof ProtocolError) {
    const fault = modern ? modernProtocolError(error) : error;
    return failure(id, fault.code, fault.message, fault.data);
  }
  // Internals never reach the client; the logger (stderr) gets the details.
  logger?.error(`Internal error while handling "${method}"`, error);
  return failure(id, ErrorCode.InternalError, "Internal error");
}
