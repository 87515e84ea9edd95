/**
 * `subscriptions/listen` (2026-07-28, `basic/patterns/subscriptions.mdx`): a long-lived request
 * whose notifications are the change events the client opted in to.
 *
 * The rules it follows: the acknowledgment is the first message carrying the subscription's id,
 * and lists the subset we honor (we never change the tool or prompt lists at run time, so those
 * are left out); every notification carries `io.modelcontextprotocol/subscriptionId`, the id of
 * the listen request; a client cancel ends it without a response, a graceful end by the server
 * answers it with a completion result. Events come from the same {@link ChangeHub} that feeds the
 * 2025 GET streams and `resources/subscribe`.
 *
 * @module
 */

import { ErrorCode, ProtocolError } from "./backend.ts";
import type { ChangeHub } from "./change_hub.ts";
import { type JsonRpcId, type JsonRpcNotification, notification } from "./json_rpc.ts";
import { META } from "./modern_meta.ts";
import { Subscriptions } from "./subscriptions.ts";

/** Most URIs one listen may watch. */
export const MAX_LISTEN_URIS = 1000;

/** What a listen request needs. */
export interface ListenOptions {
  id: JsonRpcId;
  params: unknown;
  hub: ChangeHub;
  /** Delivers one of the subscription's notifications (the request's stream). */
  emit(message: JsonRpcNotification): void;
  /** Aborted when the client cancels the request or its transport goes away. */
  signal: AbortSignal;
  /** Registers the server's graceful end of the subscription; returns the unregister function. */
  onEnd(end: () => void): () => void;
}

/** The filter the client sent, as honored. */
interface Honored {
  resourcesListChanged?: true;
  resourceSubscriptions?: string[];
}

/**
 * Runs one subscription until it ends. Resolves to the completion result when the server ends
 * it, and to `undefined` when the client cancelled. Throws −32602 for a malformed filter.
 */
export function listen(options: ListenOptions): Promise<Record<string, unknown> | undefined> {
  const honored = readFilter(options.params);
  const meta = { [META.subscriptionId]: options.id };
  const tagged = (method: string, params: Record<string, unknown> = {}) =>
    notification(method, { _meta: meta, ...params });
  options.emit(tagged("notifications/subscriptions/acknowledged", { notifications: honored }));
  const watched = new Subscriptions();
  for (const uri of honored.resourceSubscriptions ?? []) watched.add(uri);
  return new Promise((resolve) => {
    const stopListening = options.hub.add((event) => {
      if (event.listChanged && honored.resourcesListChanged) {
        options.emit(tagged("notifications/resources/list_changed"));
      }
      for (const uri of watched.affectedBy(event.uris)) {
        options.emit(tagged("notifications/resources/updated", { uri }));
      }
    });
    const finish = (result: Record<string, unknown> | undefined) => {
      stopListening();
      unregister();
      options.signal.removeEventListener("abort", cancelled);
      resolve(result);
    };
    const cancelled = () => finish(undefined);
    const unregister = options.onEnd(() => finish({ _meta: meta }));
    if (options.signal.aborted) return cancelled();
    options.signal.addEventListener("abort", cancelled, { once: true });
  });
}

function readFilter(params: unknown): Honored {
  const filter = (params as Record<string, unknown> | undefined)?.notifications;
  if (typeof filter !== "object" || filter === null || Array.isArray(filter)) {
    throw invalid("notifications is required: an object naming the notifications to receive");
  }
  const { resourcesListChanged, resourceSubscriptions, toolsListChanged, promptsListChanged } =
    filter as Record<string, unknown>;
  for (
    const [name, value] of Object.entries({
      toolsListChanged,
      promptsListChanged,
      resourcesListChanged,
    })
  ) {
    if (value !== undefined && typeof value !== "boolean") {
      throw invalid(`notifications.${name} must be a boolean`);
    }
  }
  const honored: Honored = {};
  if (resourcesListChanged === true) honored.resourcesListChanged = true;
  if (resourceSubscriptions !== undefined) {
    const valid = Array.isArray(resourceSubscriptions) &&
      resourceSubscriptions.every((uri) => typeof uri === "string" && uri.length <= 2048);
    if (!valid) throw invalid("notifications.resourceSubscriptions must be an array of URIs");
    if (resourceSubscriptions.length > MAX_LISTEN_URIS) {
      throw invalid(`notifications.resourceSubscriptions: at most ${MAX_LISTEN_URIS} URIs`);
    }
    if (resourceSubscriptions.length > 0) {
      honored.resourceSubscriptions = [...new Set(resourceSubscriptions as string[])];
    }
  }
  return honored;
}

function invalid(detail: string): ProtocolError {
  return new ProtocolError(
    ErrorCode.InvalidParams,
    `Invalid params for "subscriptions/listen": ${detail}`,
  );
}
