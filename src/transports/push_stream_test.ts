import { assert, assertEquals } from "@std/assert";
import { type EndReason, PushStream, type StreamRegistry } from "./push_stream.ts";
import { formatSseComment, formatSseEvent, formatSseJson } from "./sse_format.ts";

function registry(): StreamRegistry & { streams: Set<PushStream> } {
  const streams = new Set<PushStream>();
  return { streams, add: (s) => void streams.add(s), delete: (s) => void streams.delete(s) };
}

Deno.test("a push stream delivers writes in order and ends on close", async () => {
  const reg = registry();
  const stream = new PushStream({ registry: reg });
  assertEquals(reg.streams.size, 1);
  stream.write("a");
  stream.write("b\n");
  stream.close();
  assertEquals(stream.write("late"), false);
  assertEquals(await new Response(stream.readable).text(), "ab\n");
  assertEquals(reg.streams.size, 0);
});

Deno.test("a cancelled stream stops its tick, leaves the registry and reports why", async () => {
  const reg = registry();
  const ended: EndReason[] = [];
  let ticks = 0;
  const stream = new PushStream({
    registry: reg,
    tick: { intervalMs: 5, run: (s) => void (ticks++, s.write(":\n\n")) },
    onEnd: (reason) => ended.push(reason),
  });
  assert(stream.ticking);
  const reader = stream.readable.getReader();
  await reader.read();
  await reader.cancel();
  assertEquals([stream.open, stream.ticking, reg.streams.size], [false, false, 0]);
  assertEquals(ended, ["cancel"]);
  const seen = ticks;
  await new Promise((r) => setTimeout(r, 20));
  assertEquals(ticks, seen);
});

Deno.test("shutdown writes the farewell last; overflow drops a client that stopped reading", async () => {
  const ended: EndReason[] = [];
  const stream = new PushStream({ farewell: () => "bye\n", onEnd: (r) => ended.push(r) });
  stream.write("hi\n");
  stream.shutdown();
  assertEquals(await new Response(stream.readable).text(), "hi\nbye\n");
  assertEquals(ended, ["shutdown"]);

  const stuck = new PushStream({ maxQueuedBytes: 100, onEnd: (r) => ended.push(r) });
  assertEquals(stuck.write("x".repeat(1000)), true); // within the 64 KiB high-water mark
  let accepted = true;
  for (let i = 0; i < 100 && accepted; i++) accepted = stuck.write("x".repeat(1000));
  assertEquals([accepted, stuck.open, ended.at(-1)], [false, false, "overflow"]);
  await stuck.readable.cancel().catch(() => {});
});

Deno.test("SSE framing: fields, multi-line data and comments", () => {
  assertEquals(
    formatSseEvent({ event: "result", id: "req-1", retry: 500, data: "a\nb" }),
    "event: result\nid: req-1\nretry: 500\ndata: a\ndata: b\n\n",
  );
  assertEquals(formatSseEvent({ event: "x\ny", data: "" }), "event: x y\ndata: \n\n");
  assertEquals(formatSseComment("keep-alive 1"), ": keep-alive 1\n\n");
});

Deno.test("formatSseJson writes JSON text as one data field, the same bytes formatSseEvent would", () => {
  const json = JSON.stringify({ text: "two\nlines", n: 1 });
  assertEquals(formatSseJson("message", json), formatSseEvent({ event: "message", data: json }));
  assertEquals(
    formatSseJson("result", json, "req-1"),
    formatSseEvent({ event: "result", id: "req-1", data: json }),
  );
});
