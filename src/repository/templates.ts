/**
 * Change templates: rendering the embedded `templates/<name>/` folders into change documents.
 *
 * @module
 */
import { extract } from "@std/front-matter/yaml";
import { EMBEDDED_TEMPLATES } from "../templates/embedded.ts";

/** The template names `change_open` accepts. */
export const TEMPLATE_NAMES = ["feature", "bugfix", "chore"] as const;
/** One of {@link TEMPLATE_NAMES}. */
export type TemplateName = typeof TEMPLATE_NAMES[number];

/** The values substituted for `{{name}}` in templates. */
export interface TemplateValues {
  title: string;
  slug: string;
  capability: string;
  rationale: string;
  owner: string;
  date: string;
  template: string;
  capability_kind: "New" | "Modified";
}

/** What a template says about itself in `template.md`. */
export interface TemplateInfo {
  name: string;
  title: string;
  description: string;
  about: string;
}

const VARIABLE = /\{\{([a-z_]+)\}\}/g;

/** Substitutes known variables; any other `{{…}}` stays as a placeholder for the author. */
export function renderTemplate(text: string, values: TemplateValues): string {
  return text.replace(VARIABLE, (whole, name: string) => {
    const value = (values as unknown as Record<string, string | undefined>)[name];
    return value === undefined ? whole : value;
  });
}

/** The description of a template, or `undefined` when there is no such template. */
export function templateInfo(name: string): TemplateInfo | undefined {
  const text = EMBEDDED_TEMPLATES[`${name}/template.md`];
  if (text === undefined) return undefined;
  const { attrs, body } = extract<{ title?: string; description?: string }>(text);
  return {
    name,
    title: attrs.title ?? name,
    description: attrs.description ?? "",
    about: body.trim(),
  };
}

/**
 * The documents a template writes into a new change, rendered, by path relative to the change:
 * `proposal.md`, `tasks.md`, `specs/<capability>/spec.md`, and `design.md` when the template
 * has one. For an existing capability the skeleton's `## Purpose` section is left out, since
 * archive ignores a delta Purpose for a capability that already has one.
 */
export function renderChangeDocuments(
  name: TemplateName,
  values: TemplateValues,
): Record<string, string> {
  const file = (path: string) => EMBEDDED_TEMPLATES[`${name}/${path}`];
  const out: Record<string, string> = {};
  for (const doc of ["proposal.md", "design.md", "tasks.md"]) {
    const text = file(doc);
    if (text !== undefined) out[doc] = renderTemplate(text, values);
  }
  let spec = file("spec.md") ?? EMBEDDED_TEMPLATES["shared/spec.md"] ?? "";
  if (values.capability_kind === "Modified") {
    spec = spec.replace(/^## Purpose\n[\s\S]*?(?=^## )/m, "");
  }
  out[`specs/${values.capability}/spec.md`] = renderTemplate(spec, values);
  return out;
}

/** The bytes `openspec init --tools none` writes to `openspec/config.yaml`. */
export function initConfigYaml(): string {
  return EMBEDDED_TEMPLATES["init/config.yaml"] ?? "schema: spec-driven\n";
}
