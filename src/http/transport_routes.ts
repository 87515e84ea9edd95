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
import type { McpBackend } from "../mcp/mod.ts";
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
import type { HttpEnv } from "./app.ts";
import type { ConnectionTracker } from "./connection_tracker.ts";
import { parseJson, readBody } from "./read_body.ts";

/** What the routes need. */
export interface TransportRoutesDeps {
  backend: McpBackend;
  tracker: ConnectionTracker;
  streamable: StreamableHttp;
  legacy: LegacySse;
  heartbeatMs: number;
  maxBodyBytes: number;
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
 * declare const app: Hono<import("./app.ts").HttpEnv>;
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
  };
  const envelope = (c: Ctx, body: unknown, format: EnvelopeFormat) =>
    envelopeResponse(body, format, {
      requestId: c.get("requestId"),
      caller: c.get("caller"),
      // Only JSON answers need it; streams learn of a disconnect through cancel().
      signal: format === "json" ? c.env?.signal : undefined,
    }, envelopeOptions);
  const read = async (c: Ctx): Promise<Parsed> => {
    const body = await readBody(c.req.raw, deps.maxBodyBytes);
    if (!body.ok) {
      return {
        ok: false,
        error: body.reason === "too_large"
          ? new DomainError(
            "CONTENT_TOO_LARGE",
            `Request body exceeds ${deps.maxBodyBytes} bytes`,
            { limit: deps.maxBodyBytes },
          )
          : new DomainError("VALIDATION_ERROR", "Request body could not be read", {
            field: "body",
            issue: "unreadable",
          }),
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
    if (!body.ok) return envelopeErrorResponse(body.error, c.get("requestId"));
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
    const body = await readBody(c.req.raw, deps.maxBodyBytes);
    if (!body.ok) return jsonRpcHttpError(413, -32600, "Request body is too large");
    return deps.legacy.post(c.req.raw, parseJson(body.text));
  });

  app.post("/mcp", async (c) => {
    const accept = c.req.header("accept") ?? null;
    const body = await read(c);
    if (!body.ok) {
      // Without a body we cannot tell the APIs apart: NDJSON clients say so in Accept.
      if (names(accept, NDJSON)) return envelopeErrorResponse(body.error, c.get("requestId"));
      return body.error.code === "CONTENT_TOO_LARGE"
        ? jsonRpcHttpError(413, -32600, body.error.message)
        : jsonRpcHttpError(400, -32700, `Parse error: ${body.error.message}`);
    }
    if (isJsonRpc(body.value)) {
      return deps.streamable.post(c.req.raw, body.value, c.get("caller"));
    }
    return envelope(c, body.value, envelopeFormat(accept));
  });
  app.get("/mcp", (c) => deps.streamable.get(c.req.raw));
  app.delete("/mcp", (c) => deps.streamable.delete(c.req.raw));
  app.all(
    "/mcp",
    () => jsonRpcHttpError(405, -32000, "Method not allowed", { Allow: "GET, POST, DELETE" }),
  );
}

/** NDJSON unless the client names SSE or JSON (and not NDJSON) in `Accept`. */
function envelopeFormat(accept: string | null): EnvelopeFormat {
  if (names(accept, NDJSON)) return "ndjson";
  if (names(accept, SSE)) return "sse";
  if (names(accept, JSON_TYPE)) return "json";
  return "ndjson";
}
