/**
 * HTML built from templates whose every interpolated value is escaped unless it is already
 * {@link SafeHtml}: change content (titles, proposals, specs) is text written by anyone who can
 * call `change_write`, and must reach the page inert.
 *
 * @module
 */

/** Markup that is already safe to put into a page. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

type Value = SafeHtml | string | number | boolean | null | undefined | Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/**
 * A template tag: literal parts are kept, values escaped (arrays joined, `null`, `undefined`
 * and `false` left out).
 *
 * @example
 * ```ts
 * import { html } from "./html.ts";
 * html`<p>${"<script>"}</p>`.value; // "<p>&lt;script&gt;</p>"
 * ```
 */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => out += render(value) + (strings[i + 1] ?? ""));
  return new SafeHtml(out);
}

/** Marks trusted markup (built by this module's callers from escaped parts) as safe. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
