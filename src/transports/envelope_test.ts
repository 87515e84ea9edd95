import { assertEquals, assertThrows } from "@std/assert";
import { DomainError } from "../errors.ts";
import { parseEnvelope } from "./envelope.ts";

const resolve = (name: string) =>
  ({ "change.open": "change_open", "change_open": "change_open" })[name];

function codeOf(body: unknown): [string, unknown] {
  const error = assertThrows(() => parseEnvelope(body, resolve), DomainError);
  return [error.code, (error.details as { field?: string } | undefined)?.field];
}

Deno.test("an envelope takes dotted and underscore names and defaults apiVersion", () => {
  const dotted = parseEnvelope({ tool: "change.open", input: { slug: "a-b" } }, resolve);
  assertEquals(dotted, {
    tool: "change.open",
    canonical: "change_open",
    input: { slug: "a-b" },
    apiVersion: "1.0.0",
  });
  const underscored = parseEnvelope(
    { tool: "change_open", input: {}, apiVersion: "1.4.2" },
    resolve,
  );
  assertEquals([underscored.canonical, underscored.apiVersion], ["change_open", "1.4.2"]);
});

Deno.test("envelope failures carry the API reference's codes and the offending field", () => {
  assertEquals(codeOf("text"), ["VALIDATION_ERROR", "body"]);
  assertEquals(codeOf(null), ["VALIDATION_ERROR", "body"]);
  assertEquals(codeOf([]), ["VALIDATION_ERROR", "body"]);
  assertEquals(codeOf({ input: {} }), ["VALIDATION_ERROR", "tool"]);
  assertEquals(codeOf({ tool: 7, input: {} }), ["INVALID_TOOL_NAME", "tool"]);
  assertEquals(codeOf({ tool: "", input: {} }), ["INVALID_TOOL_NAME", "tool"]);
  assertEquals(codeOf({ tool: "a/b", input: {} }), ["INVALID_TOOL_NAME", "tool"]);
  assertEquals(codeOf({ tool: "change.close", input: {} }), ["TOOL_NOT_FOUND", undefined]);
  assertEquals(codeOf({ tool: "change.open" }), ["VALIDATION_ERROR", "input"]);
  assertEquals(codeOf({ tool: "change.open", input: [1] }), ["VALIDATION_ERROR", "input"]);
  assertEquals(codeOf({ tool: "change.open", input: {}, apiVersion: "2.0.0" }), [
    "VALIDATION_ERROR",
    "apiVersion",
  ]);
  assertEquals(codeOf({ tool: "change.open", input: {}, apiVersion: 1 }), [
    "VALIDATION_ERROR",
    "apiVersion",
  ]);
});
