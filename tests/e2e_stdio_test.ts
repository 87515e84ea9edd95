/**
 * The stdio transport as a process: framing, malformed input, stdout purity, shutdown, and
 * protocol faults versus tool errors.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { INITIALIZE } from "../src/mcp/_test_mcp.ts";
import { initialize, spawnRaw } from "./helpers/raw.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

eachTarget("answers malformed lines with -32700 and keeps serving", async (t) => {
  const server = spawnRaw(t, await tempProject());
  await server.write("this is not json\n");
  const parseError = await server.next();
  assertEquals(parseError.id, null);
  assertEquals((parseError.error as { code: number }).code, -32700);
  await server.write("\n   \n");
  await initialize(server);
  await server.send({ jsonrpc: "2.0", id: 1, method: "ping" });
  assertEquals((await server.response(1)).result, {});
  await server.closeStdin();
  assertEquals((await server.status()).code, 0);
});

eachTarget("writes nothing but JSON-RPC messages to stdout and exits on EOF", async (t) => {
  const server = spawnRaw(t, await tempProject());
  await initialize(server);
  await server.send({
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: { name: "change_open", arguments: { title: "Stdout purity", slug: "stdout-purity" } },
  });
  await server.response(1);
  await server.send({ jsonrpc: "2.0", id: 2, method: "resources/list" });
  await server.response(2);
  await server.closeStdin();
  const status = await server.status();
  assertEquals(status.code, 0);
  for (const line of server.lines) {
    const message = JSON.parse(line);
    assertEquals(message.jsonrpc, "2.0");
  }
  const stderr = await server.stderr();
  for (const line of stderr.trim().split("\n").filter(Boolean)) {
    assertMatch(JSON.parse(line).level, /^(debug|info|warn|error)$/);
  }
});

eachTarget("reports unknown tools as protocol errors and bad input as tool errors", async (t) => {
  const server = spawnRaw(t, await tempProject());
  await initialize(server);
  await server.send({
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: { name: "no_such_tool", arguments: {} },
  });
  assertEquals(((await server.response(1)).error as { code: number }).code, -32602);
  await server.send({
    jsonrpc: "2.0",
    id: 2,
    method: "tools/call",
    params: { name: "change.open", arguments: { title: "Bad", slug: "Invalid Slug!" } },
  });
  const bad = (await server.response(2)).result as {
    isError: boolean;
    structuredContent: { error: { code: string; details: { field: string } } };
  };
  assertEquals(bad.isError, true);
  assertEquals(bad.structuredContent.error.code, "INVALID_INPUT");
  assertEquals(bad.structuredContent.error.details.field, "slug");
  await server.closeStdin();
  await server.status();
});

eachTarget("negotiates every supported protocol version", async (t) => {
  for (const version of ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]) {
    const server = spawnRaw(t, await tempProject());
    await server.send({
      ...INITIALIZE,
      params: { ...INITIALIZE.params, protocolVersion: version },
    });
    const result = (await server.response(0)).result as { protocolVersion: string };
    assertEquals(result.protocolVersion, version);
    await server.closeStdin();
    await server.status();
  }
  const server = spawnRaw(t, await tempProject());
  await server.send({
    ...INITIALIZE,
    params: { ...INITIALIZE.params, protocolVersion: "1999-01-01" },
  });
  const result = (await server.response(0)).result as { protocolVersion: string };
  assertEquals(result.protocolVersion, "2025-11-25");
  await server.closeStdin();
  await server.status();
});

eachTarget("fails fast with one line on stderr for a bad root or flag", async (t) => {
  for (
    const args of [["stdio", "--root", "/nonexistent/dir"], ["stdio", "--bogus"], ["frobnicate"]]
  ) {
    const out = await new Deno.Command(t.command, {
      args: [...t.prefix, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert(out.code !== 0, `${args.join(" ")} should fail`);
    assertEquals(out.stdout.length, 0);
    const stderr = new TextDecoder().decode(out.stderr).trim();
    assertEquals(stderr.split("\n").length, 1, stderr);
  }
});
