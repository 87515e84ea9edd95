/**
 * One MCP session: lifecycle, dispatch, batches, cancellation and server-initiated messages.
 * Transport-independent; a transport feeds it parsed JSON and writes out what it returns.
 *
 * Both eras share it (`basic/versioning.mdx` of 2026-07-28: "A dual-era server selects its
 * behavior from how the client opens"): a request carrying the modern per-request `_meta` (or a
 * modern-only method) is served statelessly by the 2026-07-28 rules, whatever the session's
 * state, and reads or changes none of it; everything else follows the 2025 lifecycle that
 * `initialize` opens, exactly as before.
 *
 * @module
 */

import { ErrorCode, type LogLevel } from "./backend.ts";
import { createCallContext } from "./call_context.ts";
import { limitProtocolError, startDeadline } from "./call_limits.ts";
import {
  classifyMessage,
  failure,
  type JsonRpcId,
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
  MAX_BATCH_LENGTH,
  notification,
  success,
} from "./json_rpc.ts";
import { passesLogLevel } from "./log_level.ts";
import { initializeResult } from "./initialize_result.ts";
import { canElicitForms, type InputBroker, legacyInputBroker, NO_INPUT } from "./input_broker.ts";
import { findMethod } from "./methods.ts";
import { isModernRequest } from "./modern_meta.ts";
import { failureOf, type ModernDeps, serveModernRequest } from "./modern_request.ts";
import { readTraceContext } from "./trace_context.ts";
import { paramsSchemas, PARSE_OPTIONS, parseParams } from "./params.ts";
import {
  allowsBatches,
  atLeast,
  LATEST_PROTOCOL_VERSION,
  negotiateProtocolVersion,
  type ProtocolVersion,
} from "./protocol_version.ts";
import type { HandleOptions, McpSession, SessionOptions } from "./session_types.ts";
import { Subscriptions } from "./subscriptions.ts";
import { loadZod, zodLoaded } from "../zod/zod.ts";

/** What the server shares with each of its sessions. */
export interface SessionDeps extends ModernDeps {
  defaultLogLevel: LogLevel;
  onClose(session: McpSession): void;
}

/** A request the server sent (2025 `elicitation/create`), waiting for the client's response. */
interface Outgoing {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

type Route = (message: JsonRpcNotification) => void;

/** The implementation behind {@link McpSession}; create it through `createMcpServer`. */
export class Session implements McpSession {
  #deps: SessionDeps;
  #options: SessionOptions;
  // "assumed": created with a version (stateless HTTP), so requests are served at once, yet an
  // `initialize` arriving on such a session is still answered.
  #state: "new" | "assumed" | "ready";
  #version: ProtocolVersion | undefined;
  #clientReady = false;
  #closed = false;
  #logLevel: LogLevel;
  #inFlight = new Map<string, AbortController>();
  #subscriptions = new Subscriptions();
  #stopListening: (() => void) | undefined;
  /** The capabilities the client declared in `initialize` (2025 era). */
  #clientCapabilities: Record<string, unknown> | undefined;
  /** Requests we sent the client, by id; ids of ours are strings no client request can clash with. */
  #outgoing = new Map<string, Outgoing>();
  #nextOutgoing = 1;
  /** The graceful end of each open `subscriptions/listen`. */
  #listens = new Set<() => void>();
  /** While zod loads: the turn of the last message waiting for it, so that they keep order. */
  #waiting: Promise<unknown> | undefined;

  constructor(deps: SessionDeps, options: SessionOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#logLevel = deps.defaultLogLevel;
    this.#version = options.protocolVersion;
    this.#state = options.protocolVersion === undefined ? "new" : "assumed";
  }

  get protocolVersion(): ProtocolVersion | undefined {
    return this.#version;
  }

  async handle(
    message: unknown,
    options: HandleOptions = {},
  ): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
    if (this.#closed) return undefined;
    if (this.#waiting || !zodLoaded()) {
      // Each message waits behind the one before it, and is then handled as it would have been.
      const turn = this.#waiting = (this.#waiting ?? loadZod()).then(() => {});
      await turn;
      if (this.#waiting === turn) this.#waiting = undefined;
      if (this.#closed) return undefined;
    }
    if (!Array.isArray(message)) return await this.#handleOne(message, options, false);
    if (message.length === 0) return failure(null, ErrorCode.InvalidRequest, "Empty batch");
    if (!allowsBatches(this.#version)) {
      const version = this.#version ?? "none negotiated";
      const text = `Batches are not supported in protocol version ${version}`;
      return failure(null, ErrorCode.InvalidRequest, text);
    }
    if (message.length > MAX_BATCH_LENGTH) {
      const text = `Batch too large: ${message.length} messages, at most ${MAX_BATCH_LENGTH}`;
      return failure(null, ErrorCode.InvalidRequest, text);
    }
    const answers = await Promise.all(message.map((item) => this.#handleOne(item, options, true)));
    const responses = answers.filter((answer) => answer !== undefined);
    return responses.length > 0 ? responses : undefined;
  }

  log(level: LogLevel, data: unknown, route: Route = this.#send): void {
    if (this.#closed || !passesLogLevel(level, this.#logLevel)) return;
    const logger = this.#deps.backend.serverInfo.name;
    this.#emit(route, notification("notifications/message", { level, logger, data }));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const controller of this.#inFlight.values()) {
      controller.abort(new DOMException("The session was closed", "AbortError"));
    }
    this.#inFlight.clear();
    for (const pending of this.#outgoing.values()) pending.reject(new Error("Session closed"));
    this.#outgoing.clear();
    this.#listens.clear();
    this.#stopListening?.();
    this.#subscriptions.clear();
    this.#deps.onClose(this);
  }

  endSubscriptions(): void {
    for (const end of [...this.#listens]) end();
  }

  #send: Route = (message) => this.#options.send?.(message);

  #emit(route: Route, message: JsonRpcNotification): void {
    if (this.#closed) return;
    try {
      route(message);
    } catch (error) {
      this.#deps.logger?.error(`Failed to send "${message.method}"`, error);
    }
  }

  #handleOne(raw: unknown, options: HandleOptions, inBatch: boolean) {
    const classified = classifyMessage(raw);
    switch (classified.kind) {
      case "invalid":
        return Promise.resolve(classified.response);
      case "response": {
        // The answer to a request of ours; anything else (unknown or late ids) is dropped.
        const key = typeof classified.id === "string" ? classified.id : "";
        const pending = this.#outgoing.get(key);
        this.#outgoing.delete(key);
        if (classified.error !== undefined) pending?.reject(new Error("The client refused"));
        else pending?.resolve(classified.result);
        return Promise.resolve(undefined);
      }
      case "notification":
        this.#notification(classified.message);
        return Promise.resolve(undefined);
      case "request":
        return this.#request(classified.message, options, inBatch);
    }
  }

  #notification({ method, params }: JsonRpcNotification): void {
    if (method === "notifications/initialized" && this.#state !== "new") {
      this.#clientReady = true;
      this.#listen();
    } else if (method === "notifications/cancelled") {
      // Unknown or finished ids are ignored: the cancel may cross the response on the wire.
      const parsed = paramsSchemas.cancelled().safeParse(params ?? {}, PARSE_OPTIONS);
      if (!parsed.success) return;
      const reason = parsed.data.reason ?? "The client cancelled the request";
      this.#inFlight.get(requestKey(parsed.data.requestId))
        ?.abort(new DOMException(reason, "AbortError"));
    }
  }

  async #request(request: JsonRpcRequest, options: HandleOptions, inBatch: boolean) {
    const { id, method, params } = request;
    if (isModernRequest(method, params)) return this.#modern(request, options);
    if (method === "initialize") return this.#initialize(id, params, inBatch);
    // An unknown method is −32601 even before `initialize`: a dual-era client probing with a
    // method of a newer revision must see "not found", not "not initialized".
    const handler = findMethod(method);
    if (!handler) return failure(id, ErrorCode.MethodNotFound, `Method not found: "${method}"`);
    if (this.#state === "new" && method !== "ping") {
      const text = `Server not initialized: send "initialize" before "${method}"`;
      return failure(id, ErrorCode.InvalidRequest, text);
    }
    const flight = this.#enter(id);
    if ("refused" in flight) return flight.refused;
    const { controller } = flight;
    const route = options.notify ?? this.#send;
    const meta = paramsSchemas.requestMeta().safeParse(params ?? {}, PARSE_OPTIONS);
    const version = this.#version ?? LATEST_PROTOCOL_VERSION;
    const call = createCallContext({
      signal: controller.signal,
      caller: this.#options.caller,
      version,
      progressToken: meta.success ? meta.data._meta?.progressToken : undefined,
      trace: readTraceContext(meta.success ? meta.data._meta : undefined),
      notify: (message) => this.#emit(route, message),
      log: (level, data, during) => this.log(level, data, during ?? this.#send),
    });
    // Every request has the deadline, not only tools/call: it is answered REQUEST_TIMEOUT at
    // once, and its signal aborted as a client's cancel would.
    const limits = this.#options.limits;
    const deadline = startDeadline(limits?.timeoutMs, controller);
    try {
      const handled = handler(params, {
        version,
        backend: this.#deps.backend,
        pageSize: this.#deps.pageSize,
        call: call.context,
        // The deadline is the request's (above); the runner caps the size of a tool's answer.
        limits: limits && { maxBytes: limits.maxBytes },
        session: {
          subscribe: (uri) => this.#subscribe(uri),
          unsubscribe: (uri) => this.#subscriptions.remove(uri),
          setLogLevel: (level) => this.#logLevel = level,
        },
        inputFor: () => this.#legacyInput(route, controller.signal, version),
      });
      const outcome = await Promise.race([
        Promise.resolve(handled).then((result) => ({ result })),
        deadline.expired.then((timedOut) => ({ timedOut })),
      ]);
      if ("timedOut" in outcome) {
        return this.#failure(id, method, limitProtocolError(outcome.timedOut));
      }
      // A cancelled request gets no response at all (spec: SHOULD NOT respond).
      return controller.signal.aborted ? undefined : success(id, outcome.result);
    } catch (error) {
      return controller.signal.aborted ? undefined : this.#failure(id, method, error);
    } finally {
      deadline.clear();
      call.finish();
      flight.leave();
    }
  }

  /**
   * Marks request `id` in flight, so that `notifications/cancelled` can reach its controller;
   * `leave` ends that. An id already in flight is refused (−32600).
   */
  #enter(
    id: JsonRpcId,
  ): { controller: AbortController; leave: () => void } | { refused: JsonRpcResponse } {
    const key = requestKey(id);
    if (this.#inFlight.has(key)) {
      return {
        refused: failure(id, ErrorCode.InvalidRequest, `Request id ${key} is already in use`),
      };
    }
    const controller = new AbortController();
    this.#inFlight.set(key, controller);
    const leave = () => {
      if (this.#inFlight.get(key) === controller) this.#inFlight.delete(key);
    };
    return { controller, leave };
  }

  #initialize(id: JsonRpcId, params: unknown, inBatch: boolean): JsonRpcResponse {
    if (inBatch) {
      return failure(id, ErrorCode.InvalidRequest, `"initialize" must not be part of a batch`);
    }
    if (this.#state === "ready") {
      return failure(id, ErrorCode.InvalidRequest, "Server already initialized");
    }
    let requested: string;
    try {
      const parsed = parseParams(paramsSchemas.initialize(), params, "initialize");
      requested = parsed.protocolVersion;
      this.#clientCapabilities = parsed.capabilities;
    } catch (error) {
      return this.#failure(id, "initialize", error);
    }
    const version = negotiateProtocolVersion(requested);
    this.#version = version;
    this.#state = "ready";
    const push = this.#options.push !== false;
    return success(id, initializeResult(this.#deps.backend, version, push));
  }

  /**
   * Serves a modern request statelessly (see `modern_request.ts`): nothing is read from or
   * written to the session besides the in-flight entry that lets `notifications/cancelled`
   * reach it.
   */
  async #modern(
    request: JsonRpcRequest,
    options: HandleOptions,
  ): Promise<JsonRpcResponse | undefined> {
    const { id } = request;
    const flight = this.#enter(id);
    if ("refused" in flight) return flight.refused;
    const { controller } = flight;
    const route = options.notify ?? this.#send;
    try {
      return await serveModernRequest(this.#deps, request, {
        caller: this.#options.caller,
        limits: this.#options.limits,
        notify: (message) => this.#emit(route, message),
        signal: controller.signal,
        onListenEnd: (end) => {
          this.#listens.add(end);
          return () => this.#listens.delete(end);
        },
      });
    } finally {
      flight.leave();
    }
  }

  /**
   * 2025 questions: `elicitation/create` sent on the request's stream, answered by a response the
   * client sends later on this session. Only for clients that declared `elicitation`, on sessions
   * that receive responses (not stateless 2025 HTTP, where every POST is a fresh session).
   */
  #legacyInput(route: Route, signal: AbortSignal, version: ProtocolVersion): InputBroker {
    if (this.#options.push === false || !canElicitForms(this.#clientCapabilities)) return NO_INPUT;
    const ask = (method: string, params: Record<string, unknown>) =>
      new Promise<unknown>((resolve, reject) => {
        if (signal.aborted || this.#closed) return reject(new Error("The request ended"));
        const id = `task-mcp-${this.#nextOutgoing++}`;
        const done = () => {
          this.#outgoing.delete(id);
          signal.removeEventListener("abort", aborted);
        };
        const aborted = () => {
          done();
          reject(new Error("The request ended"));
        };
        signal.addEventListener("abort", aborted, { once: true });
        this.#outgoing.set(id, {
          resolve: (result) => (done(), resolve(result)),
          reject: (error) => (done(), reject(error)),
        });
        this.#emit(route, { jsonrpc: "2.0", id, method, params } as unknown as JsonRpcNotification);
      });
    return legacyInputBroker(ask, atLeast(version, "2025-11-25"));
  }

  #subscribe(uri: string): void {
    this.#subscriptions.add(uri);
    this.#listen();
  }

  #listen(): void {
    if (this.#options.push === false || this.#closed) return;
    this.#stopListening ??= this.#deps.hub.add((event) => {
      if (event.listChanged && this.#clientReady) {
        this.#emit(this.#send, notification("notifications/resources/list_changed"));
      }
      for (const uri of this.#subscriptions.affectedBy(event.uris)) {
        this.#emit(this.#send, notification("notifications/resources/updated", { uri }));
      }
    });
  }

  #failure(id: JsonRpcId, method: string, error: unknown): JsonRpcResponse {
    return failureOf(this.#deps.logger, id, method, error);
  }
}

/** Keeps `1` and `"1"` apart: both are valid, distinct request ids. */
function requestKey(id: JsonRpcId): string {
  return JSON.stringify(id);
}
