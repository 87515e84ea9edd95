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
