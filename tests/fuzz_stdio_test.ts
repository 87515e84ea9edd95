/**
 * Fuzzing over stdio: thousands of random lines — JSON-RPC messages, batches, tool envelopes,
 * garbage, absurdly nested arrays — written to a `task-mcp stdio` (seeded, so a failure
 * replays). The server must keep answering, write nothing but JSON-RPC to stdout (no log line
 * ever), exit 0 at end of input, and leave the repository byte-for-byte as it was.
 */
import { assert, assertEquals } from "@std/assert";
import { envelope, garbage, rpcMessage, seeded } from "./helpers/fuzz.ts";
import { fuzzRepo } from "./helpers/fuzz_repo.ts";
import { initialize, spawnRaw } from "./helpers/raw.ts";
import { snapshot } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";
import { tempDir } from "../src/fs/_test_temp_dir.ts";

const SEED = 424242;
const COUNT = 3000;

eachTarget(`fuzz: ${COUNT} random stdio lines crash nothing and change no file`, async (t) => {
  const { root, outside } = await fuzzRepo();
  const before = { repo: await snapshot(root), outside: await snapshot(outside) };
  const server = spawnRaw(t, root);
  await initialize(server);
  // Read while writing: a server whose stdout is full stops reading stdin.
  const answered = server.response("final", 60_000);
  const r = seeded(SEED);
  let chunk = "";
  for (let i = 1; i <= COUNT; i++) {
    const kind = r.int(10);
    const line = kind < 5
      ? JSON.stringify(rpcMessage(r, i))
      : kind < 7
      ? JSON.stringify(Array.from({ length: r.int(4) }, (_, k) => rpcMessage(r, i * 10 + k)))
      : kind < 8
      ? JSON.stringify(envelope(r))
      : garbage(r);
    chunk += line + "\n";
    if (chunk.length > 64 * 1024 || i === COUNT) {
      await server.write(chunk);
      chunk = "";
    }
  }
  // A lone "]" or "}" left open by garbage must not swallow what follows: end the line first.
  await server.write("\n");
  await server.send({ jsonrpc: "2.0", id: "final", method: "ping" });
  assertEquals((await answered).result, {});
  await server.closeStdin();
  assertEquals((await server.status()).code, 0);

  // stdout carried JSON-RPC messages only: no log line, no stack trace.
  for (const line of server.lines) {
    const message = JSON.parse(line);
    const messages = Array.isArray(message) ? message : [message];
    for (const m of messages) assertEquals(m.jsonrpc, "2.0", line.slice(0, 200));
  }
  console.log(`fuzz stdio [${t.name}]: ${server.lines.length} lines answered`);
  assert(server.lines.length > COUNT / 3);
  const stderr = await server.stderr();
  assert(
    !/"level":"error"/.test(stderr),
    stderr.split("\n").filter((l) => l.includes('"error"')).slice(0, 3).join("\n"),
  );
  assertEquals(await snapshot(root), before.repo, "the repository changed");
  assertEquals(await snapshot(outside), before.outside, "the outside folder changed");
});

eachTarget(
  "stdio: a line over MAX_LINE_KB is refused without buffering it, then service goes on",
  async (t) => {
    const server = spawnRaw(t, await tempDir("task-mcp-line-"), {
      MAX_LINE_KB: "1",
    });
    await initialize(server);
    await server.write(
      `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"${"x".repeat(4096)}"}}\n`,
    );
    const refused = await server.next();
    assertEquals((refused.error as { code: number }).code, -32600);
    assert(String((refused.error as { message: string }).message).includes("1024 characters"));
    await server.send({ jsonrpc: "2.0", id: 2, method: "ping" });
    assertEquals((await server.response(2)).result, {});
    await server.closeStdin();
    assertEquals((await server.status()).code, 0);
  },
);
