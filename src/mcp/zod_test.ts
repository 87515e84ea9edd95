import { assertEquals } from "@std/assert";

/**
 * zod loads on a session's first message; messages that arrive meanwhile must be answered as
 * they would be once it is loaded, in order. This needs a process where nothing has loaded zod
 * yet, so the check runs in a child Deno.
 */
Deno.test("zod loads on the first message, and messages sent meanwhile are all answered in order", async () => {
  const script = `
    import { zodLoaded } from "${new URL("../zod/zod.ts", import.meta.url)}";
    import { MemoryBackend, note, request } from "${new URL(
    "./_test_backend.ts",
    import.meta.url,
  )}";
    import { initializeParams } from "${new URL("./_test_mcp.ts", import.meta.url)}";
    import { createMcpServer } from "${new URL("./server.ts", import.meta.url)}";
    const before = zodLoaded();
    const session = createMcpServer(new MemoryBackend()).createSession({ send() {} });
    const answers = [];
    const all = [
      session.handle(request(1, "initialize", initializeParams("2025-06-18"))),
      session.handle(note("notifications/initialized")),
      session.handle(request(2, "tools/list")),
      session.handle(request(3, "ping")),
      session.handle(request(4, "tools/call", { name: 7 })),
    ].map((p) => p.then((a) => answers.push(a?.id ?? "note")));
    await Promise.all(all);
    console.log(JSON.stringify({ before, after: zodLoaded(), answers }));
  `;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--config", new URL("../../deno.json", import.meta.url).pathname, script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  assertEquals(JSON.parse(text), { before: false, after: true, answers: [1, "note", 2, 3, 4] });
});
