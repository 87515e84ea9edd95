/**
 * The facts about a project that OpenSpec's checks read beyond the change itself.
 *
 * @module
 */
import { parse } from "@std/yaml";
import type { ProjectContext } from "../openspec/mod.ts";
import type { RepoContext } from "./context.ts";
import { OPENSPEC, SPECS } from "./layout.ts";

/** Reads the project's schema name, its own schemas and where its specs live. */
export async function projectContext(ctx: RepoContext): Promise<ProjectContext> {
  const { fs } = ctx;
  let projectSchema: string | undefined;
  for (const name of ["config.yaml", "config.yml"]) {
    const path = `${OPENSPEC}/${name}`;
    if ((await fs.stat(path))?.kind !== "file") continue;
    try {
      const config = parse(await fs.readText(path)) as { schema?: unknown } | null;
      if (typeof config?.schema === "string") projectSchema = config.schema;
    } catch {
      // The CLI falls back to the built-in schema when the config cannot be read.
    }
    break;
  }
  const own = await fs.list(`${OPENSPEC}/schemas`).catch(() => []);
  const knownSchemas = ["spec-driven"];
  for (const entry of own) {
    if (entry.kind === "dir" && await fs.stat(`${OPENSPEC}/schemas/${entry.name}/schema.yaml`)) {
      knownSchemas.push(entry.name);
    }
  }
  return {
    knownSchemas,
    ...(projectSchema ? { projectSchema } : {}),
    specsDir: fs.absolute(SPECS),
  };
}
