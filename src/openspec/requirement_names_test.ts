import { assertEquals } from "@std/assert";
import {
  foldRequirementName,
  normalizeRequirementName,
  readRequirementReference,
  stripClosingHashes,
} from "./requirement_names.ts";

const SAMPLES = [
  "Foo",
  "Foo ###",
  "Foo ##  ",
  "Foo\t#\t",
  "C#",
  "C# #",
  "Foo # #",
  "Foo#",
  "  Foo  ",
  "####",
  " ##",
  "a \u00a0#",
  "",
  "Foo #x",
];

Deno.test("stripClosingHashes matches the CLI's regex on tricky names", () => {
  for (const sample of SAMPLES) {
    assertEquals(
      stripClosingHashes(sample),
      sample.replace(/[ \t]+#+[ \t]*$/, ""),
      JSON.stringify(sample),
    );
  }
});

Deno.test("names are normalised like the CLI (not idempotent for a double closing run)", () => {
  assertEquals(normalizeRequirementName("  Foo bar ###  "), "Foo bar");
  assertEquals(normalizeRequirementName("Foo # #"), "Foo #");
  assertEquals(normalizeRequirementName(normalizeRequirementName("Foo # #")), "Foo");
  assertEquals(foldRequirementName("Place   Order"), "place order");
});

Deno.test("readRequirementReference matches the CLI's bullet regex", () => {
  const regex = /^\s*`?###\s*Requirement:\s*(.+?)`?\s*$/;
  const lines = [
    " `### Requirement: Legacy export`",
    " ### Requirement: Legacy export  ",
    " `###Requirement:Foo`  ",
    " ### Requirement:    ",
    " ### Requirement:",
    " ### Requirement: `",
    " ### Requirement: a``",
    " ### requirement: lower",
    " `` ### Requirement: x",
  ];
  for (const line of lines) {
    assertEquals(readRequirementReference(line, 0), regex.exec(line)?.[1], JSON.stringify(line));
  }
});
