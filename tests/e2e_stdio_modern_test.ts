/**
 * The v2 SDK client (`@modelcontextprotocol/client`) in the 2026-07-28 era over stdio: it probes
 * with `server/discover`, then drives the lifecycle with per-request `_meta`, including a
 * `subscriptions/listen` stream and an `input_required` round trip, against the real process;
 * and the v1 client answering the same question in the 2025 era (`elicitation/create`).
 */
import { assert, assertEquals } from "@std/assert";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client as LegacyClient } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport as LegacyStdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
// @ts-types="@modelcontextprotocol/sdk/types"
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget, type Target } from "./helpers/targets.ts";

async function connectModern(target: Target, root: string) {
  const client = new Client({ name: "task-mcp-e2e-modern", version: "1.0.0" }, {
    capabilities: {},
    versionNegotiation: { mode: "auto" },
  });
  const transport = new StdioClientTransport({
    command: target.command,
    args: [...target.prefix, "stdio", "--root", root],
    env: { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "/tmp" },
    stderr: "pipe",
  });
  await client.connect(transport);
  return client;
}

eachTarget("the v2 client negotiates 2026-07-28 over stdio and drives the lifecycle", async (t) => {
  const root = await tempProject();
  const client = await connectModern(t, root);
  try {
    assertEquals(client.getProtocolEra(), "modern");
    const tools = await client.listTools();
    assert(tools.tools.some((tool) => tool.name === "change_open"));
    const changed: string[] = [];
    client.setNotificationHandler("notifications/resources/list_changed", () => {
      changed.push("list");
    });
    const subscription = await client.listen({ resourcesListChanged: true });
    assertEquals(subscription.honoredFilter, { resourcesListChanged: true });
    const opened = await client.callTool({
      name: "change_open",
      arguments: { title: "Modern client", slug: "modern-client" },
    });
    assertEquals(opened.isError, undefined);
    const read = await client.readResource({ uri: "change://modern-client/proposal" });
    assert(read.contents.length > 0);
    for (let i = 0; i < 100 && changed.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert(changed.length > 0, "no list_changed on the listen stream");
    await subscription.close();
    assertEquals(await subscription.closed, "local");
  } finally {
    await client.close();
  }
});

const VALID_DELTA = `## ADDED Requirements

### Requirement: Greeting
The system SHALL greet the user by name.

#### Scenario: Known user
- **WHEN** a known user opens the app
- **THEN** the app greets them by name
`;

eachTarget("the v2 client confirms an archive through an input_required round trip", async (t) => {
  const root = await tempProject();
  const client = new Client({ name: "task-mcp-e2e-modern", version: "1.0.0" }, {
    capabilities: { elicitation: {} },
    versionNegotiation: { mode: "auto" },
  });
  const asked: string[] = [];
  client.setRequestHandler("elicitation/create", (request) => {
    asked.push(String(request.params.message));
    return Promise.resolve({ action: "accept", content: { archive: true } });
  });
  await client.connect(
    new StdioClientTransport({
      command: t.command,
      args: [...t.prefix, "stdio", "--root", root],
      env: { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "/tmp" },
      stderr: "pipe",
    }),
  );
  try {
    await client.callTool({
      name: "change_open",
      arguments: { title: "Greet", slug: "greet", template: "feature" },
    });
    await client.callTool({
      name: "change_write",
      arguments: { slug: "greet", path: "specs/greet/spec.md", content: VALID_DELTA },
    });
    const archived = await client.callTool({
      name: "change_archive",
      arguments: { slug: "greet" },
    });
    assertEquals(archived.isError, undefined, JSON.stringify(archived.content));
    assertEquals(asked.length, 1);
    assert(asked[0]!.includes("task(s) are not done"), asked[0]);
  } finally {
    await client.close();
  }
});

eachTarget(
  "the v1 client in the 2025 era confirms an archive through elicitation/create",
  async (t) => {
    const root = await tempProject();
    const legacy = new LegacyClient({ name: "task-mcp-e2e-legacy", version: "1.0.0" }, {
      capabilities: { elicitation: {} },
    });
    const asked: string[] = [];
    legacy.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return { action: "accept", content: { archive: true } };
    });
    await legacy.connect(
      new LegacyStdioClientTransport({
        command: t.command,
        args: [...t.prefix, "stdio", "--root", root],
        env: { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "/tmp" },
        stderr: "pipe",
      }),
    );
    try {
      await legacy.callTool({
        name: "change_open",
        arguments: { title: "Greet", slug: "greet", template: "feature" },
      });
      await legacy.callTool({
        name: "change_write",
        arguments: { slug: "greet", path: "specs/greet/spec.md", content: VALID_DELTA },
      });
      const archived = await legacy.callTool({
        name: "change_archive",
        arguments: { slug: "greet" },
      });
      assertEquals(archived.isError, undefined, JSON.stringify(archived.content));
      assertEquals(asked.length, 1);
    } finally {
      await legacy.close();
    }
  },
);
