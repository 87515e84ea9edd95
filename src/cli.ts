/**
 * The command line: parsing arguments and environment into a validated configuration. The
 * settings of `serve` are parsed in `config/`; this file reads the arguments and says which
 * command runs.
 *
 * @module
 */
import { LOG_LEVELS } from "./log.ts";
import { type HttpConfig, httpConfig, type ServeFlags } from "./config/http_config.ts";
import { requestStateKey } from "./config/mcp_config.ts";
import { SECRET_VARIABLES } from "./config/security_config.ts";
import { boolean, integer, oneOf, text, UsageError, variables } from "./settings.ts";

import { type GitConfig, gitConfig, type GitFlags } from "./config/git_config.ts";

export { UsageError } from "./settings.ts";

/** Commands of the program. */
const COMMANDS = [
  "stdio",
  "serve",
  "init",
  "config",
  "healthcheck",
  "help",
  "version",
] as const;

/** The parsed command line. */
export interface Config {
  command: typeof COMMANDS[number];
  root: string;
  logLevel: typeof LOG_LEVELS[number];
  /** The `DEBUG` namespaces (`task-mcp:*`). */
  debug: string;
  maxDocumentBytes: number;
  /** Longest stdio line, in characters (`MAX_LINE_KB`). */
  maxLineLength: number;
  /** `REQUIRE_APPROVAL`: `change_archive` refuses a change no person has approved. */
  requireApproval: boolean;
  http: HttpConfig;
  /** `config`: the client to print a snippet for, and its options. */
  client?: string;
  /** `config`: a running server's URL; `healthcheck`: the URL to probe. */
  url?: string;
  /** `config`: the bearer token the client should send. */
  token?: string;
  /** `config`: the environment variable the snippet reads the token from. */
  tokenEnv?: string;
  /** `config`: write the token itself into the snippet. */
  embedToken?: boolean;
  /** `config`: the name the client lists the server under. */
  name?: string;
  /** Whether `--root` was given (`config` only names a project when asked to). */
  rootGiven: boolean;
  /** `serve` and `stdio` in git mode: every mutation a commit (see README "Git-backed repositories"). */
  git?: GitConfig;
  /** `serve` and `stdio`: the key sealing input requests' state (`MCP_REQUEST_STATE_KEY`). */
  requestStateKey?: Uint8Array;
}

/** One line per command, flag and environment variable. */
export const HELP = `task-mcp — OpenSpec change management over the Model Context Protocol

Usage: task-mcp <command> [flags]

Commands:
  stdio                 Serve MCP over stdin/stdout (for IDE configurations)
  serve                 Serve MCP and the tool envelope API over HTTP
  init                  Create the openspec/ skeleton, as \`openspec init --tools none\` does
  config CLIENT         Print the set-up snippet of an MCP client for this binary: claude-code, mcp-json, claude-desktop, vscode, cursor, jetbrains, messages-api
  healthcheck           Exit 0 when a running server answers 200 on /healthz (for container HEALTHCHECKs)

Flags:
  --root DIR            Project directory containing openspec/ (or the openspec/ folder itself); default: current directory
  --port N              serve: TCP port, 0 picks a free one (default 8443)
  --host ADDR           serve: address to bind (default 127.0.0.1)
  --stateless           serve: no MCP sessions; every POST stands alone, GET/DELETE /mcp are 405
  --insecure-no-auth    serve: allow a non-loopback --host without AUTH_TOKENS (anyone who can reach it is let in)
  --git-remote URL      serve, stdio: clone this git remote into the root (or reuse the clone there); every mutation is a commit, pushed
  --git-branch NAME     serve, stdio: the branch to work on (default: the remote's default branch)
  --git-commit          serve, stdio: commit each mutation in the existing working tree, never push
  --url URL             config: a running server to connect to over HTTP; healthcheck: the URL to probe (default http://127.0.0.1:$PORT/healthz)
  --token TOKEN         config: the client sends a bearer token; the snippet references it (env TASK_MCP_TOKEN, a VS Code password input) and never contains it
  --token-env NAME      config: the environment variable the snippet reads the token from (default TASK_MCP_TOKEN)
  --embed-token         config: write the --token value itself into the snippet (for files never shared)
  --name NAME           config: the name the client lists the server under (default task-mcp)
  -h, --help            Show this help
  -v, --version         Print the version

Environment:
  WORKING_DIRECTORY     Same as --root (the flag wins)
  LOG_LEVEL             debug | info | warn | error (default info); logs are JSON lines on stderr
  DEBUG                 Namespaces logged at every level: task-mcp:* or e.g. task-mcp:auth,task-mcp:ratelimit,task-mcp:http,task-mcp:cors
  MAX_DOCUMENT_KB       Largest document change_write accepts, in KiB (default 512)
  MAX_LINE_KB           stdio: longest message line, in KiB (1-1048576, default 10240)
  REQUIRE_APPROVAL      true: change_archive refuses a change a person has not approved (dashboard /ui/ or change_review)
  PORT, HOST            serve: same as --port and --host (the flags win)
  ALLOWED_HOSTS         serve: comma-separated hostnames accepted in Host/Origin besides localhost, 127.0.0.1, [::1] and --host; * accepts any
  HEARTBEAT_INTERVAL_MS serve: heartbeat events on POST /sse streams while a call runs (default 25000)
  KEEPALIVE_INTERVAL_MS serve: keep-alive comments on MCP event streams (default 15000)
  MAX_SESSIONS          serve: most MCP sessions open at once, per transport (default 1000)
  AUTH_TOKENS           serve: comma-separated bearer tokens (Authorization: Bearer or the task-mcp-auth cookie); none: no authentication, loopback only
  RATE_LIMIT            serve: requests per window and client (token, else address), sustained; 0 turns limiting off (default 60; 0 without AUTH_TOKENS on loopback)
  RATE_LIMIT_BURST      serve: requests a client may send at once (default 90)
  RATE_LIMIT_WINDOW_MS  serve: the rate-limit window, in ms (100-86400000, default 60000)
  RATE_LIMIT_MAX_CLIENTS serve: clients tracked in memory before the least recent are forgotten (default 100000)
  TRUST_PROXY           serve: true takes the client address from X-Forwarded-For (only behind a proxy you run; default false)
  ENABLE_DISTRIBUTED_RATE_LIMIT serve: true shares rate limits between instances through Redis (default false)
  REDIS_URL             serve: redis://[user:password@]host[:port][/db] or rediss:// (required with the above)
  REDIS_TIMEOUT_MS      serve: deadline of Redis connections and commands, in ms (default 1000)
  RATE_LIMIT_REDIS_FAILURE serve: open (this instance limits alone) | closed (refuse) while Redis fails (default open)
  ALLOWED_ORIGINS       serve: CORS origins, comma-separated, or none (default http://localhost:3000,https://localhost:3000)
  SECURITY_HEADERS_ENABLED serve: CSP, X-Frame-Options, nosniff, Referrer-Policy, HSTS with TLS (default true)
  TLS_CERT_FILE, TLS_KEY_FILE serve: PEM certificate chain and key: serve HTTPS directly
  MAX_REQUEST_BODY_KB   serve: largest request body, in KiB, else 413 (default 1024)
  MAX_RESPONSE_SIZE_KB  serve: largest answer, in KiB, else 413 RESPONSE_TOO_LARGE (default 1024)
  REQUEST_TIMEOUT_MS    serve: deadline of each call, then REQUEST_TIMEOUT and cancellation (default 30000)
  BODY_TIMEOUT_MS       serve: time for a request body to arrive, else 408 (default 10000)
  MAX_STREAMS           serve: most event streams open at once, else 503 (default 1000)
  MAX_STREAM_BUFFER_KB  serve: unread bytes after which a stream's client is dropped (default 8192)
  MCP_REQUEST_STATE_KEY serve, stdio: 32+ bytes as hex or base64 sealing input requests' state; the same on every instance behind one address (default: random at start-up)
  GIT_REMOTE, GIT_BRANCH same as --git-remote and --git-branch (the flags win)
  GIT_COMMIT            true: same as --git-commit
  GIT_TOKEN             HTTPS token for the remote, sent as a header through git's environment (never in argv or .git/config)
  GIT_AUTHORS           Commit authors by caller: TOKEN=Name <email> entries separated by ; (a key may be a token:<hash> identity)
  GIT_DEFAULT_AUTHOR    Author of commits by callers not in GIT_AUTHORS (default task-mcp <task-mcp@localhost>)
  GIT_COMMITTER         Committer of every commit (default task-mcp <task-mcp@localhost>)
  GIT_FETCH_INTERVAL_MS Least time between background fetches, in ms (default 10000)
  GIT_MAX_ATTEMPTS      Runs of a mutation whose push is rejected, before GIT_CONFLICT (1-100, default 8)
  GIT_SSH_COMMAND       Passed to git as is, for SSH remotes
`;

/** Parses arguments and environment; throws {@link UsageError} for anything unusable. */
export function parseConfig(args: string[], env: (name: string) => string | undefined): Config {
  let command: Config["command"] | undefined;
  let root: string | undefined;
  const extra: {
    client?: string;
    url?: string;
    token?: string;
    name?: string;
    tokenEnv?: string;
    embedToken?: boolean;
  } = {};
  const serveFlags: ServeFlags = {};
  const gitFlags: GitFlags = {};
  const value = (arg: string, name: string, i: number): [string, number] => {
    const inline = arg.startsWith(`${name}=`) ? arg.slice(name.length + 1) : undefined;
    const found = inline ?? args[i + 1];
    const noun = {
      "--root": "a directory",
      "--port": "a number",
      "--host": "an address",
      "--url": "a URL",
      "--token": "a token",
      "--token-env": "a variable name",
      "--name": "a name",
      "--git-remote": "a URL",
      "--git-branch": "a branch",
    }[name];
    if (!found) throw new UsageError(`${name} needs ${noun ?? "a value"}`);
    return [found, inline === undefined ? i + 1 : i];
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const flag = arg.split("=")[0];
    if (arg === "-h" || arg === "--help") command = "help";
    else if (arg === "-v" || arg === "--version") command = "version";
    else if (flag === "--root") {
      [root, i] = value(arg, "--root", i);
    } else if (flag === "--port" || flag === "--host") {
      const [found, next] = value(arg, flag, i);
      serveFlags[flag === "--port" ? "port" : "host"] = found;
      i = next;
    } else if (flag === "--url" || flag === "--token" || flag === "--name") {
      const [found, next] = value(arg, flag, i);
      extra[flag.slice(2) as "url" | "token" | "name"] = found;
      i = next;
    } else if (flag === "--token-env") {
      [extra.tokenEnv, i] = value(arg, flag, i);
    } else if (arg === "--embed-token") {
      extra.embedToken = true;
    } else if (flag === "--git-remote" || flag === "--git-branch") {
      const [found, next] = value(arg, flag, i);
      gitFlags[flag === "--git-remote" ? "remote" : "branch"] = found;
      i = next;
    } else if (arg === "--git-commit") gitFlags.commit = true;
    else if (arg === "--stateless") serveFlags.stateless = true;
    else if (arg === "--insecure-no-auth") serveFlags.insecure = true;
    else if (arg.startsWith("-")) throw new UsageError(`Unknown flag "${arg}"`);
    else if (command === undefined && (COMMANDS as readonly string[]).includes(arg)) {
      command = arg as Config["command"];
    } else if (command === "config" && extra.client === undefined) extra.client = arg;
    else throw new UsageError(`Unknown command "${arg}"`);
  }
  if (command === "config" && extra.client === undefined) {
    throw new UsageError("config needs a client name, e.g. task-mcp config claude-code");
  }
  const applies = {
    url: ["config", "healthcheck"],
    token: ["config"],
    name: ["config"],
    tokenEnv: ["config"],
    embedToken: ["config"],
  } as const;
  for (const [flag, commands] of Object.entries(applies)) {
    const given = extra[flag as keyof typeof applies] !== undefined;
    if (given && !(commands as readonly string[]).includes(command ?? "help")) {
      const spelled = flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      throw new UsageError(`--${spelled} only applies to the ${commands.join(" and ")} command`);
    }
  }
  const read = variables(env, SECRET_VARIABLES);
  const data = {
    WORKING_DIRECTORY: read("WORKING_DIRECTORY", text, undefined),
    LOG_LEVEL: read(
      "LOG_LEVEL",
      oneOf(LOG_LEVELS, `expected one of ${LOG_LEVELS.join(", ")}`),
      "info" as const,
    ),
    DEBUG: read("DEBUG", text, ""),
    MAX_DOCUMENT_KB: read("MAX_DOCUMENT_KB", integer(1, 65536), 512),
    MAX_LINE_KB: read("MAX_LINE_KB", integer(1, 1_048_576), 10_240),
    REQUIRE_APPROVAL: read("REQUIRE_APPROVAL", boolean, false),
  };
  command ??= "help";
  const given = Object.keys(serveFlags).map((k) => k === "insecure" ? "insecure-no-auth" : k);
  if (given.length > 0 && command !== "serve" && command !== "help" && command !== "version") {
    throw new UsageError(`--${given[0]} only applies to the serve command`);
  }
  const serve = command === "serve";
  const gitGiven = Object.keys(gitFlags)[0];
  if (gitGiven && !["serve", "stdio", "help", "version"].includes(command)) {
    throw new UsageError(`--git-${gitGiven} only applies to the serve and stdio commands`);
  }
  const git = serve || command === "stdio" ? gitConfig(env, gitFlags) : undefined;
  const stateKey = serve || command === "stdio" ? requestStateKey(env) : undefined;
  return {
    ...(git ? { git } : {}),
    ...(stateKey ? { requestStateKey: stateKey } : {}),
    command,
    ...extra,
    rootGiven: root !== undefined,
    root: root ?? data.WORKING_DIRECTORY ?? ".",
    logLevel: data.LOG_LEVEL,
    debug: data.DEBUG,
    maxDocumentBytes: data.MAX_DOCUMENT_KB * 1024,
    maxLineLength: data.MAX_LINE_KB * 1024,
    requireApproval: data.REQUIRE_APPROVAL,
    http: httpConfig(serve ? env : () => undefined, serve ? serveFlags : {}),
  };
}
