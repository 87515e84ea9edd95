/**
 * The {@link CallContext} a request's handler gets: its abort signal, progress reporting and
 * logging, each following the spec's rules for request-related notifications.
 *
 * @module
 */

import type { CallContext, LogLevel } from "./backend.ts";
import { notification } from "./json_rpc.ts";
import type { JsonRpcNotification } from "./json_rpc.ts";
import { atLeast, type ProtocolVersion } from "./protocol_version.ts";

/** What the session supplies for one request. */
export interface CallContextOptions {
  signal: AbortSignal;
  caller: string;
  version: ProtocolVersion;
  /** `params._meta.progressToken` of the request, if the client asked for progress. */
  progressToken: string | number | undefined;
  /** The trace context of `params._meta`, if the client sent one. */
  trace?: CallContext["trace"];
  /** Where notifications about this request go while it runs (the request's HTTP stream). */
  notify(message: JsonRpcNotification): void;
  /** The session's level-filtered logger; `notify` is the route while the request runs. */
  log(level: LogLevel, data: unknown, route?: (message: JsonRpcNotification) => void): void;
}

/** A call context and the switch that ends its request. */
export interface RunningCall {
  context: CallContext;
  /** Marks the request finished: progress stops, logs go to the session route. */
  finish(): void;
}

/**
 * Creates the context for one request.
 *
 * Progress follows the spec: only with a token, only while the request runs, and strictly
 * increasing — a value that does not increase is dropped rather than sent, since the SDK client
 * and others treat a regression as a protocol violation. `message` exists from 2025-03-26.
 *
 * @example
 * ```ts
 * import { createCallContext } from "./call_context.ts";
 * const sent: unknown[] = [];
 * const call = createCallContext({
 *   signal: new AbortController().signal,
 *   caller: "stdio",
 *   version: "2025-11-25",
 *   progressToken: "t1",
 *   notify: (message) => sent.push(message),
 *   log: () => {},
 * });
 * call.context.progress(1, 2);
 * call.context.progress(1, 2); // dropped: not increasing
 * call.finish();
 * call.context.progress(2, 2); // dropped: the request is over
 * sent.length; // 1
 * ```
 */
export function createCallContext(options: CallContextOptions): RunningCall {
  let running = true;
  let last = -Infinity;
  const { progressToken, version } = options;
  const context: CallContext = {
    signal: options.signal,
    caller: options.caller,
    progress(progress, total, message) {
      if (!running || progressToken === undefined || options.signal.aborted) return;
      if (!Number.isFinite(progress) || progress <= last) return;
      last = progress;
      const params: Record<string, unknown> = { progressToken, progress };
      if (total !== undefined && Number.isFinite(total)) params.total = total;
      if (message !== undefined && atLeast(version, "2025-03-26")) params.message = message;
      options.notify(notification("notifications/progress", params));
    },
    log(level, data) {
      options.log(level, data, running ? options.notify : undefined);
    },
  };
  if (options.trace) context.trace = options.trace;
  return {
    context,
    finish() {
      running = false;
    },
  };
}
