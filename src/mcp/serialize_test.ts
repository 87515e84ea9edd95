import { assertEquals } from "@std/assert";
import { serializeMessage } from "./serialize.ts";

Deno.test("serializeMessage replaces an unserializable response with -32603 for its id", () => {
  const errors: unknown[] = [];
  const json = serializeMessage(
    { jsonrpc: "2.0", id: 7, result: { n: 1n } },
    (e) => errors.push(e),
  );
  assertEquals(JSON.parse(json!), {
    jsonrpc: "2.0",
    id: 7,
    error: { code: -32603, message: "Internal error" },
  });
  assertEquals(errors.length, 1);
});

Deno.test("serializeMessage drops an unserializable notification and keeps batch members", () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assertEquals(serializeMessage({ jsonrpc: "2.0", method: "x", params: cyclic }), undefined);
  const batch = serializeMessage([
    { jsonrpc: "2.0", id: 1, result: {} },
    { jsonrpc: "2.0", id: 2, result: { n: 2n } },
  ]);
  assertEquals(JSON.parse(batch!), [
    { jsonrpc: "2.0", id: 1, result: {} },
    { jsonrpc: "2.0", id: 2, error: { code: -32603, message: "Internal error" } },
  ]);
  assertEquals(serializeMessage("line\nbreak"), '"line\\nbreak"');
});
