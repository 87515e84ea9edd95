/**
 * Fuzzing over HTTP: thousands of random tool envelopes, JSON-RPC messages, batches and garbage
 * bodies (seeded, so a failure replays) against every route of a running server. The server must
 * answer each one without a 5xx, stay up, and leave the repository — and the folder a symlink in
 * it points to — byte-for-byte as they were.
 */
import { assert, assertEquals } from "@std/assert";
import { envelope, garbage, rpcMessage, seeded } from "./helpers/fuzz.ts";
import { fuzzRepo } from "./helpers/fuzz_repo.ts";
import { withHttpServer } from "./helpers/http_server.ts";
import { INITIALIZE } from "../src/mcp/_test_mcp.ts";
import { snapshot } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const SEED = 20261121;
const COUNT = 3000;
const CONCURRENCY = 8;

const ACCEPTS = [
  "application/json, text/event-stream",
  "application/json",
  "text/event-stream",
  "application/x-ndjson",
  "*/*",
  "text/html",
  "",
];

eachTarget(`fuzz: ${COUNT} random HTTP requests crash nothing and change no file`, async (t) => {
  const { root, outside } = await fuzzRepo();
  await withHttpServer(t, root, async (server) => {
    const url = server.url;
    const init = await fetch(`${url}/mcp`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: ACCEPTS[0]! },
      body: JSON.stringify(INITIALIZE),
    });
    const sessionId = init.headers.get("mcp-session-id")!;
    await init.body?.cancel();
    // A legacy session whose stream is read, so that its answers do not pile up.
    const legacy = await fetch(`${url}/sse`);
    const legacyReader = legacy.body!.getReader();
    const first = new TextDecoder().decode((await legacyReader.read()).value);
    const messagesPath = /data: (\S+)/.exec(first)![1]!;
    const draining = (async () => {
      while (!(await legacyReader.read().catch(() => ({ done: true }))).done) { /* drain */ }
    })();
    await fetch(`${url}${messagesPath}`, {
      method: "POST",
      body: JSON.stringify({
        ...INITIALIZE,
        params: { ...INITIALIZE.params, protocolVersion: "2024-11-05" },
      }),
    }).then((r) => r.body?.cancel());

    const before = { repo: await snapshot(root), outside: await snapshot(outside) };
    const r = seeded(SEED);
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < COUNT) {
        const i = next++;
        const request = randomRequest(r, i, url, sessionId, messagesPath);
        try {
          const res = await fetch(request.url, {
            ...request.init,
            signal: AbortSignal.timeout(15_000),
          });
          const text = await res.text();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500 && res.status !== 503) {
            failures.push(
              `#${i} ${request.init.method} ${request.url} → ${res.status} ${text.slice(0, 300)}`,
            );
          }
        } catch (error) {
          failures.push(`#${i} ${request.init.method} ${request.url} → ${error}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    console.log(
      `fuzz http [${t.name}]: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    assertEquals(failures, [], failures.slice(0, 5).join("\n"));

    const health = await fetch(`${url}/healthz`);
    assertEquals(health.status, 200);
    await health.body?.cancel();
    await legacyReader.cancel().catch(() => {});
    await draining;
    assertEquals(await snapshot(root), before.repo, "the repository changed");
    assertEquals(await snapshot(outside), before.outside, "the outside folder changed");
    const internal = server.stderr().filter((line) => line.includes('"level":"error"'));
    assertEquals(internal, [], internal.slice(0, 3).join("\n"));
  }, { env: { RATE_LIMIT: "0" } });
  assert(!(await exists("/tmp/task-mcp-fuzz-outside")));
});

type Req = { url: string; init: RequestInit & { method: string } };

function randomRequest(
  r: ReturnType<typeof seeded>,
  i: number,
  url: string,
  sessionId: string,
  messagesPath: string,
): Req {
  const headers: Record<string, string> = { Accept: r.pick(ACCEPTS) };
  if (r.chance(0.5)) {
    headers["Content-Type"] = r.pick([
      "application/json",
      "text/plain",
      "application/x-www-form-urlencoded",
    ]);
  }
  if (r.chance(0.6)) {
    headers["Mcp-Session-Id"] = r.chance(0.8)
      ? sessionId
      : r.pick(["", "x", "../..", crypto.randomUUID()]);
  }
  if (r.chance(0.2)) {
    headers["MCP-Protocol-Version"] = r.pick(["2025-11-25", "2024-11-05", "1.0", "../"]);
  }
  const kind = r.int(20);
  if (kind < 7) {
    return {
      url: `${url}/mcp`,
      init: { method: "POST", headers, body: JSON.stringify(rpcMessage(r, i)) },
    };
  }
  if (kind < 9) {
    const batch = Array.from({ length: r.int(5) }, (_, k) => rpcMessage(r, i * 10 + k));
    return { url: `${url}/mcp`, init: { method: "POST", headers, body: JSON.stringify(batch) } };
  }
  if (kind < 14) {
    const path = r.pick(["/sse", "/mcp"]);
    return {
      url: `${url}${path}`,
      init: { method: "POST", headers, body: JSON.stringify(envelope(r)) },
    };
  }
  if (kind < 16) {
    const path = r.pick(["/sse", "/mcp", messagesPath, "/messages?sessionId=nope"]);
    return { url: `${url}${path}`, init: { method: "POST", headers, body: garbage(r) } };
  }
  if (kind < 18) {
    return {
      url: `${url}${messagesPath}`,
      init: { method: "POST", body: JSON.stringify(rpcMessage(r, i)) },
    };
  }
  // Odd methods and paths; never a GET that opens a stream.
  const method = r.pick(["GET", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD"]);
  const path = r.pick([
    "/mcp",
    "/sse",
    "/messages",
    "/nope/../../etc/passwd",
    "/%2e%2e/%2e%2e",
    "/health",
    "/",
    "/metrics",
    "/security/metrics",
  ]);
  const odd: Record<string, string> = {
    ...headers,
    "Mcp-Session-Id": crypto.randomUUID(),
    Origin: r.pick(["http://localhost:3000", "http://evil.example.com", "null"]),
  };
  if (method === "GET" && (path === "/sse" || path === "/mcp")) odd.Accept = "application/json";
  if (method === "GET" && path === "/sse") {
    return { url: `${url}/nope`, init: { method, headers: odd } };
  }
  return { url: `${url}${path}`, init: { method, headers: odd } };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
