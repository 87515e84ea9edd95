/**
 * The tool registry: listing, alias resolution, input validation, the repository lock for
 * tools that mutate, and error mapping.
 *
 * @module
 */
import type { z } from "zod";
import { loadZod, zod, zodLoaded } from "../zod/zod.ts";
import type {
  CallContext,
  ObjectJsonSchema,
  ResolvedTool,
  ToolCallOutcome,
  ToolInfo,
} from "../backend_types.ts";
import { DomainError } from "../errors.ts";
import { FsError } from "../fs/file_system.ts";
import { changeArchive } from "./change_archive.ts";
import { changeOpen } from "./change_open.ts";
import { changeReview } from "./change_review.ts";
import { changeShow } from "./change_show.ts";
import { changeStatusTool } from "./change_status.ts";
import { changeTask } from "./change_task.ts";
import { changeValidate } from "./change_validate.ts";
import { changeWrite } from "./change_write.ts";
import { changesActive } from "./changes_active.ts";
import type { Tool, ToolDeps } from "./tool.ts";

/**
 * Every tool, in the order `tools/list` publishes them, by name and alias. Each tool's schemas
 * are built on first use: zod spends a few milliseconds per schema, and start-up (answering
 * `initialize`) needs none of them.
 */
const ENTRIES: readonly { name: string; alias: string; load: () => Tool }[] = [
  { name: "change_open", alias: "change.open", load: changeOpen },
  { name: "change_write", alias: "change.write", load: changeWrite },
  { name: "change_task", alias: "change.task", load: changeTask },
  { name: "change_show", alias: "change.show", load: changeShow },
  { name: "change_status", alias: "change.status", load: changeStatusTool },
  { name: "change_validate", alias: "change.validate", load: changeValidate },
  { name: "change_archive", alias: "change.archive", load: changeArchive },
  { name: "changes_active", alias: "changes.active", load: changesActive },
  { name: "change_review", alias: "change.review", load: changeReview },
] as unknown as { name: string; alias: string; load: () => Tool }[];

/** The tools' canonical names, in `tools/list` order, without building any tool. */
export const toolNames = (): string[] => ENTRIES.map((e) => e.name);

/** Every tool, built. */
export const allTools = (): Tool[] => ENTRIES.map((e) => e.load());

/** A tool of this registry, found by name or alias: built, and described, on first use. */
class RegisteredTool implements ResolvedTool {
  #info: ToolInfo | undefined;
  constructor(readonly name: string, readonly load: () => Tool) {}
  info(): ToolInfo {
    return this.#info ??= describe(this.load());
  }
}

const byName = new Map<string, RegisteredTool>();
for (const entry of ENTRIES) {
  const tool = new RegisteredTool(entry.name, entry.load);
  byName.set(entry.name, tool);
  byName.set(entry.alias, tool);
}

/** The tool a name or alias names, if any. */
export function findTool(name: string): ResolvedTool | undefined {
  return byName.get(name);
}

/** The canonical name of a tool or alias. */
export function resolveTool(name: string): string | undefined {
  return byName.get(name)?.name;
}

/**
 * The `structuredContent` of a failed call: `{ error: { code, message, hint, details? } }`.
 * Published with the keys only (the README documents the shape): every client puts
 * `tools/list` into its context, and this branch is repeated in every tool's output schema.
 */
const ERROR_RESULT = {
  properties: { error: { required: ["code", "message", "hint"] } },
  required: ["error"],
} as const;

/**
 * A tool's published output schema: its success shape or the error shape. Failed calls carry
 * `structuredContent.error` too, and clients such as the SDK's validate `structuredContent`
 * against the output schema even when `isError` is set.
 */
function outputSchema(tool: Tool): ObjectJsonSchema {
  const success = withoutDialect(zod().toJSONSchema(tool.output, { io: "output" }));
  return { type: "object", anyOf: [success, structuredClone(ERROR_RESULT)] };
}

/**
 * A JSON Schema as published: without `$schema` (MCP's default dialect is 2020-12, which zod
 * writes) and without what says nothing — `additionalProperties: {}` (the default) and the
 * ±2^53−1 bounds zod puts on integers. Every client puts `tools/list` in its context, so
 * repeating those is a cost for every call; the validation they describe is unchanged.
 */
function withoutDialect(schema: object): ObjectJsonSchema {
  const { $schema: _, ...rest } = schema as ObjectJsonSchema & { $schema?: string };
  return compact(rest) as ObjectJsonSchema;
}

function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (!value || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const empty = v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0;
    if (key === "additionalProperties" && empty) continue;
    if (
      (key === "minimum" || key === "maximum") && Math.abs(Number(v)) === Number.MAX_SAFE_INTEGER
    ) {
      continue;
    }
    out[key] = compact(v);
  }
  return out;
}

/**
 * One tool as `tools/list` publishes it, or `undefined` for an unknown canonical name. A call
 * needs its own tool's output schema only: deriving the JSON Schemas of every tool would cost
 * the first call of a fresh process milliseconds for nothing.
 */
export function toolInfo(name: string): ToolInfo | undefined {
  const tool = byName.get(name);
  return tool?.name === name ? tool.info() : undefined;
}

function describe(tool: Tool): ToolInfo {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: withoutDialect(zod().toJSONSchema(tool.input, { io: "input" })),
    outputSchema: outputSchema(tool),
    annotations: { title: tool.title, openWorldHint: false, ...tool.annotations },
    ...(tool.meta ? { _meta: tool.meta } : {}),
  };
}

/** The tools as published by `tools/list`. */
export function listTools(): ToolInfo[] {
  return toolNames().map((name) => toolInfo(name)!);
}

/** Renders a zod failure as the API reference's INVALID_INPUT error. */
export function invalidInput(toolName: string, error: z.ZodError, args: unknown): DomainError {
  const first = error.issues[0];
  const field = first?.path.join(".") ?? "";
  const value = first?.path.reduce<unknown>(
    (v, key) => (v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key] : undefined),
    args,
  );
  const summary = error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`)
    .join("; ");
  const limit = first?.code === "custom" ? first.params?.limit : undefined;
  return new DomainError("INVALID_INPUT", `Invalid input for tool '${toolName}': ${summary}`, {
    field,
    // A value refused for its length is not echoed whole.
    ...(value !== undefined ? { value: shortened(value) } : {}),
    ...(limit !== undefined ? { limit } : {}),
    issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}

/** Long strings cut to their first 64 characters, so an error never carries a huge input back. */
function shortened(value: unknown): unknown {
  return typeof value === "string" && value.length > 256 ? `${value.slice(0, 64)}…` : value;
}

/** Turns any failure into the error of a tool result; internals go to `logError` only. */
export function toToolError(
  error: unknown,
  logError: (error: unknown) => void,
): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof FsError) {
    if (error.code === "OUTSIDE_ROOT") {
      return new DomainError("PATH_NOT_ALLOWED", error.message, { path: error.path });
    }
    logError(error);
    return new DomainError("STORAGE_ERROR", `Storage failed for ${error.path}`, {
      path: error.path,
    });
  }
  logError(error);
  return new DomainError("INTERNAL_ERROR", "Internal error while running the tool");
}

/**
 * Validates the arguments and runs a tool found by {@link findTool}; never throws. A tool that
 * declares `mutates` runs through `deps.serialize`: after every earlier mutation, under the
 * repository lock, and not at all once `ctx.signal` is aborted before its turn. A tool's
 * `confirm` runs first, outside the lock.
 */
export async function callTool(
  resolved: ResolvedTool,
  args: unknown,
  deps: ToolDeps,
  ctx: CallContext,
  logError: (error: unknown) => void,
): Promise<ToolCallOutcome> {
  if (!zodLoaded()) await loadZod();
  if (!(resolved instanceof RegisteredTool)) {
    const name = resolved.name;
    const error = new DomainError("TOOL_NOT_FOUND", `Tool '${name}' not found`, { tool: name });
    return { ok: false, error: error.toJSON() };
  }
  const tool = resolved.load();
  const parsed = tool.input.safeParse(args ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: invalidInput(ctx.toolName ?? tool.name, parsed.error, args).toJSON(),
    };
  }
  const run = () => tool.run(parsed.data, deps, ctx);
  try {
    if (tool.confirm) await tool.confirm(parsed.data, deps, ctx);
    const result = await (tool.mutates ? deps.serialize(run, ctx.signal) : run());
    return { ok: true, ...result };
  } catch (error) {
    return { ok: false, error: toToolError(error, logError).toJSON() };
  }
}
