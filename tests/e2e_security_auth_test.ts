/**
 * Authentication of a running server (compiled binary and source under Deno): missing, wrong
 * and almost-right tokens, the cookie, the public probes, the caller in the audit log, a timing
 * measurement of wrong tokens, and the start-up rules — no tokens means loopback only.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { startHttpServer, withHttpServer } from "./helpers/http_server.ts";
import { INITIALIZE as INITIALIZE_MESSAGE, MCP_HEADERS as MCP } from "../src/mcp/_test_mcp.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget, type Target } from "./helpers/targets.ts";

const TOKEN = "e2e-token-3f2a9c1b0d4e5f6a7b8c9d0e1f2a3b4c";
const OTHER = "second-token-aaaaaaaaaaaaaaaa";
const ENV = { AUTH_TOKENS: `${TOKEN},${OTHER}`, RATE_LIMIT: "0" };
const INITIALIZE = JSON.stringify(INITIALIZE_MESSAGE);

eachTarget(
  "auth: only a configured token opens the API; the audit log names its hash",
  async (t) => {
    const root = await tempProject();
    await withHttpServer(t, root, async (server) => {
      const { url } = server;
      const status = async (path: string, init: RequestInit = {}) => {
        const res = await fetch(`${url}${path}`, init);
        await res.body?.cancel();
        return res.status;
      };
      for (
        const authorization of [
          undefined,
          "Bearer nope",
          `Bearer ${TOKEN.slice(0, -1)}`,
          `Bearer ${TOKEN}0`,
          `Bearer ${TOKEN.slice(1)}`,
          `Token ${TOKEN}`,
        ]
      ) {
        const headers: Record<string, string> = { ...MCP };
        if (authorization) headers.Authorization = authorization;
        const res = await fetch(`${url}/mcp`, { method: "POST", headers, body: INITIALIZE });
        assertEquals(res.status, 401, authorization);
        assertEquals(res.headers.get("www-authenticate"), 'Bearer realm="task-mcp"');
        const body = await res.json();
        assertEquals(body.error.code, "AUTHENTICATION_FAILED");
        assertEquals(body.error.details.configured_tokens, 2);
      }
      assertEquals(await status("/healthz"), 200);
      assertEquals(await status("/readyz"), 200);
      assertEquals(await status("/.well-known/oauth-protected-resource"), 404);
      for (const path of ["/", "/health", "/metrics", "/security/metrics", "/sse"]) {
        assertEquals(await status(path), 401, path);
      }
      // Both tokens, by header and by cookie.
      const valid: Record<string, string>[] = [
        { Authorization: `Bearer ${TOKEN}` },
        { Authorization: `Bearer ${OTHER}` },
        { Cookie: `task-mcp-auth=${TOKEN}` },
      ];
      for (const headers of valid) {
        const res = await fetch(`${url}/mcp`, {
          method: "POST",
          headers: { ...MCP, ...headers },
          body: INITIALIZE,
        });
        assertEquals(res.status, 200, JSON.stringify(headers));
        assertMatch(res.headers.get("mcp-session-id") ?? "", /^[0-9a-f-]{36}$/);
        await res.body?.cancel();
      }
      const opened = await fetch(`${url}/sse`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TOKEN}`, Accept: "application/json" },
        body: JSON.stringify({ tool: "change.open", input: { title: "Audited", slug: "audited" } }),
      });
      assertEquals(opened.status, 200);
      await opened.body?.cancel();
      const metrics = await (await fetch(`${url}/security/metrics`, {
        headers: { Authorization: `Bearer ${OTHER}` },
      })).json();
      assertEquals(metrics.data.audit.mutations, 1);
      assert(metrics.data.audit.failedAuthentications >= 6);

      const audit = JSON.parse(
        (await Deno.readTextFile(`${root}/openspec/.task-mcp/audit.jsonl`)).trim(),
      );
      const digest = new Uint8Array(
        await crypto.subtle.digest("SHA-256", new TextEncoder().encode(TOKEN)),
      );
      const hash = [...digest.subarray(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join("");
      assertEquals(audit.caller, `token:${hash}`);
      const log = server.stderr().join("\n");
      assert(!log.includes(TOKEN.slice(4, 20)) && !log.includes(OTHER), "a token reached the log");
      assert(log.includes(`"caller":"token:${hash}"`), "the access log names the caller");
      assert(log.includes('"msg":"authentication required"'));
    }, { env: ENV });
  },
);

/** The median of `values`. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

eachTarget(
  "auth: a wrong token's answer time does not reveal how much of it is right",
  async (t) => {
    await withHttpServer(t, await tempProject(), async ({ url }) => {
      const far = "z".repeat(TOKEN.length); // shares no prefix with TOKEN
      const near = `${TOKEN.slice(0, -1)}z`; // shares all but the last character
      const time = async (guess: string) => {
        const start = performance.now();
        const res = await fetch(`${url}/security/metrics`, {
          headers: { Authorization: `Bearer ${guess}` },
        });
        await res.body?.cancel();
        const elapsed = performance.now() - start;
        assertEquals(res.status, 401);
        return elapsed;
      };
      for (let i = 0; i < 100; i++) await time(i % 2 ? far : near); // warm up
      const samples = { far: [] as number[], near: [] as number[], far2: [] as number[] };
      // Interleaved, so that drift (JIT, GC, other tests running) hits every series alike.
      for (let i = 0; i < 300; i++) {
        samples.far.push(await time(far));
        samples.near.push(await time(near));
        samples.far2.push(await time(far));
      }
      const difference = Math.abs(median(samples.far) - median(samples.near));
      // Noise: how far apart two medians of the same guess fall; at least 50 µs.
      const noise = Math.max(Math.abs(median(samples.far) - median(samples.far2)), 0.05);
      console.log(
        `[${t.name}] 401 latency: no prefix ${median(samples.far).toFixed(3)} ms, ` +
          `${TOKEN.length - 1}-char prefix ${median(samples.near).toFixed(3)} ms, ` +
          `difference ${(difference * 1000).toFixed(1)} µs, noise ${(noise * 1000).toFixed(1)} µs`,
      );
      assert(difference <= 3 * noise, `difference ${difference} ms exceeds 3× noise ${noise} ms`);
    }, { env: ENV });
  },
);

/** Runs `serve` with `args` and `env` and returns its exit code and stderr once it exits. */
async function refusedStart(target: Target, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(target.command, {
    args: [...target.prefix, "serve", "--root", await tempProject(), "--port", "0", ...args],
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "/tmp", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr), stdout: out.stdout };
}

eachTarget("auth: without tokens, serve refuses any address but loopback", async (t) => {
  const refused = await refusedStart(t, ["--host", "0.0.0.0"]);
  assertEquals(refused.code, 2);
  assertEquals(refused.stdout.length, 0);
  const lines = refused.stderr.trim().split("\n");
  assertEquals(lines.length, 1, refused.stderr);
  assertMatch(
    lines[0]!,
    /Refusing to listen on 0\.0\.0\.0 without AUTH_TOKENS.*--insecure-no-auth/,
  );
  // A bad variable is one line too, naming it and its range.
  const bad = await refusedStart(t, ["--host", "127.0.0.1"], { RATE_LIMIT: "fast" });
  assertEquals(bad.code, 2);
  assertEquals(
    bad.stderr.trim(),
    'task-mcp: Invalid RATE_LIMIT "fast": expected an integer from 0 to 1000000 (see task-mcp --help)',
  );

  // Loopback without tokens: open, and said so. (--insecure-no-auth is checked in
  // src/cli_security_test.ts: the tests bind loopback addresses only.)
  const local = await startHttpServer(t, await tempProject());
  try {
    assert(local.stderr().some((l) => l.includes("authentication off")), local.stderr().join("\n"));
  } finally {
    await local.stop();
  }
});
