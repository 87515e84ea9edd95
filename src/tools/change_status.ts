/**
 * The `change_status` tool: the artifact graph of a change, as `openspec status --json`.
 *
 * @module
 */
import { lazyZod } from "../zod/zod.ts";
import { changeStatus } from "../workflow/change_status.ts";
import { existingSlug } from "./schemas.ts";
import { defineTool } from "./tool.ts";

export const changeStatusTool = lazyZod((z) =>
  defineTool({
    name: "change_status",
    alias: "change.status",
    title: "Workflow status of a change",
    description:
      "The data of `openspec status --json`: the change's schema, each artifact done, ready, blocked or skipped, and next: the instructions resource to read and the change_write path.",
    input: z.object({ slug: existingSlug() }),
    output: z.looseObject({
      schemaName: z.string(),
      artifacts: z.array(z.looseObject({ id: z.string(), status: z.string() })),
    }),
    annotations: { readOnlyHint: true, idempotentHint: true },
    async run(input, deps) {
      const status = await changeStatus(deps.repo, input.slug);
      const lines = status.artifacts.map((a) =>
        `- ${a.id} (${a.outputPath}): ${a.status}${
          a.missingDeps ? `, needs ${a.missingDeps.join(", ")}` : ""
        }`
      );
      const next = status.next;
      return {
        structured: status,
        text: [
          `Change '${input.slug}' uses schema '${status.schemaName}':`,
          ...lines,
          next.write
            ? `Next: read ${next.instructions}, then call change_write with path "${next.write.path}"`
            : `Next: read ${next.instructions} and implement the tasks`,
        ].join("\n"),
        links: [{
          uri: next.instructions,
          name: `${next.artifact} instructions`,
          mimeType: "application/json",
        }],
      };
    },
  })
);
