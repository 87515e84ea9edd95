/**
 * The helper commands: `config <client>` prints set-up snippets for the running executable,
 * `healthcheck` probes a server without a shell or curl.
 */
import { assertEquals, assertStringIncludes } from "@std/assert";
import { startHttpServer } from "./helpers/http_server.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";
import { tempDir } from "../src/fs/_test_temp_dir.ts";

async function run(target: { command: string; prefix: string[] }, ...args: string[]) {
  return await runIn(undefined, target, ...args);
}

async function runIn(
  cwd: string | undefined,
  target: { command: string; prefix: string[] },
  ...args: string[]
) {
  const out = await new Deno.Command(target.command, {
    args: [...target.prefix, ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

eachTarget("config prints each client's snippet and refuses unknown clients", async (t) => {
  const root = await tempProject();
  const vscode = await run(t, "config", "vscode", "--root", root);
  assertEquals(vscode.code, 0, vscode.stderr);
  const parsed = JSON.parse(vscode.stdout);
  assertEquals(parsed.servers["task-mcp"].type, "stdio");
  assertEquals(parsed.servers["task-mcp"].args, ["stdio", "--root", root]);
  if (t.name === "binary") assertEquals(parsed.servers["task-mcp"].command, t.command);
  const claude = await run(
    t,
    "config",
    "claude-code",
    "--url",
    "http://127.0.0.1:8443",
    "--token",
    "s3cret",
  );
  assertStringIncludes(claude.stdout, "--transport http");
  // The token is referenced through the shell's environment, never printed…
  assertStringIncludes(claude.stdout, '"Authorization: Bearer $TASK_MCP_TOKEN"');
  assertEquals(claude.stdout.includes("s3cret"), false);
  for (const client of ["mcp-json", "vscode", "cursor", "messages-api"]) {
    const out = await run(t, "config", client, "--url", "https://h.example", "--token", "s3cret");
    assertEquals(out.code, 0, out.stderr);
    assertEquals(out.stdout.includes("s3cret"), false, `${client}: ${out.stdout}`);
    JSON.parse(out.stdout);
  }
  // …unless asked for.
  const embedded = await run(
    t,
    "config",
    "mcp-json",
    "--url",
    "https://h.example",
    "--token",
    "s3cret",
    "--embed-token",
  );
  assertEquals(
    JSON.parse(embedded.stdout).mcpServers["task-mcp"].headers.Authorization,
    "Bearer s3cret",
  );
  const bad = await run(t, "config", "emacs");
  assertEquals(bad.code, 2);
  assertEquals(bad.stdout, "");
  assertEquals(bad.stderr.trim().split("\n").length, 1);
});

eachTarget("healthcheck exits 0 for a live server and 1 otherwise", async (t) => {
  const server = await startHttpServer(t, await tempProject());
  try {
    const ok = await run(t, "healthcheck", "--url", `${server.url}/healthz`);
    assertEquals(ok.code, 0, ok.stderr);
  } finally {
    await server.stop();
  }
  const down = await run(t, "healthcheck", "--url", `${server.url}/healthz`);
  assertEquals(down.code, 1);
  assertStringIncludes(down.stderr, "health check failed");
});

eachTarget("a .env file in the directory it starts in is not read", async (t) => {
  // An IDE starts the server in the project it opened; that project's .env is not ours.
  const dir = await tempDir("task-mcp-dotenv-");
  await Deno.writeTextFile(`${dir}/.env`, "WORKING_DIRECTORY=/nonexistent\nLOG_LEVEL=loud\n");
  const result = await runIn(dir, t, "init");
  assertEquals(result.code, 0, result.stderr);
  assertEquals((await Deno.stat(`${dir}/openspec/config.yaml`)).isFile, true);
});
