/**
 * Where a workflow schema comes from, in the OpenSpec CLI's order: the project's own
 * `openspec/schemas/<name>/schema.yaml`, then the built-in schemas shipped inside task-mcp
 * (`spec-driven`, the CLI's default, byte for byte). The CLI's per-user folder
 * (`$XDG_DATA_HOME/openspec/schemas`) belongs to one person's machine and is not consulted.
 *
 * @module
 */
import type { FileSystem } from "../fs/file_system.ts";
import { remembered } from "../lru_map.ts";
import { OPENSPEC } from "../repository/layout.ts";
import { EMBEDDED_TEMPLATES } from "../templates/embedded.ts";
import { parseWorkflowSchema, SchemaError, type WorkflowSchema } from "./workflow_schema.ts";

/** The schema a change uses when nothing names one. */
export const DEFAULT_SCHEMA = "spec-driven";

const PROJECT_SCHEMAS = `${OPENSPEC}/schemas`;
const BUILT_IN = "schemas";

const isPlainName = (name: string) =>
  name !== "" && name !== "." && name !== ".." && !/[\\/]/.test(name) && !/^[A-Za-z]:/.test(name);

/** The schema names a project can use: its own, then the built-in ones. */
export async function listSchemaNames(fs: FileSystem): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await fs.list(PROJECT_SCHEMAS).catch(() => [])) {
    if (entry.kind !== "dir" && entry.kind !== "symlink") continue;
    if ((await fs.stat(`${PROJECT_SCHEMAS}/${entry.name}/schema.yaml`))?.kind === "file") {
      names.push(entry.name);
    }
  }
  for (const path of Object.keys(EMBEDDED_TEMPLATES)) {
    const m = /^schemas\/([^/]+)\/schema\.yaml$/.exec(path);
    if (m && !names.includes(m[1]!)) names.push(m[1]!);
  }
  return names.sort();
}

/** A resolved schema and how to read its templates. */
export interface LoadedSchema {
  schema: WorkflowSchema;
  /** The name it was resolved by (the folder name). */
  name: string;
  /** Reads `templates/<path>` of the schema; throws {@link SchemaError} when missing. */
  template(path: string): Promise<string>;
}

/** Loads the schema `name`; throws {@link SchemaError} naming the available ones. */
export async function loadSchema(fs: FileSystem, name: string): Promise<LoadedSchema> {
  const normalized = name.replace(/\.ya?ml$/, "");
  if (isPlainName(normalized)) {
    const dir = `${PROJECT_SCHEMAS}/${normalized}`;
    if ((await fs.stat(`${dir}/schema.yaml`))?.kind === "file") {
      const schema = parseOrExplain(await fs.readText(`${dir}/schema.yaml`), `${dir}/schema.yaml`);
      return {
        schema,
        name: normalized,
        template: async (path) => {
          const file = `${dir}/templates/${path}`;
          if ((await fs.stat(file))?.kind !== "file") {
            throw new SchemaError(`Template not found: ${fs.absolute(file)}`);
          }
          return await fs.readText(file);
        },
      };
    }
    const builtIn = EMBEDDED_TEMPLATES[`${BUILT_IN}/${normalized}/schema.yaml`];
    if (builtIn !== undefined) {
      return {
        schema: parseOrExplain(builtIn, `${BUILT_IN}/${normalized}/schema.yaml`),
        name: normalized,
        template: (path) => {
          const text = EMBEDDED_TEMPLATES[`${BUILT_IN}/${normalized}/templates/${path}`];
          if (text === undefined) {
            return Promise.reject(new SchemaError(`Template not found: ${path}`));
          }
          return Promise.resolve(text);
        },
      };
    }
  }
  throw new SchemaError(
    `Schema '${normalized}' not found. Available schemas: ${
      (await listSchemaNames(fs)).join(", ")
    }`,
  );
}

/**
 * Parsed schemas by their text. Every status, instruction and task tick resolves a schema, and
 * parsing the built-in one (13 KB of YAML) costs about as much as the rest of a task tick; the
 * text is still read each time, so an edited schema is parsed again. Frozen, since it is shared.
 */
const parsed = remembered(32, (text: string) => deepFreeze(parseWorkflowSchema(text)));

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function parseOrExplain(text: string, path: string): WorkflowSchema {
  try {
    return parsed(text);
  } catch (error) {
    if (error instanceof SchemaError) {
      throw new SchemaError(`Invalid schema at '${path}': ${error.message}`);
    }
    throw error;
  }
}
