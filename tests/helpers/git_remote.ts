/**
 * Real git remotes for end-to-end tests: a bare repository seeded with an OpenSpec skeleton,
 * reached over `file://` or over the git protocol from a `git daemon` started on 127.0.0.1,
 * and servers in git mode called over HTTP.
 *
 * @module
 */
import { tempDir } from "../../src/fs/_test_temp_dir.ts";
import { MCP_HEADERS } from "../../src/mcp/_test_mcp.ts";
import { type HttpServer, startHttpServer } from "./http_server.ts";
import type { Target } from "./targets.ts";

/** A scratch folder holding `remote.git`, clones and servers' roots. */
export interface GitScratch {
  dir: string;
  /** The bare repository's `file://` URL. */
  fileUrl: string;
  /** Runs git in `cwd`, as a person would; resolves to stdout or throws. */
  git(cwd: string, ...args: string[]): Promise<string>;
  /** Clones the remote into `dir/<name>` (as a person's checkout). */
  clone(name: string): Promise<string>;
  remove(): Promise<void>;
}

/** The token every git test gives its servers: it must never appear in any output. */
export const GIT_TEST_TOKEN = "tok-9f8e7d6c5b4a-never-print-me";

const PERSON = {
  GIT_AUTHOR_NAME: "Pat Person",
  GIT_AUTHOR_EMAIL: "pat@example.com",
  GIT_COMMITTER_NAME: "Pat Person",
  GIT_COMMITTER_EMAIL: "pat@example.com",
};

/** Makes a bare remote whose `main` holds an empty OpenSpec skeleton. */
export async function gitScratch(): Promise<GitScratch> {
  const dir = await tempDir("task-mcp-git-");
  const git = async (cwd: string, ...args: string[]) => {
    const out = await new Deno.Command("git", {
      args,
      cwd,
      env: { ...PERSON, GIT_CONFIG_NOSYSTEM: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder();
    if (out.code !== 0) throw new Error(`git ${args.join(" ")}: ${text.decode(out.stderr)}`);
    return text.decode(out.stdout);
  };
  await git(dir, "init", "-q", "--bare", "-b", "main", "remote.git");
  const seed = `${dir}/seed`;
  await git(dir, "clone", "-q", `${dir}/remote.git`, seed);
  for (const sub of ["specs", "changes/archive"]) {
    await Deno.mkdir(`${seed}/openspec/${sub}`, { recursive: true });
    await Deno.writeTextFile(`${seed}/openspec/${sub}/.gitkeep`, "");
  }
  await git(seed, "add", "-A");
  await git(seed, "commit", "-q", "-m", "Seed");
  await git(seed, "push", "-q", "origin", "HEAD:main");
  await Deno.remove(seed, { recursive: true });
  return {
    dir,
    fileUrl: `file://${dir}/remote.git`,
    git,
    async clone(name) {
      await git(dir, "clone", "-q", `${dir}/remote.git`, `${dir}/${name}`);
      return `${dir}/${name}`;
    },
    remove: () => Deno.remove(dir, { recursive: true }).catch(() => {}),
  };
}

/** A free TCP port of 127.0.0.1. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** A running `git daemon` serving `base` with pushes enabled. */
export interface GitDaemon {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts `git daemon` on `port` (a free one by default) and waits until it answers. */
export async function startGitDaemon(base: string, port = freePort()): Promise<GitDaemon> {
  const child = new Deno.Command("git", {
    args: [
      "daemon",
      "--enable=receive-pack",
      `--base-path=${base}`,
      "--export-all",
      "--reuseaddr",
      "--listen=127.0.0.1",
      `--port=${port}`,
      base,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const url = `git://127.0.0.1:${port}/remote.git`;
  for (let i = 0;; i++) {
    const probe = await new Deno.Command("git", {
      args: ["ls-remote", url],
      stdout: "null",
      stderr: "null",
    })
      .output();
    if (probe.code === 0) break;
    if (i > 100) throw new Error("git daemon did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch { /* gone */ }
      await child.status;
    },
  };
}

/** Starts `task-mcp serve --stateless` on `root` in git mode with the test token. */
export function startGitServer(
  target: Target,
  root: string,
  remote: string,
  env: Record<string, string> = {},
): Promise<HttpServer> {
  return startHttpServer(target, root, {
    args: ["--stateless", "--git-remote", remote],
    env: { GIT_TOKEN: GIT_TEST_TOKEN, RATE_LIMIT: "0", ...env },
  });
}

/** A tool's structured result, or `{ error }` for a tool error. */
export async function callTool(
  url: string,
  name: string,
  args: Record<string, unknown>,
  token?: string,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/mcp`, {
    method: "POST",
    headers: {
      ...MCP_HEADERS,
      "MCP-Protocol-Version": "2025-06-18",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name, arguments: args },
    }),
  });
  const text = await res.text();
  const json = text.startsWith("{")
    ? text
    : text.split("\n").find((l) => l.startsWith("data: "))!.slice(6);
  const body = JSON.parse(json);
  if (body.error) throw new Error(`${name}: ${JSON.stringify(body.error)}`);
  return body.result.structuredContent;
}

/** The subjects and authors of the remote's history, oldest first. */
export async function remoteLog(scratch: GitScratch): Promise<string[]> {
  const out = await scratch.git(
    `${scratch.dir}/remote.git`,
    "log",
    "--reverse",
    "--format=%an <%ae>|%s",
    "main",
  );
  return out.trim().split("\n");
}
