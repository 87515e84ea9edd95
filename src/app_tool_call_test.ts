import { assert, assertEquals } from "@std/assert";
import { createApp } from "./app.ts";
import type { FileSystem } from "./fs/file_system.ts";
import { createMemoryFileSystem } from "./fs/memory.ts";
import { LOCK } from "./repository/repo_lock.ts";
import { runEnvelopeCall } from "./transports/envelope_call.ts";
import { MemoryBackend } from "./mcp/_test_backend.ts";
import type { CallContext, McpBackend, ResolvedTool, ToolCallOutcome } from "./mcp/backend.ts";
import { createMcpServer } from "./mcp/server.ts";
import { runToolCall } from "./mcp/tool_call.ts";

const context = (signal = new AbortController().signal): CallContext => ({
  signal,
  caller: "test",
  progress() {},
  log() {},
});
const same = (outcome: ToolCallOutcome) => outcome;

Deno.test("runToolCall answers REQUEST_TIMEOUT at the deadline and aborts the call's signal", async () => {
  const backend = new MemoryBackend();
  const began = performance.now();
  const answer = await runToolCall(backend, {
    tool: backend.findTool("wait")!,
    args: {},
    ctx: context(),
    limits: { timeoutMs: 50 },
    render: same,
  });
  assertEquals(answer, {
    ok: false,
    error: {
      code: "REQUEST_TIMEOUT",
      message: "Request timed out after 50 ms",
      hint: "Try reducing the complexity of your request or check server performance",
    },
  });
  assert(performance.now() - began < 1000);
  const seen = backend.calls[0]!.ctx.signal;
  assertEquals([seen.aborted, (seen.reason as DOMException).name], [true, "TimeoutError"]);
});

Deno.test("runToolCall passes the caller's cancellation to the tool and answers what it returns", async () => {
  const backend = new MemoryBackend();
  const caller = new AbortController();
  const running = runToolCall(backend, {
    tool: backend.findTool("wait")!,
    args: {},
    ctx: context(caller.signal),
    limits: { timeoutMs: 10_000 },
    render: same,
  });
  await new Promise((r) => setTimeout(r, 10));
  caller.abort(new DOMException("The client went away", "AbortError"));
  const answer = await running;
  assertEquals(answer.ok && answer.value.ok && answer.value.text, "done waiting");
  assertEquals(backend.calls[0]!.ctx.signal.reason.message, "The client went away");
});

Deno.test("runToolCall caps what render made of the outcome, as measure sees it", async () => {
  const backend = new MemoryBackend();
  const call = (maxBytes: number, measure?: (value: ToolCallOutcome) => string | undefined) =>
    runToolCall(backend, {
      tool: backend.findTool("echo")!,
      args: { text: "x".repeat(3000) },
      ctx: context(),
      limits: { maxBytes },
      render: same,
      measure,
    });
  const capped = await call(2048);
  assertEquals(capped.ok ? "" : capped.error.code, "RESPONSE_TOO_LARGE");
  assertEquals(capped.ok ? "" : capped.error.message, "Response size (6KB) exceeds limit of 2KB");
  assertEquals((await call(1024 * 1024)).ok, true);
  assertEquals((await call(2048, () => undefined)).ok, true, "nothing measured, nothing capped");
  assertEquals((await call(2048, () => "small")).ok, true);
});

Deno.test("runToolCall rejects when the tool throws, for the caller to render", async () => {
  const backend = new MemoryBackend();
  const failed = await runToolCall(backend, {
    tool: backend.findTool("crash")!,
    args: {},
    ctx: context(),
    render: same,
  }).then(() => "resolved", (error: Error) => error.message);
  assertEquals(failed, "secret internal detail at /home/user/repo");
});

/** The real application's backend, counting the look-ups of tools and where locks are taken. */
function countedApp() {
  const memory = createMemoryFileSystem();
  let locks = 0;
  const fs: FileSystem = {
    ...memory,
    async rename(from, to) {
      await memory.rename(from, to);
      if (to === LOCK) locks++; // taken
    },
  };
  const app = createApp({ fs });
  const found: ResolvedTool[] = [];
  const called: ResolvedTool[] = [];
  const backend: McpBackend = {
    ...app.backend,
    findTool(name) {
      const tool = app.backend.findTool(name);
      if (tool) found.push(tool);
      return tool;
    },
    callTool(tool, args, ctx) {
      called.push(tool);
      return app.backend.callTool(tool, args, ctx);
    },
  };
  return { app, backend, fs: memory, found, called, locks: () => locks };
}

Deno.test("tools/call finds its tool once and hands that tool to the registry", async () => {
  const t = countedApp();
  const session = createMcpServer(t.backend).createSession({
    caller: "test",
    protocolVersion: "2025-06-18",
  });
  const answer = await session.handle({
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: { name: "change.open", arguments: { title: "Once", slug: "found-once" } },
  });
  assert(answer && !Array.isArray(answer) && "result" in answer, JSON.stringify(answer));
  assertEquals(t.found.length, 1);
  assertEquals(t.called, t.found);
  assertEquals(t.found[0]!.name, "change_open");
  session.close();
  t.app.close();
});

Deno.test("an envelope call runs the tool its envelope resolved, without looking it up again", async () => {
  const t = countedApp();
  const tool = t.backend.findTool("changes.active")!;
  const outcome = await runEnvelopeCall(t.backend, {
    tool: "changes.active",
    canonical: tool,
    input: {},
    apiVersion: "1.0.0",
  }, { signal: new AbortController().signal, caller: "test" });
  assertEquals(outcome.ok, true);
  assertEquals([t.found.length, t.called.length], [1, 1]);
  assertEquals(t.called[0], tool);
  t.app.close();
});

Deno.test("the registry takes the repository lock for tools that mutate, and only for them", async () => {
  const t = countedApp();
  const call = (name: string, args: Record<string, unknown>) =>
    runToolCall(t.backend, {
      tool: t.backend.findTool(name)!,
      args,
      ctx: context(),
      render: same,
    });
  await call("changes_active", {});
  await call("change_show", { slug: "nope" });
  assertEquals(t.locks(), 0, "reads run without the lock");
  const opened = await call("change_open", { title: "Locked", slug: "locked-one" });
  assertEquals(opened.ok && opened.value.ok, true);
  await call("change_task", { slug: "locked-one", task: "1.1", done: true });
  assertEquals(t.locks(), 2, "each mutation once");
  // An invalid mutation is refused before its turn: no lock.
  await call("change_open", { title: "" });
  assertEquals(t.locks(), 2);
  t.app.close();
});

Deno.test("a mutation still waiting for the lock at its deadline never runs", async () => {
  const t = countedApp();
  // Another process holds the lock.
  await t.fs.writeAtomic(`${LOCK}/owner.other.0`, JSON.stringify({ pid: 1 }));
  const answer = await runToolCall(t.backend, {
    tool: t.backend.findTool("change_open")!,
    args: { title: "Late", slug: "too-late" },
    ctx: context(),
    limits: { timeoutMs: 100 },
    render: same,
  });
  assertEquals(answer.ok ? "" : answer.error.code, "REQUEST_TIMEOUT");
  await t.fs.remove(`${LOCK}/owner.other.0`);
  // The waiter takes the lock now, sees its aborted signal and does nothing.
  for (let i = 0; i < 200 && t.locks() === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assertEquals(t.locks(), 1);
  await new Promise((r) => setTimeout(r, 20));
  assertEquals(await t.fs.stat("openspec/changes/too-late"), undefined);
  t.app.close();
});
