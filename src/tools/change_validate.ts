/**
 * The `change_validate` tool.
 *
 * @module
 */
import { CHANGE_VIEW, uiMeta } from "../ui/app_uris.ts";
import { lazyZod } from "../zod/zod.ts";
import { validate } from "../repository/validate_change.ts";
import { existingSlug } from "./schemas.ts";
import { defineTool } from "./tool.ts";

export const changeValidate = lazyZod((z) =>
  defineTool({
    name: "change_validate",
    alias: "change.validate",
    title: "Validate a change",
    description:
      "Check a change with OpenSpec's rules (`openspec validate --strict`), plus unfilled template placeholders. Returns issues (level, path, line, message) and whether change_archive would accept it (archivable, archiveBlockers).",
    input: z.object({
      slug: existingSlug(),
      strict: z.boolean().default(true).describe("Warnings fail validation too (default true)"),
    }),
    output: z.looseObject({
      slug: z.string(),
      valid: z.boolean(),
      strict: z.boolean(),
      openspecValid: z.boolean(),
      archivable: z.boolean(),
      archiveBlockers: z.array(z.string()),
      summary: z.object({ errors: z.number(), warnings: z.number(), info: z.number() }),
      issues: z.array(z.looseObject({ level: z.string(), path: z.string(), message: z.string() })),
    }),
    annotations: { readOnlyHint: true, idempotentHint: true },
    meta: uiMeta(CHANGE_VIEW),
    async run(input, deps) {
      const report = await validate(deps.repo, input.slug, input.strict);
      const s = report.summary;
      const lines = report.issues.map((i) =>
        `${i.level} ${i.path}${i.line ? `:${i.line}` : ""}: ${i.message}`
      );
      return {
        structured: { ...report },
        text: [
          `Change '${report.slug}' is ${report.valid ? "valid" : "invalid"}` +
          ` (${s.errors} error(s), ${s.warnings} warning(s), ${s.info} info)`,
          ...lines,
          report.archivable
            ? "change_archive would accept it"
            : `change_archive would refuse it: ${report.archiveBlockers.join("; ")}`,
        ].join("\n"),
      };
    },
  })
);
