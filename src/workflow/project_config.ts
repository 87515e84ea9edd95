/**
 * `openspec/config.yaml` as the OpenSpec CLI reads it for workflows: the default schema, the
 * project context shown with every instruction, per-artifact rules and per-operation guidance.
 * A field of the wrong shape is ignored, never fatal, as in the CLI.
 *
 * @module
 */
import { parse } from "@std/yaml";
import type { FileSystem } from "../fs/file_system.ts";
import { OPENSPEC } from "../repository/layout.ts";

/** The workflow fields of the project configuration. */
export interface ProjectConfig {
  schema?: string;
  context?: string;
  rules?: Record<string, string[]>;
  operations?: Partial<Record<"apply" | "archive", string[]>>;
}

/** The CLI ignores a larger context. */
const MAX_CONTEXT_BYTES = 50 * 1024;

const strings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === "string");

/** Reads `openspec/config.yaml` (or `.yml`); `undefined` when there is none or it is no object. */
export async function readProjectConfig(fs: FileSystem): Promise<ProjectConfig | undefined> {
  let raw: unknown;
  for (const name of ["config.yaml", "config.yml"]) {
    if ((await fs.stat(`${OPENSPEC}/${name}`))?.kind !== "file") continue;
    try {
      raw = parse(await fs.readText(`${OPENSPEC}/${name}`));
    } catch {
      return undefined;
    }
    break;
  }
  if (!raw || typeof raw !== "object") return undefined;
  const r = raw as Record<string, unknown>;
  const config: ProjectConfig = {};
  if (typeof r.schema === "string" && r.schema !== "") config.schema = r.schema;
  if (
    typeof r.context === "string" && new TextEncoder().encode(r.context).length <= MAX_CONTEXT_BYTES
  ) config.context = r.context;
  if (r.rules && typeof r.rules === "object" && !Array.isArray(r.rules)) {
    const rules: Record<string, string[]> = {};
    for (const [id, list] of Object.entries(r.rules)) {
      if (strings(list) && list.some((x) => x.length > 0)) rules[id] = list.filter((x) => x);
    }
    if (Object.keys(rules).length) config.rules = rules;
  }
  if (r.operations && typeof r.operations === "object" && !Array.isArray(r.operations)) {
    const ops = r.operations as Record<string, unknown>;
    for (const id of ["apply", "archive"] as const) {
      const guidance = (ops[id] as { guidance?: unknown } | undefined)?.guidance;
      if (strings(guidance)) (config.operations ??= {})[id] = guidance;
    }
  }
  return config;
}

/** The `context` and `operationGuidance` the CLI adds to apply and archive instructions. */
export function operationInputs(
  config: ProjectConfig | undefined,
  operation: "apply" | "archive",
): { context?: string; operationGuidance?: string[] } {
  const context = config?.context?.trim() ? config.context : undefined;
  const guidance = config?.operations?.[operation];
  return {
    ...(context !== undefined ? { context } : {}),
    ...(guidance?.length ? { operationGuidance: guidance } : {}),
  };
}
