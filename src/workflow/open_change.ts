/**
 * `change_open`: creating a change from a template, complete or not at all.
 *
 * The change is written into a private staging folder and then moved into
 * `openspec/changes/` with one rename. Rename refuses to replace a non-empty folder, so of two
 * processes opening the same slug exactly one wins, and a crash at any moment leaves either no
 * change or the whole change (and at worst a staging folder that start-up clears).
 *
 * @module
 */
import type { Receipt } from "../backend_types.ts";
import { DomainError } from "../errors.ts";
import { FsError } from "../fs/file_system.ts";
import { changeNameError } from "../openspec/mod.ts";
import { makeReceipt, recordReceipt } from "../repository/audit.ts";
import type { RepoContext } from "../repository/context.ts";
import { ensureSkeleton } from "../repository/init.ts";
import { changeDir, localDate, mainSpecPath, STAGING } from "../repository/layout.ts";
import { renderMetadata } from "../repository/metadata.ts";
import { RATIONALE_PLACEHOLDER } from "../repository/placeholders.ts";
import { renderChangeDocuments, type TemplateName } from "../repository/templates.ts";
import { changeUris } from "../repository/uris.ts";
import { DEFAULT_MAX_DOCUMENT_BYTES } from "./write_document.ts";
import { openPlan } from "./open_plan.ts";

/** The input of {@link openChange}, already validated against the tool's schema. */
export interface OpenChangeInput {
  title: string;
  slug: string;
  /** Left out: the template that fits the project's schema, if any (see `open_plan.ts`). */
  template?: TemplateName;
  rationale?: string;
  owner?: string;
  ttl?: number;
  capability?: string;
}

/** What {@link openChange} created. */
export interface OpenedChange {
  slug: string;
  title: string;
  /** The template rendered; absent for an empty change of a schema no template fits. */
  template?: TemplateName;
  /** The workflow schema of the change. */
  schema: string;
  capability: string;
  capabilityExists: boolean;
  path: string;
  files: string[];
  createdAt: string;
  expiresAt?: string;
  receipt: Receipt;
}

/**
 * Creates a change; throws {@link DomainError} `CHANGE_ALREADY_EXISTS`, `INVALID_INPUT`, or
 * `CONTENT_TOO_LARGE` when a document it would write is over `maxBytes` (`MAX_DOCUMENT_KB`, the
 * limit `change_write` applies: the title and rationale land in the documents).
 */
export async function openChange(
  ctx: RepoContext,
  input: OpenChangeInput,
  caller: string,
  maxBytes = DEFAULT_MAX_DOCUMENT_BYTES,
): Promise<OpenedChange> {
  const { fs } = ctx;
  const nameError = changeNameError(input.slug);
  if (nameError) {
    throw new DomainError("INVALID_INPUT", `Invalid slug "${input.slug}": ${nameError}`, {
      field: "slug",
      value: input.slug,
    });
  }
  const dir = changeDir(input.slug);
  const existing = await fs.stat(dir);
  if (existing) throw alreadyExists(input.slug, existing.mtimeMs);

  const now = ctx.now();
  const title = input.title.replace(/\s+/g, " ").trim();
  const capability = input.capability ?? input.slug;
  const capabilityExists = (await fs.stat(mainSpecPath(capability)))?.kind === "file";
  const createdAt = now.toISOString();
  const expiresAt = input.ttl
    ? new Date(now.getTime() + input.ttl * 1000).toISOString()
    : undefined;
  const plan = await openPlan(fs, input.template);
  const documents = !plan.template ? {} : renderChangeDocuments(plan.template, {
    title,
    slug: input.slug,
    capability,
    rationale: input.rationale?.trim() ||
      RATIONALE_PLACEHOLDER,
    owner: input.owner ?? "",
    date: localDate(now),
    template: plan.template,
    capability_kind: capabilityExists ? "Modified" : "New",
  });
  documents[".openspec.yaml"] = renderMetadata({
    schema: plan.schema,
    created: localDate(now),
    title,
    owner: input.owner,
    template: plan.template,
    createdAt,
    expiresAt,
  });

  const encoder = new TextEncoder();
  for (const [path, text] of Object.entries(documents)) {
    const bytes = encoder.encode(text).length;
    if (bytes > maxBytes) {
      throw new DomainError(
        "CONTENT_TOO_LARGE",
        `Document "${path}" would be ${bytes} bytes: the limit is ${maxBytes}`,
        { field: path, bytes, limit: maxBytes },
      );
    }
  }

  await ensureSkeleton(fs);
  const staging = `${STAGING}/${ctx.pid}-${ctx.randomId()}`;
  try {
    for (const [path, text] of Object.entries(documents)) {
      await fs.writeAtomic(`${staging}/${path}`, text);
    }
    await fs.rename(staging, dir);
  } catch (error) {
    await fs.remove(staging);
    if (error instanceof FsError && (error.code === "NOT_EMPTY" || error.code === "EXISTS")) {
      throw alreadyExists(input.slug, (await fs.stat(dir))?.mtimeMs);
    }
    throw error;
  }

  const receipt = makeReceipt(ctx, "change.open", input.slug);
  await recordReceipt(ctx, receipt, caller);
  ctx.emit({ uris: changeUris(input.slug, [`specs/${capability}/spec.md`]), listChanged: true });
  return {
    slug: input.slug,
    title,
    ...(plan.template ? { template: plan.template } : {}),
    schema: plan.schema,
    capability,
    capabilityExists,
    path: fs.absolute(dir),
    files: Object.keys(documents).sort(),
    createdAt,
    ...(expiresAt ? { expiresAt } : {}),
    receipt,
  };
}

function alreadyExists(slug: string, mtimeMs: number | undefined): DomainError {
  return new DomainError("CHANGE_ALREADY_EXISTS", `Change with slug '${slug}' already exists`, {
    existing_slug: slug,
    existing_status: "draft",
    ...(mtimeMs ? { modified_at: new Date(mtimeMs).toISOString() } : {}),
  });
}
