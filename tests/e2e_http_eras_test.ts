/**
 * Both eras on one Streamable HTTP endpoint at the same time: the v2 SDK client
 * (`@modelcontextprotocol/client`, 2026-07-28, session-free) and the v1 client
 * (`@modelcontextprotocol/sdk`, 2025-11-25 through `initialize` and a session) drive the whole
 * lifecycle against one `serve` process side by side, each hearing of the other's changes on its
 * own era's channel (`subscriptions/listen`, the GET stream and `resources/subscribe`).
 */
import { assert, assertEquals } from "@std/assert";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
// @ts-types="@modelcontextprotocol/sdk/client/streamableHttp"
import { StreamableHTTPClientTransport as LegacyHttpTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
// @ts-types="@modelcontextprotocol/sdk/types"
import {
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { withHttpServer } from "./helpers/http_server.ts";
import { confirmingLegacyClient, confirmingModernClient, VALID_DELTA } from "./helpers/modern.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

/** Waits until `test` holds, polling. */
async function eventually(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !test(); i++) await new Promise((r) => setTimeout(r, 25));
  assert(test(), `timed out waiting for ${what}`);
}

eachTarget("a 2026-07-28 client and a 2025 client use one server side by side", async (t) => {
  await withHttpServer(t, await tempProject(), async ({ url }) => {
    const { client: modern, asked: modernAsked } = confirmingModernClient();
    const { client: legacy, asked: legacyAsked } = confirmingLegacyClient();
    const legacyHeard: string[] = [];
    legacy.setNotificationHandler(ResourceListChangedNotificationSchema, () => {
      legacyHeard.push("list");
    });
    legacy.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      legacyHeard.push(n.params.uri);
    });
    const modernHeard: string[] = [];
    modern.setNotificationHandler("notifications/resources/list_changed", () => {
      modernHeard.push("list");
    });
    modern.setNotificationHandler("notifications/resources/updated", (n) => {
      modernHeard.push(String(n.params.uri));
    });
    const endpoint = new URL(`${url}/mcp`);
    await Promise.all([
      modern.connect(new StreamableHTTPClientTransport(endpoint)),
      legacy.connect(new LegacyHttpTransport(endpoint)),
    ]);
    try {
      assertEquals(modern.getProtocolEra(), "modern");
      assertEquals(legacy.getServerVersion()?.name, "task-mcp");
      // Each era's subscription channel, both fed by the one change hub.
      const subscription = await modern.listen({
        resourcesListChanged: true,
        resourceSubscriptions: ["change://from-legacy/proposal"],
      });
      await legacy.subscribeResource({ uri: "change://from-modern/proposal" });

      const [modernTools, legacyTools] = await Promise.all([
        modern.listTools(),
        legacy.listTools(),
      ]);
      assertEquals(
        modernTools.tools.map((tool) => tool.name),
        legacyTools.tools.map((tool) => tool.name),
      );
      await Promise.all([
        modern.callTool({
          name: "change_open",
          arguments: { title: "From modern", slug: "from-modern", template: "feature" },
        }),
        legacy.callTool({
          name: "change_open",
          arguments: { title: "From legacy", slug: "from-legacy", template: "feature" },
        }),
      ]);
      await eventually(() => modernHeard.includes("list"), "list_changed on the listen stream");
      await eventually(() => legacyHeard.includes("list"), "list_changed on the GET stream");
      // Each hears of an edit to the document it watches, made by the other era.
      await Promise.all([
        modern.callTool({
          name: "change_write",
          arguments: {
            slug: "from-legacy",
            path: "proposal.md",
            content: "# From legacy\n\nWhy\n",
          },
        }),
        legacy.callTool({
          name: "change_write",
          arguments: {
            slug: "from-modern",
            path: "proposal.md",
            content: "# From modern\n\nWhy\n",
          },
        }),
      ]);
      await eventually(
        () => modernHeard.includes("change://from-legacy/proposal"),
        "resources/updated on the listen stream",
      );
      await eventually(
        () => legacyHeard.includes("change://from-modern/proposal"),
        "resources/updated on the 2025 session",
      );
      const [modernRead, legacyRead] = await Promise.all([
        modern.readResource({ uri: "change://from-modern/proposal" }),
        legacy.readResource({ uri: "change://from-legacy/proposal" }),
      ]);
      assert(JSON.stringify(modernRead.contents).includes("From modern"));
      assert(JSON.stringify(legacyRead.contents).includes("From legacy"));
      const [modernPrompts, legacyPrompts] = await Promise.all([
        modern.listPrompts(),
        legacy.listPrompts(),
      ]);
      assertEquals(modernPrompts.prompts.length, legacyPrompts.prompts.length);

      // Archives of changes with open tasks are confirmed: input_required for the modern
      // client, elicitation/create on the session for the 2025 one.
      for (const slug of ["from-modern", "from-legacy"]) {
        const client = slug === "from-modern" ? modern : legacy;
        await client.callTool({
          name: "change_write",
          arguments: { slug, path: `specs/${slug}/spec.md`, content: VALID_DELTA },
        });
      }
      const [modernArchive, legacyArchive] = await Promise.all([
        modern.callTool({ name: "change_archive", arguments: { slug: "from-modern" } }),
        legacy.callTool({ name: "change_archive", arguments: { slug: "from-legacy" } }),
      ]);
      assertEquals(modernArchive.isError, undefined, JSON.stringify(modernArchive.content));
      assertEquals(legacyArchive.isError, undefined, JSON.stringify(legacyArchive.content));
      assertEquals([modernAsked.length, legacyAsked.length], [1, 1]);

      await subscription.close();
      assertEquals(await subscription.closed, "local");
    } finally {
      await Promise.all([modern.close(), legacy.close()]);
    }
  });
});
