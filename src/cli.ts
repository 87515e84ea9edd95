/**
 * The command line: parsing arguments and environment into a validated configuration.
 *
 * @module
 */
import { z } from "zod";
import { LOG_LEVELS } from "./log.ts";

/** Commands of the program. */
export const COMMANDS = ["stdio", "serve", "init", "help", "version"] as const;

/** A configuration error: reported as one line on stderr, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Environment variables and their validation. */
const envSchema = z.object({
  WORKING_DIRECTORY: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  MAX_DOCUMENT_KB: z.coerce.number().int().min(1).max(65536).default(512),
});

const port = z.coerce.number().int().min(0).max(65535);
const host = z.string().trim().min(1);
// Bun closes connections idle for 255 s at most (see runtime/serve.ts): stay well below.
const interval = z.coerce.number().int().min(10).max(240_000);

/** Environment variables of `serve`, read only for that command. */
const httpEnvSchema = z.object({
  PORT: port.default(8443),
  HOST: host.default("127.0.0.1"),
  ALLOWED_HOSTS: z.string().default(""),
  HEARTBEAT_INTERVAL_MS: interval.default(25_000),
  KEEPALIVE_INTERVAL_MS: interval.default(15_000),
  MAX_SESSIONS: z.coerce.number().int().min(1).max(100_000).default(1000),
});

/** The settings of `serve`. */
export interface HttpConfig {
  port: number;
  host: string;
  stateless: boolean;
  /** Extra hostnames allowed in `Host`/`Origin`; `*` allows any. */
  allowedHosts: string[];
  heartbeatMs: number;
  keepAliveMs: number;
  maxSessions: number;
}

/** The parsed command line. */
export interface Config {
  command: typeof COMMANDS[number];
  root: string;
  logLevel: typeof LOG_LEVELS[number];
  maxDocumentBytes: number;
  http: HttpConfig;
}

/** One line per command, flag and environment variable. */
export const HELP = `task-mcp — OpenSpec change management over the Model Context Protocol

Usage: task-mcp <command> [flags]

Commands:
  stdio                 Serve MCP over stdin/stdout (for IDE configurations)
  serve                 Serve MCP and the tool envelope API over HTTP
  init                  Create the openspec/ skeleton, as \`openspec init --tools none\` does

Flags:
  --root DIR            Project directory containing openspec/ (or the openspec/ folder itself); default: current directory
  --port N              serve: TCP port, 0 picks a free one (default 8443)
  --host ADDR           serve: address to bind (default 127.0.0.1)
  --stateless           serve: no MCP sessions; every POST stands alone, GET/DELETE /mcp are 405
  -h, --help            Show this help
  -v, --version         Print the version

Environment:
  WORKING_DIRECTORY     Same as --root (the flag wins)
  LOG_LEVEL             debug | info | warn | error (default info); logs are JSON lines on stderr
  MAX_DOCUMENT_KB       Largest document change_write accepts, in KiB (default 512)
  PORT, HOST            serve: same as --port and --host (the flags win)
  ALLOWED_HOSTS         serve: comma-separated hostnames accepted in Host/Origin besides localhost, 127.0.0.1, [::1] and --host; * accepts any
  HEARTBEAT_INTERVAL_MS serve: heartbeat events on POST /sse streams while a call runs (default 25000)
  KEEPALIVE_INTERVAL_MS serve: keep-alive comments on MCP event streams (default 15000)
  MAX_SESSIONS          serve: most MCP sessions open at once, per transport (default 1000)
`;

/** Parses arguments and environment; throws {@link UsageError} for anything unusable. */
export function parseConfig(args: string[], env: (name: string) => string | undefined): Config {
  let command: Config["command"] | undefined;
  let root: string | undefined;
  const serveFlags: { port?: string; host?: string; stateless?: boolean } = {};
  const value = (arg: string, name: string, i: number): [string, number] => {
    const inline = arg.startsWith(`${name}=`) ? arg.slice(name.length + 1) : undefined;
    const found = inline ?? args[i + 1];
    const noun = { "--root": "a directory", "--port": "a number", "--host": "an address" }[name];
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
    } else if (arg === "--stateless") serveFlags.stateless = true;
    else if (arg.startsWith("-")) throw new UsageError(`Unknown flag "${arg}"`);
    else if (command === undefined && (COMMANDS as readonly string[]).includes(arg)) {
      command = arg as Config["command"];
    } else throw new UsageError(`Unknown command "${arg}"`);
  }
  const read = (schema: z.ZodObject) =>
    Object.fromEntries(
      Object.keys(schema.shape).map((k) => [k, env(k) === "" ? undefined : env(k)]),
    );
  const data = check(envSchema.safeParse(read(envSchema)), (k) => k);
  command ??= "help";
  const given = Object.keys(serveFlags);
  if (given.length > 0 && command !== "serve" && command !== "help" && command !== "version") {
    throw new UsageError(`--${given[0]} only applies to the serve command`);
  }
  return {
    command,
    root: root ?? data.WORKING_DIRECTORY ?? ".",
    logLevel: data.LOG_LEVEL,
    maxDocumentBytes: data.MAX_DOCUMENT_KB * 1024,
    http: command === "serve" ? httpConfig(read(httpEnvSchema), serveFlags) : httpConfig({}, {}),
  };
}

/** The `serve` settings from environment and flags (the flags win). */
function httpConfig(
  environment: Record<string, string | undefined>,
  flags: { port?: string; host?: string; stateless?: boolean },
): HttpConfig {
  const data = check(httpEnvSchema.safeParse(environment), (k) => k);
  const flagPort = flags.port === undefined
    ? undefined
    : check(port.safeParse(flags.port), () => "--port");
  const flagHost = flags.host === undefined
    ? undefined
    : check(host.safeParse(flags.host), () => "--host");
  return {
    port: flagPort ?? data.PORT,
    host: flagHost ?? data.HOST,
    stateless: flags.stateless === true,
    allowedHosts: data.ALLOWED_HOSTS.split(",").map((h) => h.trim()).filter(Boolean),
    heartbeatMs: data.HEARTBEAT_INTERVAL_MS,
    keepAliveMs: data.KEEPALIVE_INTERVAL_MS,
    maxSessions: data.MAX_SESSIONS,
  };
}

/** The parsed data, or a {@link UsageError} naming the first bad setting. */
function check<T>(
  result: z.ZodSafeParseResult<T>,
  label: (key: string) => string,
): T {
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new UsageError(`Invalid ${label(String(issue.path[0] ?? ""))}: ${issue.message}`);
}
