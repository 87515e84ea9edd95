/**
 * deploy/nginx.conf.example in front of a real `task-mcp serve`: the file passes `nginx -t`,
 * plain HTTP redirects to HTTPS, and over TLS an MCP session works end to end — including a
 * GET event stream whose keep-alives and notifications arrive while the stream is open, which
 * is what proxy buffering or compression would break. The public hostname reaches the server
 * only when it is in ALLOWED_HOSTS, as the example says.
 *
 * Only the listen addresses, certificate paths and upstream port of the example are rewritten.
 * Needs `nginx` and `openssl` (Debian packages nginx, openssl); skipped otherwise.
 *
 * @module
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { initializeMessage, MCP_HEADERS, sessionHeaders } from "../src/mcp/_test_mcp.ts";
import {
  BINARY,
  binaryCommands,
  fetchWithin,
  isFile,
  PROJECT,
  run,
  skipReason,
  startServe,
  which,
} from "./helpers/dist_tools.ts";

const NGINX = which("nginx");
const OPENSSL = which("openssl");
const ignore = skipReason("dist_nginx_test", [
  !NGINX && "nginx not found (apt-get install -y nginx)",
  !OPENSSL && "openssl not found (apt-get install -y openssl)",
  !isFile(BINARY) && "dist/task-mcp is not built (npm run build)",
  !(await binaryCommands()).has("serve") && "the binary has no serve command yet",
]) !== undefined;

const PUBLIC_NAME = "mcp.example.com";

/**
 * A throw-away CA and a server certificate it signs for PUBLIC_NAME and 127.0.0.1 (rustls
 * refuses a self-signed certificate as the server's own): `ca.pem`, `cert.pem`, `key.pem`.
 */
async function makeCertificates(dir: string): Promise<void> {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await Deno.writeTextFile(
    `${dir}/server.ext`,
    `subjectAltName=DNS:${PUBLIC_NAME},IP:127.0.0.1\nbasicConstraints=CA:FALSE\n` +
      `extendedKeyUsage=serverAuth\n`,
  );
  const steps = [
    ["req", "-x509", ...ec, "-days", "1", "-subj", "/CN=task-mcp test CA"]
      .concat(["-keyout", `${dir}/ca.key`, "-out", `${dir}/ca.pem`]),
    ["req", ...ec, "-subj", `/CN=${PUBLIC_NAME}`, "-keyout", `${dir}/key.pem`]
      .concat(["-out", `${dir}/server.csr`]),
    ["x509", "-req", "-in", `${dir}/server.csr`, "-CA", `${dir}/ca.pem`, "-CAkey", `${dir}/ca.key`]
      .concat(["-CAcreateserial", "-days", "1", "-extfile", `${dir}/server.ext`])
      .concat(["-out", `${dir}/cert.pem`]),
  ];
  for (const args of steps) {
    const out = await run(OPENSSL!, args);
    assertEquals(out.code, 0, out.stderr);
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** The example with this machine's ports and files; nothing else changed. */
function localize(
  example: string,
  o: { http: number; https: number; upstream: number; dir: string },
): string {
  const text = example
    .replace(/^\s*listen \[::\]:\d+.*\n/gm, "")
    .replace(/listen 80;/, `listen 127.0.0.1:${o.http};`)
    .replace(/listen 443 ssl;/, `listen 127.0.0.1:${o.https} ssl;`)
    .replace(/server 127\.0\.0\.1:8443;/, `server 127.0.0.1:${o.upstream};`)
    .replace(/ssl_certificate\s+\S+;/, `ssl_certificate ${o.dir}/cert.pem;`)
    .replace(/ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${o.dir}/key.pem;`)
    .replace("/var/www/letsencrypt", `${o.dir}/acme`);
  const directives = text.split("\n").filter((l) => !l.trim().startsWith("#")).join("\n");
  // The example's own ports stand alone (`listen 80;`, `listen 443 ssl;`, `:8443;`); a free
  // port such as 39443 must not look like one of them.
  assert(!/ 80;| 443 |:8443;|letsencrypt/.test(directives), `not localized:\n${directives}`);
  return text;
}

/** Reads an event stream until `predicate` holds for the text so far, or `timeoutMs` passes. */
async function readUntil(
  body: ReadableStream<Uint8Array>,
  predicate: (text: string) => boolean,
  timeoutMs: number,
): Promise<string> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  try {
    while (!predicate(text) && Date.now() < deadline) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<"timeout">((r) => {
        timer = setTimeout(() => r("timeout"), deadline - Date.now());
      });
      const next = await Promise.race([reader.read(), timeout]);
      clearTimeout(timer);
      if (next === "timeout" || next.done) break;
      text += next.value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text;
}

/** One raw HTTPS request with a chosen Host header (fetch always sends the URL's host). */
async function statusWithHost(port: number, ca: string, host: string): Promise<number> {
  const conn = await Deno.connectTls({ hostname: "127.0.0.1", port, caCerts: [ca] });
  try {
    await conn.write(
      new TextEncoder().encode(
        `GET /mcp HTTP/1.1\r\nHost: ${host}\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n`,
      ),
    );
    const buffer = new Uint8Array(512);
    const n = await conn.read(buffer);
    const status = new TextDecoder().decode(buffer.subarray(0, n ?? 0)).match(/^HTTP\/1\.1 (\d+)/);
    return Number(status?.[1]);
  } finally {
    conn.close();
  }
}

Deno.test({
  name: "nginx example: TLS, redirect, Host allowlist and unbuffered MCP event streams",
  ignore,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "task-mcp-nginx-" });
    const project = `${dir}/project`;
    await Deno.mkdir(project);
    await Deno.mkdir(`${dir}/acme`);
    await makeCertificates(dir);
    const ca = await Deno.readTextFile(`${dir}/ca.pem`);

    const server = await startServe(BINARY, [], {
      args: ["--root", project],
      env: { ALLOWED_HOSTS: PUBLIC_NAME, KEEPALIVE_INTERVAL_MS: "200" },
    });
    const ports = { http: freePort(), https: freePort(), upstream: server.port, dir };
    const example = await Deno.readTextFile(`${PROJECT}/deploy/nginx.conf.example`);
    await Deno.writeTextFile(`${dir}/task-mcp.conf`, localize(example, ports));
    const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
      .map((t) => `${t}_temp_path ${dir}/${t};`).join(" ");
    await Deno.writeTextFile(
      `${dir}/nginx.conf`,
      `daemon off;\n${Deno.uid() === 0 ? "user root;\n" : ""}pid ${dir}/nginx.pid;\n` +
        `error_log ${dir}/error.log warn;\nevents { worker_connections 64; }\n` +
        `http { access_log off; ${temp} include ${dir}/task-mcp.conf; }\n`,
    );
    const nginxArgs = ["-p", dir, "-e", `${dir}/error.log`, "-c", `${dir}/nginx.conf`];
    let nginx: Deno.ChildProcess | undefined;
    const client = Deno.createHttpClient({ caCerts: [ca] });
    try {
      const syntax = await run(NGINX!, ["-t", ...nginxArgs]);
      assertEquals(syntax.code, 0, syntax.stderr);

      nginx = new Deno.Command(NGINX!, { args: nginxArgs, stdout: "null", stderr: "piped" })
        .spawn();
      const base = `https://127.0.0.1:${ports.https}`;
      let health: Response | undefined;
      for (let i = 0; i < 100 && !health; i++) {
        health = await fetchWithin(`${base}/healthz`, { client }).catch(() => undefined);
        if (!health) await new Promise((r) => setTimeout(r, 50));
      }
      assert(health, `nginx did not come up: ${await Deno.readTextFile(`${dir}/error.log`)}`);
      assertEquals(health.status, 200);
      assertEquals((await health.json()).status, "healthy");

      const redirect = await fetchWithin(`http://127.0.0.1:${ports.http}/mcp`, {
        redirect: "manual",
      });
      await redirect.body?.cancel();
      assertEquals(redirect.status, 301);
      assertMatch(redirect.headers.get("location")!, /^https:\/\/127\.0\.0\.1\/mcp$/);

      // nginx forwards Host, which the MCP routes check: the public name passes because
      // ALLOWED_HOSTS names it (GET /mcp without a session is then a plain 400), others are 403.
      assertEquals(await statusWithHost(ports.https, ca, PUBLIC_NAME), 400);
      assertEquals(await statusWithHost(ports.https, ca, "evil.example.com"), 403);

      // An MCP session over HTTPS.
      const post = (body: unknown, session?: string) =>
        fetchWithin(`${base}/mcp`, {
          client,
          method: "POST",
          headers: {
            ...(session ? sessionHeaders(session, "2025-06-18") : MCP_HEADERS),
            "accept-encoding": "gzip",
          },
          body: JSON.stringify(body),
        });
      const init = await post(initializeMessage("2025-06-18", 1));
      const session = init.headers.get("mcp-session-id");
      await init.body?.cancel();
      assertEquals(init.status, 200);
      assert(session, "no Mcp-Session-Id through nginx");
      const initialized = await post(
        { jsonrpc: "2.0", method: "notifications/initialized" },
        session,
      );
      await initialized.body?.cancel();
      assertEquals(initialized.status, 202);

      // The GET stream: keep-alives every 200 ms must arrive while it is open, uncompressed.
      const stream = await fetchWithin(`${base}/mcp`, {
        client,
        headers: {
          accept: "text/event-stream",
          "accept-encoding": "gzip",
          "mcp-session-id": session,
          "mcp-protocol-version": "2025-06-18",
        },
      }, 10_000);
      assertEquals(stream.status, 200);
      assertMatch(stream.headers.get("content-type")!, /^text\/event-stream/);
      assertEquals(stream.headers.get("content-encoding"), null);
      const [first, second] = stream.body!.tee();
      const keepAlives = await readUntil(first, (t) => t.split(": keep-alive").length > 2, 3_000);
      assert(keepAlives.split(": keep-alive").length > 2, `buffered stream: ${keepAlives}`);

      // A tool call on another request; its notification arrives on the open GET stream.
      const notified = readUntil(
        second,
        (t) => t.includes("notifications/resources/list_changed"),
        5_000,
      );
      const call = await post({
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: {
          name: "change_open",
          arguments: { title: "Through nginx", slug: "through-nginx" },
        },
      }, session);
      assertEquals(call.status, 200);
      assertMatch(await call.text(), /through-nginx/);
      assertMatch(await notified, /notifications\/resources\/list_changed/);
    } finally {
      client.close();
      if (nginx) {
        nginx.kill("SIGQUIT");
        await nginx.status;
        await nginx.stderr.cancel().catch(() => {});
      }
      server.process.kill("SIGTERM");
      await server.exit();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
