/**
 * What the end-to-end tests of the 2026-07-28 era share: the delta spec an archive needs, and
 * SDK clients of both eras that accept an archive's confirmation and keep what they were asked.
 *
 * @module
 */
import { Client } from "@modelcontextprotocol/client";
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client as LegacyClient } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/types"
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";

export { VALID_DELTA } from "../../src/repository/_test_repo.ts";

/**
 * A v2 client (`@modelcontextprotocol/client`) that negotiates its era, declares elicitation and
 * accepts every archive confirmation; `asked` collects the questions in order.
 */
export function confirmingModernClient(): { client: Client; asked: string[] } {
  const client = new Client({ name: "task-mcp-e2e-modern", version: "1.0.0" }, {
    capabilities: { elicitation: {} },
    versionNegotiation: { mode: "auto" },
  });
  const asked: string[] = [];
  client.setRequestHandler("elicitation/create", (request) => {
    asked.push(String(request.params.message));
    return Promise.resolve({ action: "accept", content: { archive: true } });
  });
  return { client, asked };
}

/**
 * A v1 client (`@modelcontextprotocol/sdk`, the 2025 era) that declares elicitation and accepts
 * every archive confirmation; `asked` collects the questions in order.
 */
export function confirmingLegacyClient(): { client: LegacyClient; asked: string[] } {
  const client = new LegacyClient({ name: "task-mcp-e2e-legacy", version: "1.0.0" }, {
    capabilities: { elicitation: {} },
  });
  const asked: string[] = [];
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(request.params.message);
    return { action: "accept", content: { archive: true } };
  });
  return { client, asked };
}
