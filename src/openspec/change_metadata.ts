/** Reads `.openspec.yaml` the way validate and archive do (markers and schema resolution). @module */
import { parse } from "@std/yaml";
import type { ProjectContext } from "./types.ts";

/** A boolean marker (`skip_specs`, `retire_capabilities`): honoured, or why it cannot be. */
export interface MarkerState {
  declared: boolean;
  invalidReason?: string;
}

type Parsed = { ok: true; value: unknown } | { ok: false };

function parseYaml(text: string): Parsed {
  try {
    // The CLI's `yaml` package uses the YAML 1.2 core schema (dates stay strings).
    return { ok: true, value: parse(text, { schema: "core" }) };
  } catch {
    return { ok: false };
  }
}

/** zod 4's name for the type it received, as printed in "Invalid input" messages. */
function receivedType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
    return "number";
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null
      ? "object"
      : (proto.constructor?.name ?? "object");
  }
  return typeof value;
}

const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;
const KEBAB_MESSAGE =
  "must be kebab-case with lowercase letters, numbers, and single hyphen separators";

function expected(type: string, value: unknown): string {
  return `Invalid input: expected ${type}, received ${receivedType(value)}`;
}

type Issue = { path: string; message: string };

/** First issue of the CLI's ChangeMetadataSchema (field order as in the schema), or undefined. */
function firstMetadataIssue(data: Record<string, unknown>): Issue | undefined {
  const optionalString = (
    key: string,
    check: (s: string) => string | undefined,
  ): Issue | undefined => {
    const value = data[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string") return { path: key, message: expected("string", value) };
    const problem = check(value);
    return problem === undefined ? undefined : { path: key, message: problem };
  };
  const schema = data.schema;
  if (typeof schema !== "string") return { path: "schema", message: expected("string", schema) };
  if (schema.length < 1) return { path: "schema", message: "schema is required" };
  const created = optionalString(
    "created",
    (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) ? undefined : "created must be YYYY-MM-DD format",
  );
  if (created) return created;
  const goal = optionalString(
    "goal",
    (s) => s.length >= 1 ? undefined : "Too small: expected string to have >=1 characters",
  );
  if (goal) return goal;
  const areas = data.affected_areas;
  if (areas !== undefined) {
    if (!Array.isArray(areas)) return { path: "affected_areas", message: expected("array", areas) };
    for (let i = 0; i < areas.length; i++) {
      const item: unknown = areas[i];
      if (typeof item !== "string") {
        return { path: `affected_areas.${i}`, message: expected("string", item) };
      }
      if (item.length < 1) {
        return {
          path: `affected_areas.${i}`,
          message: "Too small: expected string to have >=1 characters",
        };
      }
    }
  }
  const initiative = data.initiative;
  if (initiative !== undefined) {
    if (receivedType(initiative) !== "object") {
      return { path: "initiative", message: expected("object", initiative) };
    }
    const link = initiative as Record<string, unknown>;
    for (const [key, label] of [["store", "Store id"], ["id", "Initiative id"]] as const) {
      const value = link[key];
      if (typeof value !== "string") {
        return { path: `initiative.${key}`, message: expected("string", value) };
      }
      if (!KEBAB_ID.test(value)) {
        return { path: `initiative.${key}`, message: `${label} ${KEBAB_MESSAGE}` };
      }
    }
    const extra = Object.keys(link).filter((key) => key !== "store" && key !== "id");
    if (extra.length > 0) {
      const names = extra.map((key) => `"${key}"`).join(", ");
      return {
        path: "initiative",
        message: `Unrecognized key${extra.length > 1 ? "s" : ""}: ${names}`,
      };
    }
  }
  for (const key of ["skip_specs", "retire_capabilities"]) {
    const value = data[key];
    if (value !== undefined && typeof value !== "boolean") {
      return { path: key, message: expected("boolean", value) };
    }
  }
  return undefined;
}

function unhonorable(reason: string): MarkerState {
  // deno-lint-ignore no-control-regex
  return { declared: false, invalidReason: reason.replace(/[\u0000-\u001f\u007f]/g, "?") };
}

/**
 * Reads a boolean marker like the CLI: honoured only when the whole file is valid
 * change metadata naming a known schema; a marker that is mentioned but cannot be
 * honoured yields `invalidReason`.
 */
export function readMarker(
  metadataText: string | undefined,
  key: "skip_specs" | "retire_capabilities",
  context: ProjectContext = {},
): MarkerState {
  if (metadataText === undefined) return { declared: false };
  const parsed = parseYaml(metadataText);
  if (!parsed.ok) {
    // Anchored, so a comment that merely mentions the key does not count.
    const mentioned = new RegExp(`^\\s*(['"]?)${key}\\1\\s*:`, "m").test(metadataText);
    return mentioned ? unhonorable("the file is not valid YAML") : { declared: false };
  }
  const data = parsed.value;
  const isObject = typeof data === "object" && data !== null;
  const issue = isObject && !Array.isArray(data)
    ? firstMetadataIssue(data as Record<string, unknown>)
    : { path: "", message: expected("object", data) };
  if (issue === undefined) {
    const record = data as Record<string, unknown>;
    if (record[key] !== true) return { declared: false };
    const schema = String(record.schema);
    if (!knownSchemas(context).includes(schema)) {
      return unhonorable(`schema: unknown schema '${schema}'`);
    }
    return { declared: true };
  }
  const record = data as Record<string, unknown>;
  if (isObject && key in record && record[key] !== false) {
    return unhonorable(`${issue.path ? `${issue.path}: ` : ""}${issue.message}`);
  }
  return { declared: false };
}

function knownSchemas(context: ProjectContext): readonly string[] {
  return context.knownSchemas ?? ["spec-driven"];
}

/**
 * The workflow schema the change resolves to (metadata, then project config, then
 * `spec-driven`), or undefined when the metadata is unreadable, invalid or names an
 * unknown schema (the CLI then skips every task-file check).
 */
export function resolveChangeSchema(
  metadataText: string | undefined,
  context: ProjectContext = {},
): string | undefined {
  if (metadataText === undefined) return context.projectSchema ?? "spec-driven";
  const parsed = parseYaml(metadataText);
  if (!parsed.ok) return undefined;
  const data = parsed.value;
  // An empty file parses to null, which the metadata schema rejects like any non-object.
  if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
  if (firstMetadataIssue(data as Record<string, unknown>) !== undefined) return undefined;
  const schema = String((data as Record<string, unknown>).schema);
  return knownSchemas(context).includes(schema) ? schema : undefined;
}
