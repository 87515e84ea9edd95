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
import { type McpBackend, metaOf, readTraceContext } from "../mcp/mod.ts";
import { names } from "../transports/accept.ts";
import {
  envelopeErrorResponse,
  type EnvelopeFormat,
  envelopeResponse,
} from "../transports/envelope_http.ts";
import type { LegacySse } from "../transports/legacy_sse.ts";
import { jsonRpcHttpError } from "../transports/mcp_http.ts";
import { isJsonRpc } from "../transports/message_shape.ts";
import type { StreamableHttp } from "../transports/streamable_http.ts";
import type { HttpEnv } from "./context.ts";
import type { ConnectionTracker } from "./connection_tracker.ts";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "../transports/json_depth.ts";
import { parseJson, readBody } from "./read_body.ts";

/** What the routes need. */
export interface TransportRoutesDeps {
  backend: McpBackend;
  tracker: ConnectionTracker;
  streamable: StreamableHttp;
  legacy: LegacySse;
  heartbeatMs: number;
  maxBodyBytes: number;
  /** How long a request body may take to arrive (`BODY_TIMEOUT_MS`); default no limit. */
  bodyTimeoutMs?: number;
  /** Deadline of a tool call (`REQUEST_TIMEOUT_MS`); default none. */
  requestTimeoutMs?: number;
  /** Largest envelope result, in bytes (`MAX_RESPONSE_SIZE_KB`); default none. */
  maxResponseBytes?: number;
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
 * import { Hono } from "hono";
 * import { addTransportRoutes } from "./transport_routes.ts";
 * declare const app: Hono<import("./context.ts").HttpEnv>;
 * declare const deps: import("./transport_routes.ts").TransportRoutesDeps;
 * addTransportRoutes(app, deps);
 * ```
 */
export function addTransportRoutes(app: Hono<HttpEnv>, deps: TransportRoutesDeps): void {
  const envelopeOptions = {
    backend: deps.backend,
    tracker: deps.tracker,
    heartbeatMs: deps.heartbeatMs,
    onInternalError: deps.onInternalError,
    requestTimeoutMs: deps.requestTimeoutMs,
    maxResponseBytes: deps.maxResponseBytes,
  };
  const envelope = (c: Ctx, body: unknown, format: EnvelopeFormat) =>
    envelopeResponse(body, format, {
      requestId: c.get("requestId"),
      caller: c.get("caller"),
      // Only JSON answers need it; streams learn of a disconnect through cancel().
      signal: format === "json" ? c.env?.signal : undefined,
    }, envelopeOptions);
  const read = async (c: Ctx): Promise<Parsed> => {
    const body = await readBody(c.req.raw, deps.maxBodyBytes, deps.bodyTimeoutMs);
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
    if (!body.ok) return envelopeError(body.error, c.get("requestId"));
    if (isJsonRpc(body.value)) {
      return envelopeErrorResponse(
        new DomainError(
          "VALIDATION_ERROR",
          "POST /sse takes tool envelopes, not JSON-RPC",
          { field: "body", issue: "JSON-RPC message" },
          "MCP clients use POST /mcp (Streamable HTTP) or GET /sse then POST /messages (HTTP+SSE)",
        ),
        c.get("requestId"),
      );
    }
    const accept = c.req.header("accept") ?? null;
    const json = names(accept, JSON_TYPE) && !names(accept, SSE);
    return envelope(c, body.value, json ? "json" : "sse");
  });

  app.get("/sse", (c) => deps.legacy.open(c.get("caller")));

  app.post("/messages", async (c) => {
    const body = await readBody(c.req.raw, deps.maxBodyBytes, deps.bodyTimeoutMs);
    if (!body.ok) return rpcBodyError(bodyError(body.reason, deps));
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
      if (names(accept, NDJSON)) return envelopeError(body.error, c.get("requestId"));
      return rpcBodyError(body.error);
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
  app.all(
    "/mcp",
    () => jsonRpcHttpError(405, -32000, "Method not allowed", { Allow: "GET, POST, DELETE" }),
  );
}

/** Why a body was refused, as a domain error. */
function bodyError(reason: "too_large" | "unreadable" | "timeout", deps: TransportRoutesDeps) {
  if (reason === "too_large") {
    return new DomainError(
      "CONTENT_TOO_LARGE",
      `Request body exceeds ${deps.maxBodyBytes} bytes`,
      { limit: deps.maxBodyBytes },
      "Send a smaller body (MAX_REQUEST_BODY_KB)",
    );
  }
  if (reason === "timeout") {
    return new DomainError(
      "REQUEST_TIMEOUT",
      `The request body did not arrive within ${deps.bodyTimeoutMs} ms`,
      { limit: deps.bodyTimeoutMs },
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
function envelopeError(error: DomainError, requestId: string): Response {
  if (error.code !== "REQUEST_TIMEOUT") return envelopeErrorResponse(error, requestId);
  return envelopeErrorResponse(error, requestId, {}, {
    status: 408,
    headers: { Connection: "close" },
  });
}

/** The JSON-RPC answer to a refused body. */
function rpcBodyError(error: DomainError): Response {
  if (error.code === "CONTENT_TOO_LARGE") return jsonRpcHttpError(413, -32600, error.message);
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
