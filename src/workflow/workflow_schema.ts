/**
 * Workflow schemas (`schema.yaml`): the artifacts a change is made of, what each one requires,
 * and the apply phase — parsed and checked with the OpenSpec CLI's rules.
 *
 * @module
 */
import { parse } from "@std/yaml";

/** One artifact of a workflow schema. */
export interface Artifact {
  id: string;
  /** The file or glob the artifact writes, relative to the change folder. */
  generates: string;
  description: string;
  /** The template's path inside the schema's `templates/` folder. */
  template: string;
  instruction?: string;
  requires: string[];
}

/** A parsed workflow schema. */
export interface WorkflowSchema {
  name: string;
  version: number;
  description?: string;
  artifacts: Artifact[];
  apply?: { requires: string[]; tracks?: string | null; instruction?: string };
}

/** Why a `schema.yaml` cannot be used. */
export class SchemaError extends Error {
  override name = "SchemaError";
}

const str = (v: unknown): v is string => typeof v === "string";

function relativePath(value: unknown, field: string): string {
  if (!str(value) || value === "") throw new SchemaError(`${field} is required`);
  if (
    value.startsWith("/") || /^[A-Za-z]:/.test(value) || value.split(/[\\/]+/).includes("..") ||
    value.includes("\0")
  ) throw new SchemaError(`${field} must be a relative path inside its allowed directory`);
  return value;
}

function artifactOf(raw: unknown, index: number): Artifact {
  const a = (raw ?? {}) as Record<string, unknown>;
  if (!str(a.id) || a.id === "") {
    throw new SchemaError(`artifacts.${index}.id: Artifact ID is required`);
  }
  if (!str(a.description)) throw new SchemaError(`artifacts.${index}.description: expected string`);
  const requires = a.requires ?? [];
  if (!Array.isArray(requires) || !requires.every(str)) {
    throw new SchemaError(`artifacts.${index}.requires: expected an array of strings`);
  }
  return {
    id: a.id,
    generates: relativePath(a.generates, "generates field"),
    description: a.description,
    template: relativePath(a.template, "template field"),
    ...(str(a.instruction) ? { instruction: a.instruction } : {}),
    requires,
  };
}

function checkGraph(schema: WorkflowSchema): void {
  const ids = new Set<string>();
  for (const a of schema.artifacts) {
    if (ids.has(a.id)) throw new SchemaError(`Duplicate artifact ID: ${a.id}`);
    ids.add(a.id);
  }
  for (const a of schema.artifacts) {
    for (const r of a.requires) {
      if (!ids.has(r)) {
        throw new SchemaError(
          `Invalid dependency reference in artifact '${a.id}': '${r}' does not exist`,
        );
      }
    }
  }
  for (const r of schema.apply?.requires ?? []) {
    if (!ids.has(r)) {
      throw new SchemaError(`Invalid apply.requires reference: '${r}' does not exist`);
    }
  }
  const byId = new Map(schema.artifacts.map((a) => [a.id, a]));
  const state = new Map<string, "open" | "done">();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === "done") return;
    if (state.get(id) === "open") {
      throw new SchemaError(`Cyclic dependency detected: ${[...path, id].join(" → ")}`);
    }
    state.set(id, "open");
    for (const r of byId.get(id)!.requires) visit(r, [...path, id]);
    state.set(id, "done");
  };
  for (const a of schema.artifacts) visit(a.id, []);
}

/** Parses and checks a `schema.yaml`; throws {@link SchemaError}. */
export function parseWorkflowSchema(text: string): WorkflowSchema {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new SchemaError(`Invalid YAML: ${(error as Error).message}`);
  }
  const r = (raw ?? {}) as Record<string, unknown>;
  if (!str(r.name) || r.name === "") throw new SchemaError("name: Schema name is required");
  if (typeof r.version !== "number" || !Number.isInteger(r.version) || r.version < 1) {
    throw new SchemaError("version: Version must be a positive integer");
  }
  if (!Array.isArray(r.artifacts) || r.artifacts.length === 0) {
    throw new SchemaError("artifacts: At least one artifact required");
  }
  const schema: WorkflowSchema = {
    name: r.name,
    version: r.version,
    ...(str(r.description) ? { description: r.description } : {}),
    artifacts: r.artifacts.map(artifactOf),
  };
  if (r.apply !== undefined && r.apply !== null) {
    const a = r.apply as Record<string, unknown>;
    if (!Array.isArray(a.requires) || a.requires.length === 0 || !a.requires.every(str)) {
      throw new SchemaError("apply.requires: At least one required artifact");
    }
    schema.apply = {
      requires: a.requires,
      ...(a.tracks === null ? { tracks: null } : {}),
      ...(a.tracks !== undefined && a.tracks !== null
        ? { tracks: relativePath(a.tracks, "apply.tracks") }
        : {}),
      ...(str(a.instruction) ? { instruction: a.instruction } : {}),
    };
  }
  checkGraph(schema);
  return schema;
}
