import { assertEquals } from "@std/assert";
import { batchLines, createLogger, namespaceMatcher } from "./log.ts";

Deno.test("log: DEBUG names namespaces written at every level, LOG_LEVEL the rest", () => {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger("warn", (line) => lines.push(JSON.parse(line)), {
    debug: "task-mcp:auth,task-mcp:rate*",
  });
  log.info("dropped");
  log.warn("kept");
  log.child("auth").debug("auth debug");
  log.child("ratelimit").info("ratelimit info");
  log.child("http").info("http info dropped");
  log.child("http").error("http error");
  assertEquals(
    lines.map((l) => [l.level, l.msg, l.ns]),
    [
      ["warn", "kept", undefined],
      ["debug", "auth debug", "task-mcp:auth"],
      ["info", "ratelimit info", "task-mcp:ratelimit"],
      ["error", "http error", "task-mcp:http"],
    ],
  );
  for (const line of lines) assertEquals(typeof line.ts, "string");
});

Deno.test("log: namespace patterns as the debug package reads them", () => {
  const all = namespaceMatcher("task-mcp:*");
  assertEquals([all("task-mcp:http"), all("other:http")], [true, false]);
  const some = namespaceMatcher("task-mcp:* -task-mcp:http");
  assertEquals([some("task-mcp:auth"), some("task-mcp:http")], [true, false]);
  assertEquals(namespaceMatcher("")("task-mcp:http"), false);
  assertEquals(namespaceMatcher("task-mcp:a.b")("task-mcp:aXb"), false);
});

Deno.test("log: a level named in DEBUG writes that level everywhere", () => {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger("error", (line) => lines.push(JSON.parse(line)), {
    debug: "task-mcp:warn",
  });
  log.warn("root warning");
  log.child("http").warn("http warning");
  log.child("http").info("dropped");
  assertEquals(lines.map((l) => l.msg), ["root warning", "http warning"]);
});

Deno.test("batchLines writes the lines of one turn together, in order", async () => {
  const writes: string[] = [];
  const out = batchLines((text) => writes.push(text));
  out.write("a\n");
  out.write("b\n");
  assertEquals(writes, []);
  await new Promise((r) => setTimeout(r, 5));
  assertEquals(writes, ["a\nb\n"]);
  out.write("c\n");
  out.flush();
  assertEquals(writes, ["a\nb\n", "c\n"]);
  out.write("x".repeat(70_000) + "\n");
  assertEquals(writes.length, 3); // a large batch is written at once
  await new Promise((r) => setTimeout(r, 5));
  assertEquals(writes.length, 3);
  out.write("d\n", "info");
  out.write("e\n", "warn"); // a warning goes out at once, after what was queued before it
  assertEquals(writes.slice(3), ["d\ne\n"]);
});

Deno.test("records are one JSON line: the record's keys first, then the fields in order", () => {
  const lines: string[] = [];
  const log = createLogger("info", (line) => lines.push(line)).child("http");
  log.info("request", { requestId: "r1", status: 200, skipped: undefined, nested: { a: ["x\n"] } });
  log.info("plain");
  log.warn("failed", { error: new Error("boom"), n: 1 });
  log.info("renamed", { msg: "replaced" });
  assertEquals(
    lines.every((line) => line.endsWith("}\n") && !line.slice(0, -1).includes("\n")),
    true,
  );
  const [request, plain, failed, renamed] = lines.map((line) => JSON.parse(line));
  assertEquals(Object.keys(request), ["ts", "level", "msg", "ns", "requestId", "status", "nested"]);
  assertEquals(request.nested, { a: ["x\n"] });
  assertEquals(Object.keys(plain), ["ts", "level", "msg", "ns"]);
  assertEquals(failed.error.message, "boom");
  assertEquals(renamed.msg, "replaced");
  assertEquals(Object.keys(renamed), ["ts", "level", "msg", "ns"]);
});
