import { assertEquals } from "@std/assert";
import { nestsDeeperThan } from "../transports/json_depth.ts";
import { parseJson, readBody } from "./read_body.ts";
import { acceptedTypes, accepts, names } from "../transports/accept.ts";

Deno.test("readBody refuses bodies over the limit, declared or streamed", async () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    new Request("http://localhost/", { method: "POST", body, headers });
  assertEquals(await readBody(post("{}"), 10), { ok: true, text: "{}" });
  assertEquals(await readBody(post("x".repeat(11)), 10), { ok: false, reason: "too_large" });
  const chunks = ReadableStream.from([new Uint8Array(8), new Uint8Array(8)]);
  assertEquals(await readBody(post(chunks), 10), { ok: false, reason: "too_large" });
  assertEquals(await readBody(new Request("http://localhost/"), 10), { ok: true, text: "" });
  assertEquals(parseJson("null"), { value: null });
  assertEquals(parseJson(""), undefined);
});

Deno.test("Accept parsing honours wildcards and q=0", () => {
  assertEquals(acceptedTypes("Application/JSON; charset=utf-8, text/*;q=0"), ["application/json"]);
  assertEquals(accepts(null, "text/event-stream"), true);
  assertEquals(accepts("text/*", "text/event-stream"), true);
  assertEquals(accepts("application/json", "text/event-stream"), false);
  assertEquals(names("*/*", "application/x-ndjson"), false);
  assertEquals(names("application/x-ndjson", "application/x-ndjson"), true);
});

Deno.test("nestsDeeperThan counts brackets outside strings only", () => {
  assertEquals(nestsDeeperThan('{"a":[[1]]}', 3), false);
  assertEquals(nestsDeeperThan("[[[[]]]]", 3), true);
  assertEquals(nestsDeeperThan('["[[[[[", "\\"[[[["]', 2), false);
  assertEquals(nestsDeeperThan("[]".repeat(1000), 1), false);
  assertEquals(nestsDeeperThan("[".repeat(100_000), 64), true);
});
