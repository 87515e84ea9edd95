import { assertEquals } from "@std/assert";
import { MAX_DEPTH, safeJsonResponse, safeStringify } from "./safe_json.ts";

Deno.test("safeStringify writes what JSON.stringify cannot, pruned, instead of throwing", async () => {
  assertEquals(safeStringify({ a: [1, "x"] }), '{"a":[1,"x"]}');
  assertEquals(safeStringify({ n: 10n }), '{"n":"10"}');
  const cycle: Record<string, unknown> = { name: "loop" };
  cycle.self = cycle;
  assertEquals(safeStringify(cycle), '{"name":"loop","self":"[Circular]"}');
  let deep: unknown = "bottom";
  for (let i = 0; i < 200_000; i++) deep = [deep];
  const text = safeStringify({ details: { value: deep }, n: 1n });
  assertEquals(text.startsWith('{"details":{"value":[[['), true);
  assertEquals((text.match(/\[/g) ?? []).length, MAX_DEPTH - 2);
  assertEquals(text.includes('"…"'), true);
  const res = safeJsonResponse({ ok: 1n }, { status: 413 });
  assertEquals([res.status, await res.text()], [413, '{"ok":"1"}']);
});
