/**
 * The official MCP SDK client over HTTP against `task-mcp serve` (compiled binary and source
 * under Deno): Streamable HTTP with sessions and stateless, and the legacy HTTP+SSE transport,
 * each driving a whole change lifecycle; resource notifications over the GET stream.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
// @ts-types="@modelcontextprotocol/sdk/types"
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { call } from "./helpers/client.ts";
import { connectHttp, type HttpClient } from "./helpers/http_client.ts";
import { runLifecycle } from "./helpers/http_lifecycle.ts";
import { type HttpServer, withHttpServer } from "./helpers/http_server.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const viaSdk = (connected: HttpClient) => (name: string, args: Record<string, unknown>) =>
  call(connected.client, name, args);

async function sessions(server: HttpServer): Promise<Record<string, number>> {
  const health = await (await fetch(`${server.url}/health`)).json();
  return health.checks.sessions.details;
}

/** Polls `/health` until `test` holds (the server notices a disconnect asynchronously). */
async function eventually(server: HttpServer, test: (s: Record<string, number>) => boolean) {
  let last: Record<string, number> = {};
  for (let i = 0; i < 100; i++) {
    last = await sessions(server);
    if (test(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sessions never settled: ${JSON.stringify(last)}`);
}

eachTarget("Streamable HTTP with sessions: lifecycle, progress and resource updates", async (t) => {
  const root = await tempProject();
  await withHttpServer(t, root, async (server) => {
    const connected = await connectHttp(server.url, "streamable");
    try {
      assert(connected.sessionId());
      const { client } = connected;
      assertEquals(client.getServerVersion()?.name, "task-mcp");
      assertEquals((await client.listTools()).tools.length, 9);

      // Notifications arrive on the GET stream the SDK opens after initialization.
      const updated: string[] = [];
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
        updated.push(n.params.uri);
      });
      await call(client, "change_open", { title: "Watch me", slug: "watch-me", template: "chore" });
      await client.subscribeResource({ uri: "change://watch-me/tasks" });
      await call(client, "change_task", { slug: "watch-me", task: "1.1", done: true });
      for (let i = 0; i < 100 && updated.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assertEquals(updated, ["change://watch-me/tasks"]);

      // Progress of a tool call travels on the POST's SSE stream.
      await runLifecycle(async (name, args) => {
        if (name !== "change_archive") return await call(client, name, args);
        const progress: number[] = [];
        const result = await client.callTool({ name, arguments: args }, undefined, {
          onprogress: (p) => progress.push(p.progress),
        });
        assertEquals(progress, [1, 2, 3]);
        return result.structuredContent as Record<string, unknown>;
      }, "add-user-auth");
      const spec = await client.readResource({ uri: "spec://add-user-auth" });
      assertStringIncludes((spec.contents[0] as { text: string }).text, "Password sign-in");
      assertEquals((await sessions(server)).mcpSessions, 1);
    } finally {
      await connected.close();
    }
    await eventually(server, (s) => s.mcpSessions === 0 && s.openStreams === 0 && s.timers === 0);
  });
});

eachTarget("Streamable HTTP stateless: lifecycle without sessions", async (t) => {
  const root = await tempProject();
  await withHttpServer(t, root, async (server) => {
    const connected = await connectHttp(server.url, "streamable");
    try {
      assertEquals(connected.sessionId(), undefined);
      const caps = connected.client.getServerCapabilities();
      assertEquals(caps?.resources, {});
      await runLifecycle(viaSdk(connected), "stateless-auth");
      assertEquals((await sessions(server)).mcpSessions, 0);
    } finally {
      await connected.close();
    }
  }, { args: ["--stateless"] });
});

eachTarget("legacy HTTP+SSE: lifecycle, and the session ends with the stream", async (t) => {
  const root = await tempProject();
  await withHttpServer(t, root, async (server) => {
    const connected = await connectHttp(server.url, "sse");
    try {
      assertEquals((await sessions(server)).legacySseSessions, 1);
      await runLifecycle(viaSdk(connected), "legacy-auth");
    } finally {
      await connected.close();
    }
    await eventually(server, (s) => s.legacySseSessions === 0 && s.openStreams === 0);
  });
});
