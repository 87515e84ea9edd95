import { assertEquals, assertInstanceOf, assertThrows } from "@std/assert";
import { createRespParser, encodeCommand, RedisReplyError } from "./resp.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("resp: commands are arrays of bulk strings, counted in bytes", () => {
  assertEquals(
    new TextDecoder().decode(encodeCommand(["SET", "k", "é", 12])),
    "*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n$2\r\n12\r\n",
  );
});

Deno.test("resp: replies of every type, split anywhere, come out whole and in order", () => {
  const wire =
    "+OK\r\n-ERR bad\r\n:42\r\n$5\r\nhé\r\n\r\n$-1\r\n*3\r\n:1\r\n$3\r\n0.5\r\n*1\r\n+x\r\n*-1\r\n";
  const all = bytes(wire);
  for (let cut = 0; cut <= all.byteLength; cut++) {
    const parser = createRespParser();
    const replies = [...parser.push(all.subarray(0, cut)), ...parser.push(all.subarray(cut))];
    assertEquals(replies.length, 7, `cut at ${cut}`);
    assertEquals(replies[0], "OK");
    assertInstanceOf(replies[1], RedisReplyError);
    assertEquals(replies.slice(2), [42, "hé\r\n", null, [1, "0.5", ["x"]], null]);
  }
  // One byte at a time.
  const parser = createRespParser();
  const replies = [...all].flatMap((b) => parser.push(new Uint8Array([b])));
  assertEquals(replies.length, 7);
});

Deno.test("resp: a reply that is not RESP, or nested absurdly deep, is refused", () => {
  assertThrows(() => createRespParser().push(bytes("?what\r\n")), Error, "Unexpected byte");
  assertThrows(
    () => createRespParser().push(bytes("*1\r\n".repeat(100) + ":1\r\n")),
    Error,
    "deep",
  );
});

Deno.test("resp: a reply larger than the bound is refused, whether announced or streamed", () => {
  assertThrows(() => createRespParser(1024).push(bytes("$2000\r\n")), Error, "exceeds 1024 bytes");
  assertThrows(() => createRespParser(1024).push(bytes("*400\r\n")), Error, "exceeds 1024 bytes");
  // A line that never ends, fed in pieces: refused once the buffer passes the bound.
  const parser = createRespParser(1024);
  assertThrows(
    () => {
      for (let i = 0; i < 100; i++) parser.push(bytes("+" + "x".repeat(99)));
    },
    Error,
    "exceeds 1024 bytes",
  );
  // Many small replies in one chunk larger than the bound are fine.
  const many = ":1\r\n".repeat(1000);
  assertEquals(createRespParser(1024).push(bytes(many)).length, 1000);
});
