import { assertEquals } from "@std/assert";
import { changeNameError } from "./change_name.ts";

Deno.test("creation-time change names follow the CLI's rules and message order", () => {
  const cases: [string, string | undefined][] = [
    ["add-auth", undefined],
    ["1-foo", undefined],
    ["x", undefined],
    ["", "Change name cannot be empty"],
    ["a".repeat(201), "Change name is too long (200 characters max)"],
    ["Add_Auth", "Change name must be lowercase (use kebab-case)"],
    ["add auth", "Change name cannot contain spaces (use hyphens instead)"],
    ["add_auth", "Change name cannot contain underscores (use hyphens instead)"],
    ["-ab", "Change name cannot start with a hyphen"],
    ["ab-", "Change name cannot end with a hyphen"],
    ["a--b", "Change name cannot contain consecutive hyphens"],
    ["a.b", "Change name can only contain lowercase letters, numbers, and hyphens"],
    ["é", "Change name can only contain lowercase letters, numbers, and hyphens"],
  ];
  for (const [name, expected] of cases) assertEquals(changeNameError(name), expected, name);
  assertEquals(changeNameError("a".repeat(200)), undefined);
});
