import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import { ProtocolError } from "./backend.ts";
import { digestArguments, parseRequestStateKey, RequestStateCodec } from "./request_state.ts";

const binding = { caller: "stdio", method: "tools/call", name: "change_archive", digest: "d" };

Deno.test("a sealed state opens with its answers for the same binding and key only", async () => {
  const key = new Uint8Array(32).fill(1);
  const codec = new RequestStateCodec(key);
  const state = await codec.seal(binding, ["confirm"], { earlier: { action: "accept" } });
  assertEquals(await codec.open(state, binding), {
    asked: ["confirm"],
    answers: { earlier: { action: "accept" } },
  });
  const otherKey = new RequestStateCodec(new Uint8Array(32).fill(2));
  await assertRejects(() => otherKey.open(state, binding), ProtocolError, "failed verification");
  await assertRejects(
    () => codec.open(state, { ...binding, name: "change_open" }),
    ProtocolError,
    "another request",
  );
});

Deno.test("argument digests ignore key order and see every value", async () => {
  assertEquals(
    await digestArguments({ slug: "a", options: { x: 1, y: [1, 2] } }),
    await digestArguments({ options: { y: [1, 2], x: 1 }, slug: "a" }),
  );
  const one = await digestArguments({ slug: "a", skipSpecs: false });
  assertEquals(one === await digestArguments({ slug: "a", skipSpecs: true }), false);
});

Deno.test("keys are hex or base64 of at least 32 bytes; short ones are refused", () => {
  assertEquals(parseRequestStateKey("ab".repeat(32)).byteLength, 32);
  assertEquals(parseRequestStateKey(btoa("k".repeat(48))).byteLength, 48);
  assertThrows(() => parseRequestStateKey("ab".repeat(16)), TypeError, "16 bytes");
  assertThrows(() => parseRequestStateKey("not a key!"), TypeError, "hex or base64");
  assertThrows(() => new RequestStateCodec(new Uint8Array(8)), RangeError, "at least 32");
});
