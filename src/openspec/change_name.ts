/** Creation-time change-name rules of `openspec new change`. @module */

const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;

/**
 * Undefined when `name` is a valid new change name, else the CLI's exact message
 * (checks tried in the CLI's order).
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals(changeNameError("add-auth"), undefined);
 * assertEquals(changeNameError("Add"), "Change name must be lowercase (use kebab-case)");
 * ```
 */
export function changeNameError(name: string): string | undefined {
  if (!name) return "Change name cannot be empty";
  // Directory names cap at 255 bytes and archive prepends a date.
  if (name.length > 200) return "Change name is too long (200 characters max)";
  if (KEBAB_ID.test(name)) return undefined;
  if (/[A-Z]/.test(name)) return "Change name must be lowercase (use kebab-case)";
  if (/\s/.test(name)) return "Change name cannot contain spaces (use hyphens instead)";
  if (name.includes("_")) return "Change name cannot contain underscores (use hyphens instead)";
  if (name.startsWith("-")) return "Change name cannot start with a hyphen";
  if (name.endsWith("-")) return "Change name cannot end with a hyphen";
  if (name.includes("--")) return "Change name cannot contain consecutive hyphens";
  if (/[^a-z0-9-]/.test(name)) {
    return "Change name can only contain lowercase letters, numbers, and hyphens";
  }
  return "Change name must follow kebab-case convention (e.g., add-auth, refactor-db)";
}
