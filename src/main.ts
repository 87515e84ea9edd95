/**
 * The task-mcp executable: `task-mcp stdio|serve|init [--root DIR]`.
 *
 * @module
 */
import { resolve } from "@std/path";
import { createApp } from "./app.ts";
import { clientConfig } from "./client_config.ts";
import { healthcheck } from "./healthcheck.ts";
import { HELP, parseConfig, UsageError } from "./cli.ts";
import { createDiskFileSystem, isDirectory } from "./fs/disk.ts";
import { batchLines, createLogger } from "./log.ts";
import { createMcpServer } from "./mcp/server.ts";
import { loadZod } from "./zod/zod.ts";
import { ensureSkeleton } from "./repository/init.ts";
import { detectRuntime, type Runtime } from "./runtime/mod.ts";
import { serveStdio } from "./transports/stdio.ts";
import { VERSION } from "./version.ts";

/** The project directory for a `--root` value: the folder itself, or the parent of `openspec/`. */
export function projectRoot(dir: string, isDir: (path: string) => boolean): string {
  const abs = resolve(dir);
  if (!isDir(abs)) throw new UsageError(`Root directory does not exist: ${abs}`);
  const base = abs.split("/").at(-1);
  const looksLikeOpenspec = ["specs", "changes"].some((d) => isDir(`${abs}/${d}`));
  return base === "openspec" && looksLikeOpenspec ? abs.slice(0, abs.lastIndexOf("/")) || "/" : abs;
}

/** The PEM text of the certificate and key files, read once at start-up. */
function readTls(
  runtime: Runtime,
  files: { certFile: string; keyFile: string } | undefined,
): { cert: string; key: string } | undefined {
  if (!files) return undefined;
  const read = (name: string, path: string) => {
    try {
      const text = runtime.readTextFile(path);
      if (!text.includes("-----BEGIN ")) throw new Error("not a PEM file");
      return text;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new UsageError(`Invalid ${name} ${JSON.stringify(path)}: cannot read it (${why})`);
    }
  };
  return { cert: read("TLS_CERT_FILE", files.certFile), key: read("TLS_KEY_FILE", files.keyFile) };
}

async function main(runtime: Runtime): Promise<number> {
  let config;
  let tls: { cert: string; key: string } | undefined;
  // A stdio client is at work from its first line, and start-up is the first thing it waits for:
  // the JIT gets its usual policy back at once (see Runtime.interactive).
  if (runtime.args[0] === "stdio") runtime.interactive();
  try {
    config = parseConfig(runtime.args, runtime.env);
    if (config.command === "help") {
      runtime.writeOut(HELP);
      return 0;
    }
    if (config.command === "version") {
      runtime.writeOut(`task-mcp ${VERSION}\n`);
      return 0;
    }
    if (config.command === "healthcheck") {
      const url = config.url ?? `http://127.0.0.1:${runtime.env("PORT") || 8443}/healthz`;
      const result = await healthcheck(url);
      if (!result.ok) runtime.writeErr(`task-mcp: health check failed: ${url}: ${result.detail}\n`);
      return result.ok ? 0 : 1;
    }
    if (config.command === "config") {
      try {
        runtime.writeOut(
          clientConfig(config.client!, runtime.execPath, {
            ...(config.rootGiven ? { root: projectRoot(config.root, isDirectory) } : {}),
            url: config.url,
            token: config.token,
            tokenEnv: config.tokenEnv,
            embedToken: config.embedToken,
            name: config.name,
          }),
        );
      } catch (error) {
        if (error instanceof TypeError) throw new UsageError(error.message);
        throw error;
      }
      return 0;
    }
    config.root = projectRoot(config.root, isDirectory);
    if (config.command === "serve") tls = readTls(runtime, config.http.security.tls);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    runtime.writeErr(`task-mcp: ${error.message} (see task-mcp --help)\n`);
    return 2;
  }
  // A server logs a line per request: those are written in batches (flushed before we return).
  const logLines = config.command === "serve" ? batchLines(runtime.writeErr) : undefined;
  const log = createLogger(config.logLevel, logLines?.write ?? runtime.writeErr, {
    debug: config.debug,
  });
  const fs = createDiskFileSystem({ root: config.root });
  if (config.command === "init") {
    const created = await ensureSkeleton(fs);
    runtime.writeErr(
      created.length
        ? `Created ${created.join(", ")} in ${config.root}\n`
        : `openspec/ already set up in ${config.root}\n`,
    );
    return 0;
  }
  // Git mode: clone or reuse the clone, repair what a killed server left (see src/git/).
  let git;
  if (config.git) {
    const { setUpGit } = await import("./git/git_setup.ts");
    try {
      git = await setUpGit(config.root, config.git);
    } catch (error) {
      // A clone that cannot be made or opened: one line (git's output is already scrubbed of
      // the token), no stack.
      const message = error instanceof Error ? error.message : String(error);
      runtime.writeErr(`task-mcp: ${message}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
  }
  const app = createApp({
    ...(git ? { git } : {}),
    fs,
    logError: (error) => log.error("internal error", { error }),
    logWarn: (msg, fields) => log.warn(msg, fields),
    maxDocumentBytes: config.maxDocumentBytes,
    requireApproval: config.requireApproval,
    pid: runtime.pid,
    identity: runtime.processIdentity(),
    isProcessGone: runtime.isProcessGone,
  });
  // Reads are served whatever recovery meets (a read-only root, a lock held for long, a
  // journal it cannot settle): the next mutation runs recovery again, under the lock.
  await app.recover().catch((error) =>
    log.warn("recovery could not run at start-up; serving anyway", {
      error: error instanceof Error ? error.message : String(error),
    })
  );
  // A remote that does not answer leaves the backlog for later: serve what the clone holds.
  await app.startGit().catch((error) =>
    log.warn("git start-up could not finish; serving the clone as it is", {
      error: error instanceof Error ? error.message : String(error),
    })
  );
  if (config.command === "serve") {
    // Loaded only here, so that stdio start-up does not pay for the HTTP stack.
    const { runHttpServer } = await import("./serve.ts");
    const { root, maxDocumentBytes } = config;
    try {
      return await runHttpServer({
        runtime,
        app,
        fs,
        log,
        config: {
          ...config.http,
          root,
          maxDocumentBytes,
          tls,
          requestStateKey: config.requestStateKey,
        },
      });
    } finally {
      logLines?.flush();
    }
  }
  const server = createMcpServer(app.backend, {
    logger: { error: (msg: string, error?: unknown) => log.error(msg, { error }) },
    ...(config.requestStateKey ? { requestStateKey: config.requestStateKey } : {}),
  });
  log.info("serving MCP over stdio", {
    root: config.root,
    version: VERSION,
    runtime: runtime.name,
  });
  // The client speaks as soon as it has started us, often several messages at once: load zod
  // before reading them, so that they are handled just as they come (a session would otherwise
  // hold them until zod is loaded, and answer concurrent ones in another order).
  await loadZod();
  await serveStdio(server, {
    stdin: runtime.stdin(),
    stdout: runtime.stdout(),
    maxLineLength: config.maxLineLength,
    logger: undefined,
  });
  server.close();
  return 0;
}

if (import.meta.main) {
  const runtime = await detectRuntime();
  // Exit explicitly: once stdin has ended or the command is done, nothing may keep us alive.
  main(runtime).then(runtime.exit, (error) => {
    runtime.writeErr(`task-mcp: ${error instanceof Error ? error.stack : String(error)}\n`);
    runtime.exit(1);
  });
}
