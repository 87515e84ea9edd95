import { assertEquals } from "@std/assert";
import { jsonText, reuseJson, serializeMessage, serializeMessageBytes } from "./serialize.ts";

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

Deno.test("serializeMessageBytes is the UTF-8 of serializeMessage, a reused value encoded once", () => {
  let reads = 0;
  const page = reuseJson({
    get items() {
      reads++;
      return ["é", "✓", 1];
    },
  });
  const decode = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
  const message = { jsonrpc: "2.0", id: "ü", result: page, skipped: undefined };
  const expected = '{"jsonrpc":"2.0","id":"ü","result":{"items":["é","✓",1]}}';
  assertEquals(decode(serializeMessageBytes(message)), expected);
  assertEquals(decode(serializeMessageBytes({ ...message, id: 9 })), expected.replace('"ü"', "9"));
  assertEquals(reads, 1);
  // A reused value first, last or alone between plain members.
  const first = { result: page, id: 1 };
  assertEquals(decode(serializeMessageBytes(first)), JSON.stringify(first));
  assertEquals(decode(serializeMessageBytes({ page })), JSON.stringify({ page }));
  // Anything else, and what cannot be written, as serializeMessage has it.
  const other = { b: [1, { c: "x\ny" }], a: null, 2: true };
  assertEquals(decode(serializeMessageBytes(other)), JSON.stringify(other));
  const errors: unknown[] = [];
  const broken = { jsonrpc: "2.0", id: 7, result: { n: 1n } };
  assertEquals(
    JSON.parse(decode(serializeMessageBytes(broken, (e) => errors.push(e)))).error.code,
    -32603,
  );
  assertEquals(errors.length, 1);
  assertEquals(
    serializeMessageBytes({ jsonrpc: "2.0", method: "x", params: { n: 1n } }),
    undefined,
  );
});
