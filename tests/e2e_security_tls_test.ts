/**
 * HTTPS straight from the binary (and from the source under Deno): a self-signed certificate
 * made with `openssl` for this test, MCP over it, HSTS on its answers, and the start-up error
 * for an unreadable key. Skipped, with a message, where `openssl` is not installed.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { startHttpServer } from "./helpers/http_server.ts";
import { INITIALIZE, MCP_HEADERS } from "../src/mcp/_test_mcp.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget, type Target } from "./helpers/targets.ts";
import { which } from "./helpers/dist_tools.ts";
import { tempDir } from "../src/fs/_test_temp_dir.ts";

const OPENSSL = which("openssl");
if (!OPENSSL) console.warn("⚠ openssl is not installed: TLS tests skipped");

/** A self-signed certificate for 127.0.0.1 and localhost. */
async function certificate(): Promise<{ cert: string; key: string; pem: string }> {
  const dir = await tempDir("task-mcp-tls-");
  const out = await new Deno.Command(OPENSSL!, {
    args: [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      // A leaf, not a CA: rustls refuses a CA certificate used as the server's own.
      "-addext",
      "basicConstraints=critical,CA:FALSE",
      "-addext",
      "extendedKeyUsage=serverAuth",
      "-keyout",
      `${dir}/key.pem`,
      "-out",
      `${dir}/cert.pem`,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  await Deno.chmod(`${dir}/key.pem`, 0o600);
  return {
    cert: `${dir}/cert.pem`,
    key: `${dir}/key.pem`,
    pem: await Deno.readTextFile(`${dir}/cert.pem`),
  };
}

async function startFails(target: Target, env: Record<string, string>) {
  const out = await new Deno.Command(target.command, {
    args: [...target.prefix, "serve", "--root", await tempProject(), "--port", "0"],
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "/tmp", ...env },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr).trim() };
}

eachTarget("tls: TLS_CERT_FILE and TLS_KEY_FILE serve HTTPS, with HSTS", async (t) => {
  const tls = await certificate();
  const server = await startHttpServer(t, await tempProject(), {
    env: { TLS_CERT_FILE: tls.cert, TLS_KEY_FILE: tls.key, AUTH_TOKENS: "tls-token-0123456789" },
  });
  const client = Deno.createHttpClient({ caCerts: [tls.pem] });
  try {
    const listening = JSON.parse(server.stderr().find((l) => l.includes('"listening"'))!);
    assertEquals(listening.url, `https://127.0.0.1:${server.port}`);
    const base = `https://127.0.0.1:${server.port}`;
    const health = await fetch(`${base}/healthz`, { client });
    assertEquals(health.status, 200);
    assertEquals(
      health.headers.get("strict-transport-security"),
      "max-age=31536000; includeSubDomains",
    );
    await health.body?.cancel();
    const init = await fetch(`${base}/mcp`, {
      client,
      method: "POST",
      headers: {
        ...MCP_HEADERS,
        Authorization: "Bearer tls-token-0123456789",
      },
      body: JSON.stringify(INITIALIZE),
    });
    assertEquals(init.status, 200);
    assertEquals((await init.json()).result.serverInfo.name, "task-mcp");
    // Plain HTTP on the TLS port gets no answer from the API.
    const plain = await fetch(`http://127.0.0.1:${server.port}/healthz`).then(
      (r) => r.status,
      () => "refused",
    );
    assert(plain !== 200, `plain HTTP answered ${plain}`);
  } finally {
    client.close();
    await server.stop();
  }
  // A missing key file stops the server at start-up, in one line naming the variable.
  const failed = await startFails(t, {
    TLS_CERT_FILE: tls.cert,
    TLS_KEY_FILE: "/nonexistent/key.pem",
  });
  assertEquals(failed.code, 2);
  assertMatch(
    failed.stderr,
    /^task-mcp: Invalid TLS_KEY_FILE "\/nonexistent\/key\.pem": cannot read it/,
  );
  assertEquals(failed.stderr.split("\n").length, 1);
}, { ignore: !OPENSSL });
