import { assertEquals, assertMatch, assertThrows } from "@std/assert";
import { clientConfig, CLIENTS } from "./client_config.ts";

const BIN = "/opt/task mcp/task-mcp";
const ROOT = "/srv/project";
const URL_ = "https://mcp.example.com";
const TOKEN = "s3cr3t-token";

function parse(text: string): Record<string, unknown> {
  assertEquals(text.endsWith("\n"), true);
  return JSON.parse(text);
}

Deno.test("claude-code: a stdio command line with quoted paths", () => {
  assertEquals(
    clientConfig("claude-code", BIN, { root: ROOT }),
    "claude mcp add task-mcp -- '/opt/task mcp/task-mcp' stdio --root /srv/project\n",
  );
  assertEquals(
    clientConfig("claude-code", "/usr/local/bin/task-mcp"),
    "claude mcp add task-mcp -- /usr/local/bin/task-mcp stdio\n",
  );
});

Deno.test("claude-code: --transport http, the token from the shell's environment", () => {
  assertEquals(
    clientConfig("claude-code", BIN, { url: URL_, token: TOKEN }),
    "claude mcp add --transport http task-mcp https://mcp.example.com/mcp " +
      '--header "Authorization: Bearer $TASK_MCP_TOKEN"\n',
  );
  assertEquals(
    clientConfig("claude-code", BIN, { url: URL_, tokenEnv: "SPECS_TOKEN" }),
    "claude mcp add --transport http task-mcp https://mcp.example.com/mcp " +
      '--header "Authorization: Bearer $SPECS_TOKEN"\n',
  );
  assertEquals(
    clientConfig("claude-code", BIN, { url: URL_, token: TOKEN, embedToken: true }),
    "claude mcp add --transport http task-mcp https://mcp.example.com/mcp " +
      "--header 'Authorization: Bearer s3cr3t-token'\n",
  );
  assertEquals(
    clientConfig("claude-code", BIN, { url: "http://127.0.0.1:8443/mcp" }),
    "claude mcp add --transport http task-mcp http://127.0.0.1:8443/mcp\n",
  );
});

Deno.test("mcp-json: mcpServers with a stdio entry, or http with ${VAR} expansion", () => {
  assertEquals(parse(clientConfig("mcp-json", BIN, { root: ROOT })), {
    mcpServers: { "task-mcp": { type: "stdio", command: BIN, args: ["stdio", "--root", ROOT] } },
  });
  assertEquals(parse(clientConfig("mcp-json", BIN, { url: URL_, token: TOKEN })), {
    mcpServers: {
      "task-mcp": {
        type: "http",
        url: "https://mcp.example.com/mcp",
        headers: { Authorization: "Bearer ${TASK_MCP_TOKEN}" },
      },
    },
  });
  assertEquals(parse(clientConfig("mcp-json", BIN, { url: URL_ })), {
    mcpServers: { "task-mcp": { type: "http", url: "https://mcp.example.com/mcp" } },
  });
});

Deno.test("claude-desktop: stdio only", () => {
  assertEquals(parse(clientConfig("claude-desktop", BIN, { root: ROOT })), {
    mcpServers: { "task-mcp": { command: BIN, args: ["stdio", "--root", ROOT] } },
  });
  assertThrows(
    () => clientConfig("claude-desktop", BIN, { url: URL_ }),
    TypeError,
    "Settings → Connectors",
  );
  assertThrows(() => clientConfig("claude-desktop", BIN), TypeError, "pass the project directory");
});

Deno.test("vscode: servers with type, the workspace folder as default root, a password input", () => {
  assertEquals(parse(clientConfig("vscode", BIN)), {
    servers: {
      "task-mcp": { type: "stdio", command: BIN, args: ["stdio", "--root", "${workspaceFolder}"] },
    },
  });
  const remote = parse(clientConfig("vscode", BIN, { url: `${URL_}/mcp`, token: TOKEN }));
  assertEquals(remote, {
    inputs: [{
      type: "promptString",
      id: "task-mcp-token",
      description: "Bearer token of task-mcp",
      password: true,
    }],
    servers: {
      "task-mcp": {
        type: "http",
        url: "https://mcp.example.com/mcp",
        headers: { Authorization: "Bearer ${input:task-mcp-token}" },
      },
    },
  });
  assertEquals("mcpServers" in remote, false);
});

Deno.test("cursor: ${workspaceFolder} as default root, the token as ${env:…}", () => {
  assertEquals(parse(clientConfig("cursor", BIN)), {
    mcpServers: { "task-mcp": { command: BIN, args: ["stdio", "--root", "${workspaceFolder}"] } },
  });
  assertEquals(parse(clientConfig("cursor", BIN, { root: ROOT })), {
    mcpServers: { "task-mcp": { command: BIN, args: ["stdio", "--root", ROOT] } },
  });
  assertEquals(parse(clientConfig("cursor", BIN, { url: URL_, token: TOKEN, name: "specs" })), {
    mcpServers: {
      specs: {
        url: "https://mcp.example.com/mcp",
        headers: { Authorization: "Bearer ${env:TASK_MCP_TOKEN}" },
      },
    },
  });
});

Deno.test("jetbrains: the documented stdio shape only", () => {
  assertEquals(parse(clientConfig("jetbrains", BIN, { root: ROOT })), {
    mcpServers: { "task-mcp": { command: BIN, args: ["stdio", "--root", ROOT] } },
  });
  assertThrows(() => clientConfig("jetbrains", BIN, { url: URL_ }), TypeError, "stdio");
});

Deno.test("messages-api: an mcp_servers entry whose token envsubst fills in", () => {
  assertEquals(parse(clientConfig("messages-api", BIN, { url: URL_, token: TOKEN })), {
    mcp_servers: [{
      type: "url",
      url: "https://mcp.example.com/mcp",
      name: "task-mcp",
      authorization_token: "${TASK_MCP_TOKEN}",
    }],
    tools: [{ type: "mcp_toolset", mcp_server_name: "task-mcp" }],
  });
  assertThrows(() => clientConfig("messages-api", BIN), TypeError, "HTTPS only");
  assertThrows(
    () => clientConfig("messages-api", BIN, { url: "http://127.0.0.1:8443" }),
    TypeError,
    "HTTPS only",
  );
});

Deno.test("no snippet holds the token unless asked for; every JSON one parses", () => {
  for (const client of CLIENTS) {
    const local = client === "messages-api" ? undefined : clientConfig(client, BIN, { root: ROOT });
    if (local && client !== "claude-code") parse(local);
    if (client === "claude-desktop" || client === "jetbrains") continue;
    const remote = clientConfig(client, BIN, { url: URL_, token: TOKEN });
    assertEquals(remote.includes(TOKEN), false, `${client} embeds the token: ${remote}`);
    if (client === "claude-code") assertMatch(remote, /^claude mcp add --transport http /);
    else parse(remote);
    const embedded = clientConfig(client, BIN, { url: URL_, token: TOKEN, embedToken: true });
    assertEquals(embedded.includes(TOKEN), true, client);
  }
  assertThrows(() => clientConfig("cursor", BIN, { name: "task.mcp" }), TypeError, "server name");
  assertThrows(() => clientConfig("cursor", BIN, { url: URL_, embedToken: true }), TypeError);
  assertThrows(
    () => clientConfig("cursor", BIN, { url: URL_, tokenEnv: "1X" }),
    TypeError,
    "variable",
  );
});

Deno.test("refuses what a client cannot use", () => {
  assertThrows(() => clientConfig("zed", BIN), TypeError, 'Unknown client "zed"');
  assertThrows(() => clientConfig("cursor", "task-mcp"), TypeError, "absolute");
  assertThrows(() => clientConfig("cursor", BIN, { root: "project" }), TypeError, "absolute");
  assertThrows(() => clientConfig("cursor", BIN, { token: TOKEN }), TypeError, "needs a URL");
  assertThrows(() => clientConfig("cursor", BIN, { url: "ftp://x" }), TypeError, "http://");
  assertThrows(() => clientConfig("cursor", BIN, { url: "not a url" }), TypeError, "Invalid URL");
  assertThrows(
    () => clientConfig("cursor", BIN, { url: "https://u:p@example.com" }),
    TypeError,
    "credentials",
  );
  assertThrows(
    () => clientConfig("cursor", BIN, { url: URL_, token: "two words" }),
    TypeError,
    "Invalid token",
  );
});
