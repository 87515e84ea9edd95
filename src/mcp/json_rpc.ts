/**
 * JSON-RPC 2.0 message types and the check every incoming message passes first.
 *
 * @module
 */

import { ErrorCode } from "./backend.ts";
import { PARSE_OPTIONS } from "./params.ts";
import { lazyZod } from "../zod/zod.ts";

/**
 * Most messages one JSON-RPC batch may hold. Batches are answered whole, so a batch of
 * thousands of cheap requests (15,000 `tools/list` fit in 736 KB) builds an answer a hundred
 * times its size in memory; a batch over the cap is refused before any of it runs.
 */
export const MAX_BATCH_LENGTH = 100;

/** A request id. MCP narrows JSON-RPC: never `null`, and unique within a session. */
export type JsonRpcId = string | number;

/** A request from the client, which expects a response. */
export interface JsonRpcRequest {
  jsonrpc: "2.0";
  id: JsonRpcId;
  method: string;
  params?: Record<string, unknown> | unknown[];
}

/** A one-way message in either direction. */
export interface JsonRpcNotification {
  jsonrpc: "2.0";
  method: string;
  params?: Record<string, unknown>;
}

/** A successful response. */
export interface JsonRpcSuccess {
  jsonrpc: "2.0";
  id: JsonRpcId;
  result: Record<string, unknown>;
}

/** An error response; `id` is `null` when the request's id could not be read. */
export interface JsonRpcFailure {
  jsonrpc: "2.0";
  id: JsonRpcId | null;
  error: { code: number; message: string; data?: unknown };
}

/** Any response. */
export type JsonRpcResponse = JsonRpcSuccess | JsonRpcFailure;

/** What one incoming (non-batch) message turned out to be. */
export type ClassifiedMessage =
  | { kind: "request"; message: JsonRpcRequest }
  | { kind: "notification"; message: JsonRpcNotification }
  | { kind: "response"; id: JsonRpcId | null; result?: unknown; error?: unknown }
  | { kind: "invalid"; response: JsonRpcFailure };

const idSchema = lazyZod((z) => z.union([z.string(), z.number().finite()]));
// JSON-RPC allows positional params; MCP never uses them, so they fail later as invalid params.
const paramsSchema = lazyZod((z) =>
  z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())])
);

// Built on first use, one kind at a time, so that start-up does not pay for them.
const requestSchema = lazyZod((z) =>
  z.object({
    jsonrpc: z.literal("2.0"),
    id: idSchema(),
    method: z.string(),
    params: paramsSchema().optional(),
  })
);
const notificationSchema = lazyZod((z) =>
  z.object({
    jsonrpc: z.literal("2.0"),
    method: z.string(),
    params: z.record(z.string(), z.unknown()).optional(),
  })
);
const responseSchema = lazyZod((z) =>
  z.object({ jsonrpc: z.literal("2.0"), id: idSchema().nullable() })
);

/**
 * Sorts one parsed JSON value into request, notification, response or invalid. Responses answer
 * the few requests the server sends (`elicitation/create` in the 2025 era).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { classifyMessage } from "./json_rpc.ts";
 * import { loadZod } from "../zod/zod.ts";
 * await loadZod();
 * assertEquals(classifyMessage({ jsonrpc: "2.0", id: 1, method: "ping" }).kind, "request");
 * assertEquals(
 *   classifyMessage({ jsonrpc: "2.0", method: "notifications/initialized" }).kind,
 *   "notification",
 * );
 * ```
 */
export function classifyMessage(value: unknown): ClassifiedMessage {
  const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
  if (isObject && "method" in value) {
    if ("id" in value) {
      const plain = plainRequest(value as Record<string, unknown>);
      if (plain) return { kind: "request", message: plain };
      const parsed = requestSchema().safeParse(value, PARSE_OPTIONS);
      if (parsed.success) return { kind: "request", message: parsed.data };
    } else {
      const parsed = notificationSchema().safeParse(value, PARSE_OPTIONS);
      if (parsed.success) return { kind: "notification", message: parsed.data };
    }
  } else if (isObject && ("result" in value || "error" in value)) {
    const parsed = responseSchema().safeParse(value, PARSE_OPTIONS);
    if (parsed.success) {
      const { result, error } = value as { result?: unknown; error?: unknown };
      return { kind: "response", id: parsed.data.id, result, error };
    }
  }
  const id = isObject && "id" in value ? idSchema().safeParse(value.id, PARSE_OPTIONS) : undefined;
  return {
    kind: "invalid",
    response: failure(id?.success ? id.data : null, ErrorCode.InvalidRequest, "Invalid request"),
  };
}

/**
 * The request `requestSchema` would make of `value`, checked by hand where its shape is plain;
 * `undefined` leaves the decision to the schema.
 */
function plainRequest(value: Record<string, unknown>): JsonRpcRequest | undefined {
  const { jsonrpc, id, method, params } = value;
  if (jsonrpc !== "2.0" || typeof method !== "string") return undefined;
  if (typeof id !== "string" && !(typeof id === "number" && Number.isFinite(id))) return undefined;
  if (params === undefined) return { jsonrpc, id, method };
  if (typeof params !== "object" || params === null) return undefined;
  return { jsonrpc, id, method, params: Array.isArray(params) ? [...params] : { ...params } };
}

/** A successful response to `id`. */
export function success(id: JsonRpcId, result: Record<string, unknown>): JsonRpcSuccess {
  return { jsonrpc: "2.0", id, result };
}

/** An error response to `id`, or to an unreadable id when `id` is `null`. */
export function failure(
  id: JsonRpcId | null,
  code: number,
  message: string,
  data?: unknown,
): JsonRpcFailure {
  const error = data === undefined ? { code, message } : { code, message, data };
  return { jsonrpc: "2.0", id, error };
}

/** A notification from the server. */
export function notification(
  method: string,
  params?: Record<string, unknown>,
): JsonRpcNotification {
  return params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params };
}
