/**
 * W3C trace context carried in a request's `_meta` (`traceparent`, `tracestate`), which the
 * 2026-07-28 revision reserves for OpenTelemetry propagation (`basic/index.mdx` §`_meta`).
 * Read on requests of every era, so that logs can name the trace a call belongs to.
 *
 * @module
 */

/** A request's trace context, as the client sent it. */
export interface TraceContext {
  traceparent: string;
  /** The trace id: the 32 hex digits of `traceparent`. */
  traceId: string;
  tracestate?: string;
}

// version-traceid-parentid-flags; all-zero trace and parent ids are invalid (W3C Trace Context).
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
// A list of vendor entries; bounded as the W3C limit (32 entries, 512 characters) suggests.
const TRACESTATE = /^[\x20-\x7e]{1,512}$/;

/**
 * The trace context of `meta`, or `undefined` when there is none or `traceparent` is malformed
 * (the spec's rule for a receiver: ignore what it cannot parse).
 *
 * @example
 * ```ts
 * import { readTraceContext } from "./trace_context.ts";
 * readTraceContext({ traceparent: "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01" })
 *   ?.traceId; // "0af7651916cd43dd8448eb211c80319c"
 * readTraceContext({ traceparent: "nonsense" }); // undefined
 * ```
 */
export function readTraceContext(
  meta: Record<string, unknown> | undefined,
): TraceContext | undefined {
  const traceparent = meta?.traceparent;
  if (typeof traceparent !== "string") return undefined;
  const match = TRACEPARENT.exec(traceparent);
  if (!match || match[1] === "ff" || /^0+$/.test(match[2]!) || /^0+$/.test(match[3]!)) {
    return undefined;
  }
  const context: TraceContext = { traceparent, traceId: match[2]! };
  const tracestate = meta?.tracestate;
  if (typeof tracestate === "string" && TRACESTATE.test(tracestate)) {
    context.tracestate = tracestate;
  }
  return context;
}
