import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { errorOf, openSession, resultOf } from "./_test_backend.ts";
import { RECEIPT_META_KEY } from "./tool_result.ts";

type Tool = Record<string, unknown>;

Deno.test("tools/list pages with an opaque cursor until the last page", async () => {
  const { call } = await openSession("2025-11-25", { pageSize: 3 });
  const names: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const result = resultOf(await call("tools/list", cursor ? { cursor } : {}));
    names.push(...(result.tools as Tool[]).map((tool) => String(tool.name)));
    cursor = result.nextCursor as string | undefined;
    assert(!("nextCursor" in result) || typeof result.nextCursor === "string");
    pages++;
  } while (cursor);
  assertEquals(pages, 3);
  assertEquals(names, [
    "change_open",
    "echo",
    "strict",
    "fail",
    "crash",
    "protocol_fail",
    "wait",
    "progress",
  ]);
});

Deno.test("invalid cursors are -32602, including one from another list", async () => {
  const { call } = await openSession("2025-11-25", { pageSize: 2 });
  const resourcesCursor = resultOf(await call("resources/list")).nextCursor;
  assertEquals(typeof resourcesCursor, "string");
  for (const cursor of ["garbage", "", btoa("tools:-1"), btoa("tools:x"), resourcesCursor]) {
    const error = errorOf(await call("tools/list", { cursor }));
    assertEquals(error.code, -32602, String(cursor));
  }
  assertEquals(errorOf(await call("tools/list", { cursor: 5 })).code, -32602);
  assertEquals(errorOf(await call("prompts/list", { cursor: "zzz" })).code, -32602);
  assertEquals(errorOf(await call("resources/templates/list", { cursor: "zzz" })).code, -32602);
});

Deno.test("tools/list drops fields the negotiated version does not define", async () => {
  const first = async (version: string) => {
    const { call } = await openSession(version);
    return (resultOf(await call("tools/list")).tools as Tool[])[0]!;
  };
  const old = await first("2024-11-05");
  assertEquals(Object.keys(old).sort(), ["description", "inputSchema", "name"]);
  const march = await first("2025-03-26");
  assertEquals(Object.keys(march).sort(), ["annotations", "description", "inputSchema", "name"]);
  assertEquals(march.annotations, { title: "Title of change_open", destructiveHint: false });
  const june = await first("2025-06-18");
  assertEquals(june.title, "Title of change_open");
  assertEquals(june.annotations, { destructiveHint: false });
  assertEquals((june.outputSchema as Tool).type, "object");
});

Deno.test("tools/call resolves dotted aliases to the canonical tool", async () => {
  const { call, backend } = await openSession();
  const result = resultOf(
    await call("tools/call", { name: "change.open", arguments: { slug: "x" } }),
  );
  assertEquals(result.isError, undefined);
  assertEquals(backend.calls.map((c) => [c.name, c.ctx.caller]), [["change_open", "test"]]);
});

Deno.test("an unknown tool is JSON-RPC -32602, not an isError result", async () => {
  const { call, backend } = await openSession();
  const error = errorOf(await call("tools/call", { name: "no_such_tool", arguments: {} }));
  assertEquals(error.code, -32602);
  assertStringIncludes(error.message, "no_such_tool");
  assertEquals(errorOf(await call("tools/call", { arguments: {} })).code, -32602);
  assertEquals(backend.calls.length, 0);
});

Deno.test("an ok outcome on 2025-06-18+ has structured content, JSON text, links and receipt", async () => {
  const { call } = await openSession("2025-06-18");
  const result = resultOf(
    await call("tools/call", { name: "change_open", arguments: { slug: "a" } }),
  );
  assertEquals(result.structuredContent, { slug: "a" });
  assertEquals(result.content, [
    { type: "text", text: 'Opened change "a"' },
    { type: "text", text: '{"slug":"a"}' },
    { type: "resource_link", uri: "change://a", name: "a", mimeType: "text/markdown" },
  ]);
  const receipt = (result._meta as Record<string, Tool>)[RECEIPT_META_KEY];
  assertEquals(receipt?.operation, "change_open");
  assertEquals(receipt?.slug, "a");
});

Deno.test("an ok outcome before 2025-06-18 has no structured content and links as text", async () => {
  const { call } = await openSession("2025-03-26");
  const result = resultOf(
    await call("tools/call", { name: "change_open", arguments: { slug: "a" } }),
  );
  assertEquals("structuredContent" in result, false);
  const content = result.content as Tool[];
  assertEquals(content.map((block) => block.type), ["text", "text", "text"]);
  assertEquals(content[1]?.text, '{"slug":"a"}');
  assertStringIncludes(String(content[2]?.text), "change://a");
});

Deno.test("the JSON text block is not repeated when the text already is the JSON", async () => {
  const { call } = await openSession();
  const result = resultOf(await call("tools/call", { name: "echo", arguments: { a: 1 } }));
  assertEquals(result.content, [{ type: "text", text: '{"echoed":{"a":1}}' }]);
  assertEquals(result.structuredContent, { echoed: { a: 1 } });
});

Deno.test("a failed outcome is an isError result the model can read", async () => {
  const { call } = await openSession("2025-11-25");
  const result = resultOf(await call("tools/call", { name: "fail" }));
  assertEquals(result.isError, true);
  const text = String((result.content as Tool[])[0]?.text);
  assertStringIncludes(text, "NOPE: It failed");
  assertStringIncludes(text, "Hint: Try something else");
  assertStringIncludes(text, '"attempt":1');
  assertEquals(result.structuredContent, {
    error: {
      code: "NOPE",
      message: "It failed",
      hint: "Try something else",
      details: { attempt: 1 },
    },
  });
});

Deno.test("failed outcomes carry structuredContent.error only where the outputSchema allows it", async () => {
  const march = await openSession("2025-03-26");
  const old = resultOf(await march.call("tools/call", { name: "fail" }));
  assertEquals(old.isError, true);
  assertEquals("structuredContent" in old, false); // no structuredContent before 2025-06-18
  const june = await openSession("2025-06-18");
  // change_open's outputSchema has an `error` branch, as the tool registry publishes it.
  const invalid = resultOf(await june.call("tools/call", { name: "change_open", arguments: {} }));
  assertEquals(invalid.isError, true);
  assertStringIncludes(String((invalid.content as Tool[])[0]?.text), "INVALID_INPUT");
  assertEquals((invalid.structuredContent as { error: Tool }).error.code, "INVALID_INPUT");
  // strict's outputSchema has no room for it: the SDK client would reject the whole result.
  const strict = resultOf(
    await june.call("tools/call", { name: "strict", arguments: { fail: true } }),
  );
  assertEquals(strict.isError, true);
  assertStringIncludes(String((strict.content as Tool[])[0]?.text), "STRICT: Strictly failed");
  assertEquals("structuredContent" in strict, false);
});
