import { assertEquals } from "@std/assert";
import { jsonText, reuseJson, serializeMessage } from "./serialize.ts";

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

Deno.test("jsonText writes what JSON.stringify writes, and a reused value only once", () => {
  let reads = 0;
  const page = reuseJson({
    get items() {
      reads++;
      return [1, 2];
    },
  });
  const message = { jsonrpc: "2.0", id: 3, result: page, skipped: undefined, f: () => 1 };
  const expected = '{"jsonrpc":"2.0","id":3,"result":{"items":[1,2]}}';
  assertEquals(jsonText(message), expected);
  assertEquals(jsonText({ ...message, id: 4 }), expected.replace('"id":3', '"id":4'));
  assertEquals(serializeMessage({ ...message, id: 5 }), expected.replace('"id":3', '"id":5'));
  assertEquals(reads, 1);
  // Anything else is plain JSON.stringify, key order and all.
  const other = { b: [1, { c: "x\ny" }], a: null, 2: true, d: new Date(0) };
  assertEquals(jsonText(other), JSON.stringify(other));
  assertEquals(jsonText("s"), '"s"');
  assertEquals(jsonText(undefined), "null");
});
