/**
 * A change's `.openspec.yaml`: the CLI's keys (`schema`, `created`) plus task-mcp's own.
 *
 * The CLI validates this file with a non-strict schema, so unknown keys are stripped when it
 * reads them and never make it fail; we append ours after the CLI's two lines, which stay
 * byte-identical to what `openspec new change` writes.
 *
 * @module
 */
import { parse, stringify } from "@std/yaml";

/** What task-mcp knows about a change from its metadata file. */
export interface ChangeMetadata {
  schema?: string;
  created?: string;
  title?: string;
  owner?: string;
  template?: string;
  createdAt?: string;
  expiresAt?: string;
}

/** Renders a new metadata file. */
export function renderMetadata(meta: ChangeMetadata & { schema: string; created: string }): string {
  let text = `schema: ${meta.schema}\ncreated: ${meta.created}\n`;
  for (const key of ["title", "owner", "template", "createdAt", "expiresAt"] as const) {
    const value = meta[key];
    if (value !== undefined) text += stringify({ [key]: value });
  }
  return text;
}

const asString = (value: unknown): string | undefined =>
  typeof value === "string"
    ? value
    : value instanceof Date
    ? value.toISOString()
    : typeof value === "number"
    ? String(value)
    : undefined;

/** Reads a metadata file; a missing or malformed file gives what could be read (maybe nothing). */
export function parseMetadata(text: string | undefined): ChangeMetadata {
  if (!text) return {};
  let data: unknown;
  try {
    data = parse(text);
  } catch {
    return {};
  }
  if (!data || typeof data !== "object") return {};
  const record = data as Record<string, unknown>;
  const meta: ChangeMetadata = {};
  for (const key of ["schema", "title", "owner", "template", "createdAt", "expiresAt"] as const) {
    const value = asString(record[key]);
    if (value !== undefined) meta[key] = value;
  }
  const created = record.created;
  // YAML reads an unquoted 2026-11-21 as a date; the CLI keeps it as the local calendar date.
  meta.created = created instanceof Date ? created.toISOString().slice(0, 10) : asString(created);
  if (meta.created === undefined) delete meta.created;
  return meta;
}
