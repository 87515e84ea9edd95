import { assert, assertEquals } from "@std/assert";
import { DeferredStream } from "./deferred_stream.ts";
import type { PushStream, StreamRegistry } from "./push_stream.ts";

function registry(): StreamRegistry & { open: Set<PushStream>; opened: number } {
  const open = new Set<PushStream>();
  return {
    open,
    opened: 0,
    add(stream) {
      this.opened++;
      open.add(stream);
    },
    delete: (stream) => void open.delete(stream),
  };
}

Deno.test("DeferredStream: an answer finished in time is one body, with no stream or timer", async () => {
  const streams = registry();
  const answer = new DeferredStream(": open\n\n", {
    graceMs: 1000,
    streamOnWrite: false,
    registry: streams,
    tick: { intervalMs: 5, run: (s) => s.write(": tick\n\n") },
  });
  const pending = answer.response({ "Content-Type": "text/event-stream" });
  answer.write("data: 1\n\n");
  answer.close();
  const response = await pending;
  assertEquals(await response.text(), ": open\n\ndata: 1\n\n");
  assertEquals(response.headers.get("content-type"), "text/event-stream");
  assertEquals(streams.opened, 0);
  assertEquals(answer.write("late"), false);
});

Deno.test("DeferredStream: a write starts the stream at once when streamOnWrite", async () => {
  const streams = registry();
  const answer = new DeferredStream(": open\n\n", {
    graceMs: 60_000,
    streamOnWrite: true,
    registry: streams,
  });
  const pending = answer.response({});
  answer.write("event: progress\n\n");
  const response = await pending; // long before the grace period ends
  assertEquals(streams.opened, 1);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("progress")) seen += (await reader.read()).value;
  assertEquals(seen, ": open\n\nevent: progress\n\n");
  answer.write("data: done\n\n");
  answer.close();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += value;
  }
  assertEquals(seen, ": open\n\nevent: progress\n\ndata: done\n\n");
  assertEquals(streams.open.size, 0);
});

Deno.test("DeferredStream: a call still running after graceMs gets a live stream", async () => {
  const streams = registry();
  const answer = new DeferredStream("start\n", {
    graceMs: 20,
    streamOnWrite: false,
    registry: streams,
    tick: { intervalMs: 10, run: (s) => s.write("tick\n") },
  });
  const t0 = Date.now();
  const response = await answer.response({});
  assert(Date.now() - t0 >= 15, "the answer was held for the grace period");
  assertEquals(streams.opened, 1);
  await new Promise((resolve) => setTimeout(resolve, 35));
  answer.write("end\n");
  answer.close();
  const text = await response.text();
  assert(text.startsWith("start\ntick\n"), text);
  assert(text.endsWith("tick\nend\n"), text);
  assertEquals(streams.open.size, 0);
});
