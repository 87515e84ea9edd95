/**
 * `completion/complete` for the slugs, capabilities and templates in resource templates and
 * prompt arguments.
 *
 * @module
 */
import type { CompletionRef, CompletionResult } from "../backend_types.ts";
import { isExistingSlug } from "../repository/change_slug.ts";
import { CHANGES } from "../repository/layout.ts";
import { listMainSpecs } from "../repository/main_specs.ts";
import { TEMPLATE_NAMES } from "../repository/templates.ts";
import type { ToolDeps } from "../tools/tool.ts";
import { loadChangeWorkflow } from "../workflow/change_workflow.ts";

const MAX = 100;

async function deltaPaths(deps: ToolDeps, slug: string | undefined): Promise<string[]> {
  if (!slug || !isExistingSlug(slug)) return [];
  const tree = await deps.repo.fs.tree(`${CHANGES}/${slug}/specs`).catch(() => []);
  return tree.filter((e) => e.kind === "file" && e.path.endsWith("/spec.md"))
    .map((e) => e.path).sort();
}

async function artifactIds(deps: ToolDeps, slug: string | undefined): Promise<string[]> {
  if (!slug || !isExistingSlug(slug)) return [];
  try {
    const w = await loadChangeWorkflow(deps.repo, slug);
    return [...w.loaded.schema.artifacts.map((a) => a.id), "apply", "archive"];
  } catch {
    return [];
  }
}

/** The values that complete `argument.value` for the given reference. */
export async function complete(
  deps: ToolDeps,
  ref: CompletionRef,
  argument: { name: string; value: string },
  context: Record<string, string>,
): Promise<CompletionResult> {
  let candidates: string[] = [];
  switch (argument.name) {
    case "slug":
      candidates = await deps.index.names(CHANGES);
      break;
    case "capability":
      candidates = (await listMainSpecs(deps.repo.fs)).map((s) => s.capability);
      break;
    case "path":
      candidates = ref.type === "ref/resource" ? await deltaPaths(deps, context.slug) : [];
      break;
    case "template":
      candidates = [...TEMPLATE_NAMES];
      break;
    case "artifact":
      candidates = await artifactIds(deps, context.slug);
      break;
    case "status":
      candidates = ["draft", "all"];
      break;
  }
  const matches = candidates.filter((c) => c.startsWith(argument.value));
  return {
    values: matches.slice(0, MAX),
    total: matches.length,
    hasMore: matches.length > MAX,
  };
}
