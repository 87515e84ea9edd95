import { assertEquals, assertThrows } from "@std/assert";
import { classifyMessage } from "./json_rpc.ts";
import { toolsCallParams } from "./params.ts";
import { ProtocolError } from "./backend.ts";
import { loadZod } from "../zod/zod.ts";

await loadZod();

Deno.test("classifyMessage keeps a request's four members, params copied, and refuses bad ones", () => {
  const params = { name: "x", arguments: { a: [1] } };
  const value = { jsonrpc: "2.0", id: 1, method: "tools/call", params, extra: true };
  const classified = classifyMessage(value);
  assertEquals(classified, {
    kind: "request",
    message: { jsonrpc: "2.0", id: 1, method: "tools/call", params },
  });
  if (classified.kind === "request") assertEquals(classified.message.params === params, false);
  assertEquals(classifyMessage({ jsonrpc: "2.0", id: "a", method: "ping" }), {
    kind: "request",
    message: { jsonrpc: "2.0", id: "a", method: "ping" },
  });
  for (
    const bad of [
      { jsonrpc: "2.0", id: null, method: "ping" },
      { jsonrpc: "2.0", id: Infinity, method: "ping" },
      { jsonrpc: "2.0", id: true, method: "ping" },
      { jsonrpc: "1.0", id: 1, method: "ping" },
      { jsonrpc: "2.0", id: 1, method: 7 },
      { jsonrpc: "2.0", id: 1, method: "ping", params: "x" },
      { jsonrpc: "2.0", id: 1, method: "ping", params: null },
    ]
  ) {
    assertEquals(classifyMessage(bad).kind, "invalid", JSON.stringify(bad));
  }
});

Deno.test("toolsCallParams passes plain params and words the schema's error for the rest", () => {
  assertEquals(toolsCallParams({ name: "t", _meta: { progressToken: 3 } }).name, "t");
  assertEquals(toolsCallParams({ name: "t", arguments: { a: 1 } }).arguments, { a: 1 });
  for (
    const [bad, where] of [
      [{ arguments: {} }, "name"],
      [{ name: 1 }, "name"],
      [{ name: "t", arguments: [1] }, "arguments"],
      [{ name: "t", _meta: { progressToken: true } }, "_meta.progressToken"],
      [{ name: "t", _meta: null }, "_meta"],
    ] as const
  ) {
    const error = assertThrows(() => toolsCallParams(bad), ProtocolError);
    assertEquals(error.message.startsWith(`Invalid params for "tools/call": ${where}: `), true);
  }
});
