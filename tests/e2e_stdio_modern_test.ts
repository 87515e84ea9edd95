/**
 * The v2 SDK client (`@modelcontextprotocol/client`) in the 2026-07-28 era over stdio: it probes
 * with `server/discover`, then drives the lifecycle with per-request `_meta`, including a
 * `subscriptions/listen` stream and an `input_required` round trip, against the real process;
 * and the v1 client answering the same question in the 2025 era (`elicitation/create`).
 */
import { assert, assertEquals } from "@std/assert";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport as LegacyStdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { confirmingLegacyClient, confirmingModernClient, VALID_DELTA } from "./helpers/modern.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget, type Target } from "./helpers/targets.ts";

/** How either SDK's stdio transport starts the server under test over `root`. */
function serverParams(target: Target, root: string) {
  return {
    command: target.command,
    args: [...target.prefix, "stdio", "--root", root],
    env: { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "/tmp" },
    stderr: "pipe" as const,
  };
}

async function connectModern(target: Target, root: string) {
  const client = new Client({ name: "task-mcp-e2e-modern", version: "1.0.0" }, {
    capabilities: {},
    versionNegotiation: { mode: "auto" },
  });
  await client.connect(new StdioClientTransport(serverParams(target, root)));
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

/** Either SDK's client, as far as calling a tool goes. */
interface ToolCaller {
  callTool(
    params: { name: string; arguments: Record<string, unknown> },
  ): Promise<Record<string, unknown>>;
}

/** Opens the feature change "greet", fills its delta spec and archives it, which succeeds. */
async function openWriteArchive(client: ToolCaller): Promise<void> {
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
}

eachTarget("the v2 client confirms an archive through an input_required round trip", async (t) => {
  const root = await tempProject();
  const { client, asked } = confirmingModernClient();
  await client.connect(new StdioClientTransport(serverParams(t, root)));
  try {
    await openWriteArchive(client);
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
    const { client: legacy, asked } = confirmingLegacyClient();
    await legacy.connect(new LegacyStdioClientTransport(serverParams(t, root)));
    try {
      await openWriteArchive(legacy);
      assertEquals(asked.length, 1);
    } finally {
      await legacy.close();
    }
  },
);
