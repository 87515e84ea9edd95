/**
 * Configuration snippets that connect an MCP client to task-mcp: a local server the client
 * starts (stdio), or, given a URL, a running `task-mcp serve` (Streamable HTTP at `/mcp`).
 *
 * Each client has its own shape (MCP-NOTES §6): Claude Code takes a `claude mcp add` command
 * line, `.mcp.json`, Claude Desktop, Cursor and JetBrains an `mcpServers` map, VS Code a
 * `servers` map with `type`, and the Anthropic Messages API an `mcp_servers` entry with an
 * `authorization_token`, reachable over HTTPS only.
 *
 * These files are meant to be committed, so a token is never written into them unless asked
 * for (`embedToken`): each client gets a reference through its own mechanism — an environment
 * variable expanded by Claude Code (`${TASK_MCP_TOKEN}`) and Cursor (`${env:TASK_MCP_TOKEN}`),
 * a password prompt in VS Code (`${input:task-mcp-token}`), the shell for `claude mcp add`, and
 * `envsubst` for the Messages API fragment.
 *
 * @module
 */

/** The clients {@link clientConfig} knows. */
export const CLIENTS = [
  "claude-code",
  "mcp-json",
  "claude-desktop",
  "vscode",
  "cursor",
  "jetbrains",
  "messages-api",
] as const;

/** One of {@link CLIENTS}. */
export type Client = typeof CLIENTS[number];

/** Options of {@link clientConfig}. */
export interface ClientConfigOptions {
  /** The project directory for a local server (`--root`); absolute. */
  root?: string;
  /** The address of a running `task-mcp serve`; a bare origin gets the `/mcp` endpoint. */
  url?: string;
  /**
   * A bearer token for the server's `AUTH_TOKENS`, sent as `Authorization: Bearer …`. Only
   * written into the snippet with `embedToken`; otherwise the snippet references it.
   */
  token?: string;
  /** The environment variable the snippet reads the token from; default `TASK_MCP_TOKEN`. */
  tokenEnv?: string;
  /** Write `token` itself into the snippet (for files that are never shared). */
  embedToken?: boolean;
  /** The name the client lists the server under; default `task-mcp`. */
  name?: string;
}

type Json = Record<string, unknown>;

/**
 * The snippet for `client`, ending with a newline: a shell command for `claude-code`, JSON for
 * every other client. Throws `TypeError` for an unknown client or an option the client cannot
 * use (a URL, or no root, for Claude Desktop; no HTTPS URL for the Messages API; a token without
 * a URL).
 *
 * @example
 * ```ts
 * import { clientConfig } from "./client_config.ts";
 * clientConfig("claude-code", "/usr/local/bin/task-mcp", { root: "/srv/project" });
 * // "claude mcp add task-mcp -- /usr/local/bin/task-mcp stdio --root /srv/project\n"
 * clientConfig("vscode", "/usr/local/bin/task-mcp", { url: "https://mcp.example.com", token: "t" });
 * // {"servers":{"task-mcp":{"type":"http","url":"https://mcp.example.com/mcp",…}}} (indented)
 * ```
 */
export function clientConfig(
  client: string,
  binaryPath: string,
  options: ClientConfigOptions = {},
): string {
  if (!(CLIENTS as readonly string[]).includes(client)) {
    throw new TypeError(`Unknown client "${client}": expected one of ${CLIENTS.join(", ")}`);
  }
  const name = options.name ?? "task-mcp";
  if (!/^[a-zA-Z0-9_-]{1,40}$/.test(name)) {
    throw new TypeError(`Invalid server name "${name}": use 1-40 letters, digits, "_" or "-"`);
  }
  const wantsToken = options.token !== undefined || options.tokenEnv !== undefined;
  if (wantsToken && options.url === undefined) {
    throw new TypeError("A token needs a URL: local servers started over stdio take no token");
  }
  if (options.embedToken && options.token === undefined) {
    throw new TypeError("Embedding a token needs the token: pass it with --token");
  }
  const tokenEnv = options.tokenEnv ?? "TASK_MCP_TOKEN";
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(tokenEnv)) {
    throw new TypeError(`Invalid variable name "${tokenEnv}": use letters, digits and "_"`);
  }
  if (options.token !== undefined && !/^[\x21-\x7e]+$/.test(options.token)) {
    throw new TypeError("Invalid token: expected printable ASCII without spaces");
  }
  const url = options.url === undefined ? undefined : endpoint(options.url);
  if (url === undefined) {
    if (!isAbsolute(binaryPath)) {
      throw new TypeError(`Binary path must be absolute: "${binaryPath}"`);
    }
    if (options.root !== undefined && !isAbsolute(options.root)) {
      throw new TypeError(`Root must be an absolute path: "${options.root}"`);
    }
  }
  const embedded = options.embedToken ? options.token : undefined;
  /** The header's value, spelled with the client's own reference to the secret. */
  const bearer = (reference: string) => wantsToken ? `Bearer ${embedded ?? reference}` : undefined;
  const headers = (reference: string) => {
    const value = bearer(reference);
    return value ? { headers: { Authorization: value } } : {};
  };
  const args = (root = options.root) => root === undefined ? ["stdio"] : ["stdio", "--root", root];
  const stdio = { command: binaryPath, args: args() };
  const servers = (entry: Json) => json({ mcpServers: { [name]: entry } });
  const inputId = `${name}-token`;

  switch (client as Client) {
    case "claude-code":
      return url === undefined
        ? `${shell(["claude", "mcp", "add", name, "--", binaryPath, ...args()])}\n`
        : `${
          shell([
            "claude",
            "mcp",
            "add",
            "--transport",
            "http",
            name,
            url,
          ])
        }${
          !wantsToken
            ? ""
            : embedded
            ? ` ${shell(["--header", `Authorization: Bearer ${embedded}`])}`
            : ` --header "Authorization: Bearer $${tokenEnv}"`
        }\n`;
    case "mcp-json":
      return servers(
        url === undefined
          ? { type: "stdio", ...stdio }
          : { type: "http", url, ...headers(`\${${tokenEnv}}`) },
      );
    case "claude-desktop":
      if (url !== undefined) {
        throw new TypeError(
          "Claude Desktop starts local servers only: add a remote server under Settings → Connectors",
        );
      }
      if (options.root === undefined) {
        throw new TypeError(
          "Claude Desktop starts servers outside any project: pass the project directory as root",
        );
      }
      return servers(stdio);
    case "vscode":
      return json({
        ...(wantsToken && !embedded && url !== undefined
          ? {
            inputs: [{
              type: "promptString",
              id: inputId,
              description: `Bearer token of ${name}`,
              password: true,
            }],
          }
          : {}),
        servers: {
          [name]: url === undefined
            ? {
              type: "stdio",
              command: binaryPath,
              args: args(options.root ?? "${workspaceFolder}"),
            }
            : { type: "http", url, ...headers(`\${input:${inputId}}`) },
        },
      });
    case "cursor":
      // Cursor starts servers outside the project; it expands ${workspaceFolder} to it.
      return servers(
        url === undefined
          ? { command: binaryPath, args: args(options.root ?? "${workspaceFolder}") }
          : { url, ...headers(`\${env:${tokenEnv}}`) },
      );
    case "jetbrains":
      if (url !== undefined) {
        throw new TypeError(
          "JetBrains AI Assistant's documented MCP configuration starts local servers only: configure task-mcp over stdio",
        );
      }
      return servers(stdio);
    case "messages-api":
      if (url === undefined || !url.startsWith("https://")) {
        throw new TypeError(
          "The Messages API reaches servers over HTTPS only: pass an https:// URL (see deploy/nginx.conf.example)",
        );
      }
      return json({
        mcp_servers: [{
          type: "url",
          url,
          name,
          // The API expands nothing: `envsubst` fills the reference in before the request is sent.
          ...(wantsToken && { authorization_token: embedded ?? `\${${tokenEnv}}` }),
        }],
        tools: [{ type: "mcp_toolset", mcp_server_name: name }],
      });
  }
}

/** The MCP endpoint of `url`: an origin without a path gets `/mcp`. */
function endpoint(url: string): string {
  if (!URL.canParse(url)) throw new TypeError(`Invalid URL "${url}"`);
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new TypeError(`Invalid URL "${url}": expected http:// or https://`);
  }
  if (parsed.username || parsed.password) {
    throw new TypeError(`Invalid URL "${url}": pass credentials as a token, not in the URL`);
  }
  if (parsed.pathname === "/") parsed.pathname = "/mcp";
  return parsed.href;
}

function isAbsolute(path: string): boolean {
  return path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path);
}

function json(value: Json): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A POSIX shell command line: words with anything but safe characters in single quotes. */
function shell(words: string[]): string {
  return words.map((w) =>
    /^[A-Za-z0-9_.\/:=@%+,-]+$/.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`
  )
    .join(" ");
}
