/**
 * Reading the `propose` prompt's arguments however a client filled them in.
 *
 * Claude Code turns `/mcp__task-mcp__propose Greet users` into positional arguments: each word
 * fills the next argument in order and the last one takes the rest, so the title arrives as
 * `{title: "Greet", template: "users"}`. Named arguments from other clients arrive as meant.
 *
 * @module
 */

/** The arguments of `propose`, put back together. */
export interface ProposeArgs {
  title: string;
  /** The template asked for, or `undefined` for the default. */
  template?: string;
  rationale?: string;
}

/**
 * Reassembles `propose`'s arguments. A `template` that is no template name is more words of the
 * title (and so is anything after it); a title that is a template name followed by more words
 * picks that template (`/propose bugfix Login crash`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * const names = ["feature", "bugfix", "chore"];
 * assertEquals(proposeArgs({ title: "Greet", template: "users" }, names), { title: "Greet users" });
 * assertEquals(proposeArgs({ title: "bugfix", template: "Login", rationale: "crash" }, names), {
 *   title: "Login crash",
 *   template: "bugfix",
 * });
 * ```
 */
export function proposeArgs(args: Record<string, string>, templates: string[]): ProposeArgs {
  const clean = (v: string | undefined) => v?.replace(/\s+/g, " ").trim() || undefined;
  const title = clean(args.title) ?? "";
  const template = clean(args.template);
  const rationale = clean(args.rationale);
  const known = (v: string | undefined) => v !== undefined && templates.includes(v);
  if (known(title) && template !== undefined && !known(template)) {
    return { title: [template, rationale].filter(Boolean).join(" "), template: title };
  }
  if (template !== undefined && !known(template)) {
    return { title: [title, template, rationale].filter(Boolean).join(" ") };
  }
  return {
    title,
    ...(template ? { template } : {}),
    ...(rationale ? { rationale } : {}),
  };
}
