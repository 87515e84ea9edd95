/**
 * The command line: parsing arguments and environment into a validated configuration.
 *
 * @module
 */
import { z } from "zod";
import { LOG_LEVELS } from "./log.ts";

/** Commands of the program. */
export const COMMANDS = ["stdio", "init", "help", "version"] as const;

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

/** The parsed command line. */
export interface Config {
  command: typeof COMMANDS[number];
  root: string;
  logLevel: typeof LOG_LEVELS[number];
  maxDocumentBytes: number;
}

/** One line per command, flag and environment variable. */
export const HELP = `task-mcp — OpenSpec change management over the Model Context Protocol

Usage: task-mcp <command> [flags]

Commands:
  stdio                 Serve MCP over stdin/stdout (for IDE configurations)
  init                  Create the openspec/ skeleton, as \`openspec init --tools none\` does

Flags:
  --root DIR            Project directory containing openspec/ (or the openspec/ folder itself); default: current directory
  -h, --help            Show this help
  -v, --version         Print the version

Environment:
  WORKING_DIRECTORY     Same as --root (the flag wins)
  LOG_LEVEL             debug | info | warn | error (default info); logs are JSON lines on stderr
  MAX_DOCUMENT_KB       Largest document change_write accepts, in KiB (default 512)
`;

/** Parses arguments and environment; throws {@link UsageError} for anything unusable. */
export function parseConfig(args: string[], env: (name: string) => string | undefined): Config {
  let command: Config["command"] | undefined;
  let root: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-h" || arg === "--help") command = "help";
    else if (arg === "-v" || arg === "--version") command = "version";
    else if (arg === "--root" || arg.startsWith("--root=")) {
      root = arg.includes("=") ? arg.slice(7) : args[++i];
      if (!root) throw new UsageError("--root needs a directory");
    } else if (arg.startsWith("-")) throw new UsageError(`Unknown flag "${arg}"`);
    else if (command === undefined && (COMMANDS as readonly string[]).includes(arg)) {
      command = arg as Config["command"];
    } else throw new UsageError(`Unknown command "${arg}"`);
  }
  const parsed = envSchema.safeParse(Object.fromEntries(
    Object.keys(envSchema.shape).map((k) => [k, env(k) === "" ? undefined : env(k)]),
  ));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`Invalid ${String(issue.path[0])}: ${issue.message}`);
  }
  return {
    command: command ?? "help",
    root: root ?? parsed.data.WORKING_DIRECTORY ?? ".",
    logLevel: parsed.data.LOG_LEVEL,
    maxDocumentBytes: parsed.data.MAX_DOCUMENT_KB * 1024,
  };
}
