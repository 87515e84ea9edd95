/**
 * zod schemas for the params of every request and notification we act on, and the one helper
 * that turns a validation failure into a JSON-RPC −32602.
 *
 * Schemas are loose (unknown keys pass) because newer clients add fields older revisions don't
 * know; what we read is checked strictly.
 *
 * @module
 */

import type { z } from "zod";
import { ErrorCode, ProtocolError } from "./backend.ts";
import { LOG_LEVELS } from "./log_level.ts";
import { lazyZod } from "../zod/zod.ts";
import type { Zod } from "../zod/zod_lib.ts";

/**
 * Options for every parse in the MCP layer. zod compiles a fast path with `new Function` the
 * first time each object schema parses; for messages this small it saves nothing per call but
 * costs about a millisecond per schema on first use, which lands on the first `initialize`.
 */
export const PARSE_OPTIONS = { jitless: true } as const;

const progressToken = (z: Zod) => z.union([z.string(), z.number()]);
const meta = (z: Zod) => z.looseObject({ progressToken: progressToken(z).optional() }).optional();

/**
 * Every params schema, each built on its first use: `initialize` must not pay for the others.
 */
export const paramsSchemas = {
  initialize: lazyZod((z) =>
    z.looseObject({
      protocolVersion: z.string(),
      capabilities: z.looseObject({}).optional(),
      clientInfo: z.looseObject({}).optional(),
    })
  ),
  paginated: lazyZod((z) => z.looseObject({ cursor: z.string().optional(), _meta: meta(z) })),
  toolsCall: lazyZod((z) =>
    z.looseObject({
      name: z.string(),
      arguments: z.record(z.string(), z.unknown()).optional(),
      _meta: meta(z),
    })
  ),
  uri: lazyZod((z) => z.looseObject({ uri: z.string() })),
  promptsGet: lazyZod((z) =>
    z.looseObject({
      name: z.string(),
      arguments: z.record(z.string(), z.string()).optional(),
    })
  ),
  complete: lazyZod((z) =>
    z.looseObject({
      ref: z.discriminatedUnion("type", [
        z.looseObject({ type: z.literal("ref/prompt"), name: z.string() }),
        z.looseObject({ type: z.literal("ref/resource"), uri: z.string() }),
      ]),
      // What is completed (slugs, templates, capabilities) is never longer than this.
      argument: z.looseObject({ name: z.string().max(200), value: z.string().max(200) }),
      context: z.looseObject({ arguments: z.record(z.string(), z.string()).optional() })
        .optional(),
    })
  ),
  setLevel: lazyZod((z) => z.looseObject({ level: z.enum(LOG_LEVELS) })),
  cancelled: lazyZod((z) =>
    z.looseObject({
      requestId: z.union([z.string(), z.number()]),
      reason: z.string().optional(),
    })
  ),
  requestMeta: lazyZod((z) => z.looseObject({ _meta: meta(z) })),
};

/**
 * Parses `params` with `schema`, or throws a {@link ProtocolError} with −32602 naming the first
 * offending field. A missing `params` counts as `{}` because JSON-RPC lets clients omit it.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { paramsSchemas, parseParams } from "./params.ts";
 * import { loadZod } from "../zod/zod.ts";
 * await loadZod();
 * assertEquals(parseParams(paramsSchemas.uri(), { uri: "change://x" }, "resources/read").uri, "change://x");
 * ```
 */
export function parseParams<T>(schema: z.ZodType<T>, params: unknown, method: string): T {
  const parsed = schema.safeParse(params ?? {}, PARSE_OPTIONS);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  throw new ProtocolError(
    ErrorCode.InvalidParams,
    `Invalid params for "${method}": ${where}${issue?.message ?? "invalid value"}`,
  );
}

/**
 * The params of `tools/call`: what `paramsSchemas.toolsCall` makes of them, checked by hand
 * where their shape is plain (the schema decides, and words the error, otherwise).
 *
 * @example
 * ```ts
 * import { toolsCallParams } from "./params.ts";
 * toolsCallParams({ name: "changes_active", arguments: { limit: 5 } }).name; // "changes_active"
 * ```
 */
export function toolsCallParams(
  params: unknown,
): { name: string; arguments?: Record<string, unknown> } {
  if (isRecord(params) && typeof params.name === "string") {
    const args = params.arguments;
    const meta = params._meta;
    const token = isRecord(meta) ? meta.progressToken : undefined;
    if (
      (args === undefined || isRecord(args)) &&
      (meta === undefined || isRecord(meta)) &&
      (token === undefined || typeof token === "string" ||
        (typeof token === "number" && Number.isFinite(token)))
    ) {
      return {
        ...params,
        name: params.name,
        arguments: args === undefined ? undefined : { ...args },
      };
    }
  }
  return parseParams(paramsSchemas.toolsCall(), params, "tools/call");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
