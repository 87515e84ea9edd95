/**
 * The routes of the transports: the tool envelope (`POST /sse`, `POST /mcp` with a
 * `{tool, input}` body), MCP Streamable HTTP (`/mcp` with JSON-RPC) and legacy MCP HTTP+SSE
 * (`GET /sse`, `POST /messages`).
 *
 * `POST /mcp` serves both APIs: a body with `jsonrpc`, or an array, is MCP; anything else is an
 * envelope. `POST /sse` takes envelopes only; a JSON-RPC body there is a 400, which is also what
 * makes MCP clients configured with the `/sse` URL fall back to the legacy GET.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { DomainError } from "../errors.ts";
import type { Limits } from "../limits.ts";
import { type McpBackend, metaOf, readTraceContext } from "../mcp/mod.ts";
import { names } from "../transports/accept.ts";
import { type EnvelopeFormat, envelopeResponse } from "../transports/envelope_http.ts";
import type { LegacySse } from "../transports/legacy_sse.ts";
import { jsonRpcHttpError } from "../transports/mcp_http.ts";
import { isJsonRpc } from "../transports/message_shape.ts";
import type { StreamableHttp } from "../transports/streamable_http.ts";
import type { HttpEnv } from "./context.ts";
import type { ConnectionTracker } from "./connection_tracker.ts";
import { refusal } from "./refusal.ts";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "../transports/json_depth.ts";
import { parseJson, readBody } from "./read_body.ts";

/** What the routes need. */
export interface TransportRoutesDeps {
  backend: McpBackend;
  tracker: ConnectionTracker;
  streamable: StreamableHttp;
  legacy: LegacySse;
  /** The body's size and arrival time, and what the envelope calls need. */
  limits: Pick<
    Limits,
    "maxBodyBytes" | "bodyTimeoutMs" | "heartbeatMs" | "requestTimeoutMs" | "maxResponseBytes"
  >;
  onInternalError(error: unknown): void;
}

type Ctx = Context<HttpEnv>;
type Parsed = { ok: true; value: unknown } | { ok: false; error: DomainError };

const NDJSON = "application/x-ndjson";
const SSE = "text/event-stream";
const JSON_TYPE = "application/json";

/**
 * Registers the routes on `app`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { Hono } from "hono";
 * import { addTransportRoutes } from "./transport_routes.ts";
 * import { ConnectionTracker } from "./connection_tracker.ts";
 * import type { HttpEnv } from "./context.ts";
 * import { createApp } from "../app.ts";
 * import { createMemoryFileSystem } from "../fs/memory.ts";
 * import { DEFAULT_LIMITS as limits } from "../limits.ts";
 * import { createMcpServer } from "../mcp/mod.ts";
 * import { createLegacySse } from "../transports/legacy_sse.ts";
 * import { createStreamableHttp } from "../transports/streamable_http.ts";
 * const { backend } = createApp({ fs: createMemoryFileSystem() });
 * const server = createMcpServer(backend);
 * const tracker = new ConnectionTracker();
 * const sessions = { server, tracker, limits };
 * const app = new Hono<HttpEnv>();
 * addTransportRoutes(app, {
 *   backend,
 *   tracker,
 *   streamable: createStreamableHttp({ ...sessions, stateless: false }),
 *   legacy: createLegacySse(sessions),
 *   limits,
 *   onInternalError: console.error,
 * });
 * const res = await app.request("/sse", {
 *   method: "POST",
 *   headers: { "Content-Type": "application/json", Accept: "application/json" },
 *   body: JSON.stringify({ tool: "changes.active", input: {} }),
 * });
 * assertEquals(res.status, 200);
 * ```
 */
export function addTransportRoutes(app: Hono<HttpEnv>, deps: TransportRoutesDeps): void {
  const envelopeOptions = {
    backend: deps.backend,
    tracker: deps.tracker,
    limits: deps.limits,
    onInternalError: deps.onInternalError,
  };
  const envelope = (c: Ctx, body: unknown, format: EnvelopeFormat) =>
    envelopeResponse(body, format, {
      requestId: c.get("requestId"),
      caller: c.get("caller"),
      // Only JSON answers need it; streams learn of a disconnect through cancel().
      signal: format === "json" ? c.env?.signal : undefined,
    }, envelopeOptions);
  const read = async (c: Ctx): Promise<Parsed> => {
    const body = await readBody(c.req.raw, deps.limits.maxBodyBytes, deps.limits.bodyTimeoutMs);
    if (!body.ok) return { ok: false, error: bodyError(body.reason, deps) };
    if (nestsDeeperThan(body.text, MAX_JSON_DEPTH)) {
      return {
        ok: false,
        error: new DomainError(
          "VALIDATION_ERROR",
          `Request body nests deeper than ${MAX_JSON_DEPTH} levels`,
          { field: "body", issue: "nested too deeply", limit: MAX_JSON_DEPTH },
        ),
      };
    }
    const parsed = parseJson(body.text);
    if (parsed) return { ok: true, value: parsed.value };
    return {
      ok: false,
      error: new DomainError("VALIDATION_ERROR", "Request body is not valid JSON", {
        field: "body",
        issue: "malformed JSON",
      }),
    };
  };

  app.post("/sse", async (c) => {
    const body = await read(c);
    if (!body.ok) return envelopeError(c, body.error);
    if (isJsonRpc(body.value)) {
      return refusal(c, "VALIDATION_ERROR", {
        message: "POST /sse takes tool envelopes, not JSON-RPC",
        hint:
          "MCP clients use POST /mcp (Streamable HTTP) or GET /sse then POST /messages (HTTP+SSE)",
        details: { field: "body", issue: "JSON-RPC message" },
      });
    }
    const accept = c.req.header("accept") ?? null;
    const json = names(accept, JSON_TYPE) && !names(accept, SSE);
    return envelope(c, body.value, json ? "json" : "sse");
  });

  app.get("/sse", (c) => deps.legacy.open(c.get("caller")));

  app.post("/messages", async (c) => {
    const body = await readBody(c.req.raw, deps.limits.maxBodyBytes, deps.limits.bodyTimeoutMs);
    if (!body.ok) return rpcBodyError(c, bodyError(body.reason, deps));
    if (nestsDeeperThan(body.text, MAX_JSON_DEPTH)) {
      return jsonRpcHttpError(
        400,
        -32600,
        `Request body nests deeper than ${MAX_JSON_DEPTH} levels`,
      );
    }
    return deps.legacy.post(c.req.raw, parseJson(body.text), c.get("caller"));
  });

  app.post("/mcp", async (c) => {
    const accept = c.req.header("accept") ?? null;
    const body = await read(c);
    if (!body.ok) {
      // Without a body we cannot tell the APIs apart: NDJSON clients say so in Accept.
      if (names(accept, NDJSON)) return envelopeError(c, body.error);
      return rpcBodyError(c, body.error);
    }
    if (isJsonRpc(body.value)) {
      const trace = readTraceContext(metaOf((body.value as { params?: unknown }).params));
      if (trace) c.set("traceId", trace.traceId);
      return deps.streamable.post(c.req.raw, body.value, c.get("caller"), c.env?.signal);
    }
    return envelope(c, body.value, envelopeFormat(accept));
  });
  app.get("/mcp", (c) => deps.streamable.get(c.req.raw, c.get("caller")));
  app.delete("/mcp", (c) => deps.streamable.delete(c.req.raw, c.get("caller")));
  app.all("/mcp", (c) =>
    refusal(c, "METHOD_NOT_ALLOWED", {
      message: "Method not allowed",
      jsonRpc: -32000,
      headers: { Allow: "GET, POST, DELETE" },
    }));
}

/** Why a body was refused, as a domain error. */
function bodyError(reason: "too_large" | "unreadable" | "timeout", deps: TransportRoutesDeps) {
  if (reason === "too_large") {
    return new DomainError(
      "CONTENT_TOO_LARGE",
      `Request body exceeds ${deps.limits.maxBodyBytes} bytes`,
      { limit: deps.limits.maxBodyBytes },
      "Send a smaller body (MAX_REQUEST_BODY_KB)",
    );
  }
  if (reason === "timeout") {
    return new DomainError(
      "REQUEST_TIMEOUT",
      `The request body did not arrive within ${deps.limits.bodyTimeoutMs} ms`,
      { limit: deps.limits.bodyTimeoutMs },
      "Send the whole body at once",
    );
  }
  return new DomainError("VALIDATION_ERROR", "Request body could not be read", {
    field: "body",
    issue: "unreadable",
  });
}

/**
 * The envelope answer to a refused body; a body that timed out is 408, and the connection is
 * closed, since the rest of that body may still be on its way.
 */
function envelopeError(c: Ctx, error: DomainError): Response {
  const { message, hint, details } = error;
  if (error.code !== "REQUEST_TIMEOUT") return refusal(c, error.code, { message, hint, details });
  return refusal(c, error.code, {
    message,
    hint,
    details,
    status: 408,
    headers: { Connection: "close" },
  });
}

/** The JSON-RPC answer to a refused body. */
function rpcBodyError(c: Ctx, error: DomainError): Response {
  if (error.code === "CONTENT_TOO_LARGE") {
    return refusal(c, error.code, { message: error.message, jsonRpc: -32600 });
  }
  if (error.code === "REQUEST_TIMEOUT") {
    return jsonRpcHttpError(408, -32000, error.message, { Connection: "close" });
  }
  if (error.details?.issue === "nested too deeply") {
    return jsonRpcHttpError(400, -32600, error.message);
  }
  return jsonRpcHttpError(400, -32700, `Parse error: ${error.message}`);
}

/** NDJSON unless the client names SSE or JSON (and not NDJSON) in `Accept`. */
function envelopeFormat(accept: string | null): EnvelopeFormat {
  if (names(accept, NDJSON)) return "ndjson";
  if (names(accept, SSE)) return "sse";
  if (names(accept, JSON_TYPE)) return "json";
  return "ndjson";
}
