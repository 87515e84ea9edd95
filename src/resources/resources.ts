/**
 * The resources task-mcp serves: change documents, delta specs, listings, archive summaries and
 * main specs.
 *
 * @module
 */
import { readUiResource, UI_RESOURCES } from "./ui_apps.ts";
import {
  ErrorCode,
  ProtocolError,
  type ResourceContents,
  type ResourceInfo,
  type ResourceTemplateInfo,
} from "../backend_types.ts";
import { DomainError } from "../errors.ts";
import { FsError } from "../fs/file_system.ts";
import { archivedNames } from "../repository/find_change.ts";
import { summaryPath } from "../repository/journal.ts";
import { ARCHIVE, changeDir, CHANGES, mainSpecPath } from "../repository/layout.ts";
import { loadChange } from "../repository/load_change.ts";
import { listMainSpecs } from "../repository/main_specs.ts";
import { listQuery } from "../tools/changes_active.ts";
import { invalidInput } from "../tools/registry.ts";
import type { ToolDeps } from "../tools/tool.ts";
import { changeStatus } from "../workflow/change_status.ts";
import { instructions } from "../workflow/instructions.ts";
import { parseResourceUri } from "./uri.ts";

const MARKDOWN = "text/markdown";
const JSON_TYPE = "application/json";

/** The RFC 6570 templates of `resources/templates/list`. */
export const RESOURCE_TEMPLATES: ResourceTemplateInfo[] = [
  {
    uriTemplate: "change://{slug}/proposal",
    name: "change-proposal",
    title: "Change proposal",
    description: "proposal.md of an active change",
    mimeType: MARKDOWN,
  },
  {
    uriTemplate: "change://{slug}/tasks",
    name: "change-tasks",
    title: "Change tasks",
    description: "tasks.md of an active change",
    mimeType: MARKDOWN,
  },
  {
    uriTemplate: "change://{slug}/design",
    name: "change-design",
    title: "Change design",
    description: "design.md of an active change",
    mimeType: MARKDOWN,
  },
  {
    uriTemplate: "change://{slug}/delta/{+path}",
    name: "change-delta",
    title: "Delta spec",
    description: "A delta spec of an active change; path is relative to its specs/ folder",
    mimeType: MARKDOWN,
  },
  {
    uriTemplate: "change://{slug}/status",
    name: "change-status",
    title: "Workflow status",
    description: "The data of `openspec status --json` for a change (as change_status)",
    mimeType: JSON_TYPE,
  },
  {
    uriTemplate: "change://{slug}/instructions/{artifact}",
    name: "change-instructions",
    title: "Workflow instructions",
    description:
      "The data of `openspec instructions <artifact> --json`: an artifact of the change's schema, apply or archive",
    mimeType: JSON_TYPE,
  },
  {
    uriTemplate: "changes://active{?page,limit,offset,status,owner,template}",
    name: "changes-active",
    title: "Active changes",
    description: "A page of changes as JSON, with the filters of changes_active",
    mimeType: JSON_TYPE,
  },
  {
    uriTemplate: "changes://archived/{slug}",
    name: "change-archived",
    title: "Archive summary",
    description: "What archiving a change did, as JSON",
    mimeType: JSON_TYPE,
  },
  {
    uriTemplate: "spec://{+capability}",
    name: "spec",
    title: "Main spec",
    description: "openspec/specs/<capability>/spec.md",
    mimeType: MARKDOWN,
  },
];

/** Every concrete resource: the listing, each change's documents, each main spec. */
export async function listResources(deps: ToolDeps): Promise<ResourceInfo[]> {
  const { fs } = deps.repo;
  const out: ResourceInfo[] = [{
    uri: "changes://active",
    name: "changes-active",
    title: "Active changes",
    mimeType: JSON_TYPE,
  }];
  for (const slug of await deps.index.names(CHANGES)) {
    const tree = await fs.tree(changeDir(slug)).catch(() => []);
    for (const entry of tree) {
      if (entry.kind !== "file") continue;
      const doc = /^(proposal|tasks|design)\.md$/.exec(entry.path)?.[1];
      if (doc) {
        out.push({
          uri: `change://${slug}/${doc}`,
          name: `${slug}/${entry.path}`,
          mimeType: MARKDOWN,
          size: entry.size,
        });
      } else if (/^specs\/.+\/spec\.md$/.test(entry.path)) {
        out.push({
          uri: `change://${slug}/delta/${entry.path.slice(6)}`,
          name: `${slug}/${entry.path}`,
          mimeType: MARKDOWN,
          size: entry.size,
        });
      }
    }
  }
  for (const { capability, size } of await listMainSpecs(fs)) {
    out.push({ uri: `spec://${capability}`, name: `spec/${capability}`, mimeType: MARKDOWN, size });
  }
  return [...out, ...UI_RESOURCES];
}

/** Status or instructions; a missing change or artifact is `ResourceNotFound`. */
async function workflowData(
  deps: ToolDeps,
  uri: string,
  ref: { kind: "status"; slug: string } | { kind: "instructions"; slug: string; artifact: string },
): Promise<unknown> {
  try {
    return ref.kind === "status"
      ? await changeStatus(deps.repo, ref.slug)
      : await instructions(deps.repo, ref.slug, ref.artifact);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const missing = ["CHANGE_NOT_FOUND", "CHANGE_ALREADY_ARCHIVED", "DOCUMENT_NOT_FOUND"];
    throw new ProtocolError(
      missing.includes(error.code) ? ErrorCode.ResourceNotFound : ErrorCode.InvalidParams,
      error.message,
      { uri, code: error.code, hint: error.hint, ...error.details },
    );
  }
}

const notFound = (uri: string, what: string) =>
  new ProtocolError(ErrorCode.ResourceNotFound, `Resource not found: ${what}`, { uri });

async function readFile(deps: ToolDeps, uri: string, path: string, what: string) {
  const { fs } = deps.repo;
  try {
    if ((await fs.stat(path))?.kind !== "file") throw notFound(uri, what);
    return await fs.readText(path);
  } catch (error) {
    if (error instanceof FsError && error.code === "OUTSIDE_ROOT") {
      throw new ProtocolError(ErrorCode.InvalidParams, `Resource "${uri}" leaves the project`, {
        uri,
      });
    }
    throw error;
  }
}

/** Reads one resource; throws `ResourceNotFound` or `InvalidParams`. */
export async function readResource(deps: ToolDeps, uri: string): Promise<ResourceContents[]> {
  const view = readUiResource(uri);
  if (view) return view;
  const ref = parseResourceUri(uri);
  const one = (mimeType: string, text: string) => [{ uri, mimeType, text }];
  switch (ref.kind) {
    case "document":
      return one(
        MARKDOWN,
        await readFile(
          deps,
          uri,
          `${changeDir(ref.slug)}/${ref.document}.md`,
          `${ref.document}.md of change '${ref.slug}'`,
        ),
      );
    case "delta":
      return one(
        MARKDOWN,
        await readFile(
          deps,
          uri,
          `${changeDir(ref.slug)}/specs/${ref.path}`,
          `specs/${ref.path} of change '${ref.slug}'`,
        ),
      );
    case "status":
    case "instructions":
      return one(JSON_TYPE, JSON.stringify(await workflowData(deps, uri, ref), null, 2));
    case "spec":
      return one(
        MARKDOWN,
        await readFile(deps, uri, mainSpecPath(ref.capability), `spec '${ref.capability}'`),
      );
    case "active": {
      const raw = Object.fromEntries(ref.query);
      const args: Record<string, unknown> = { ...raw };
      for (const key of ["limit", "offset", "page"]) {
        if (raw[key] !== undefined) args[key] = Number(raw[key]);
      }
      const page = args.page;
      delete args.page;
      const parsed = listQuery().safeParse(args);
      if (!parsed.success) {
        const error = invalidInput("changes://active", parsed.error, args);
        throw new ProtocolError(ErrorCode.InvalidParams, error.message, error.details);
      }
      const query = parsed.data;
      if (typeof page === "number" && Number.isInteger(page) && page >= 1) {
        query.offset = (page - 1) * query.limit;
      } else if (page !== undefined) {
        throw new ProtocolError(ErrorCode.InvalidParams, `Invalid page "${raw.page}"`, { uri });
      }
      try {
        return one(JSON_TYPE, JSON.stringify(await deps.pages.list(query), null, 2));
      } catch (error) {
        if (error instanceof DomainError) {
          throw new ProtocolError(ErrorCode.InvalidParams, error.message, error.details);
        }
        throw error;
      }
    }
    case "archived": {
      const [latest] = await archivedNames(deps.repo, ref.slug);
      if (!latest) throw notFound(uri, `no archived change '${ref.slug}'`);
      const { fs } = deps.repo;
      if (await fs.stat(summaryPath(latest))) {
        return one(JSON_TYPE, await fs.readText(summaryPath(latest)));
      }
      // Archived by the CLI or by hand: describe the archive folder itself.
      const change = await loadChange(deps.repo, ref.slug, `${ARCHIVE}/${latest}`);
      return one(
        JSON_TYPE,
        JSON.stringify(
          {
            slug: ref.slug,
            archivedAs: latest,
            path: fs.absolute(`${ARCHIVE}/${latest}`),
            title: change?.metadata.title,
            specs: change?.files.specFiles.map((f) => f.path) ?? [],
          },
          null,
          2,
        ) + "\n",
      );
    }
  }
}
