/**
 * What a tool is: a name, schemas that validate its input and describe its output, hints for
 * clients, and a function over the repository.
 *
 * @module
 */
import type { z } from "zod";
import type { CallContext, Receipt, ResourceLinkInfo, ToolAnnotations } from "../backend_types.ts";
import type { ChangeIndex } from "../repository/change_index.ts";
import type { PageCache } from "../repository/page_cache.ts";
import type { RepoContext } from "../repository/context.ts";

/** What tools run against, built once at start-up. */
export interface ToolDeps {
  repo: RepoContext;
  index: ChangeIndex;
  /** Finished listing pages, for `changes_active` and `changes://active`. */
  pages: PageCache;
  /**
   * Runs a mutation after every earlier one has finished, so that they never interleave, under
   * the repository lock. When `signal` is aborted before its turn comes, the mutation does not
   * run at all. The registry runs every tool that declares `mutates` through it.
   */
  serialize<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  maxDocumentBytes: number;
  /** `REQUIRE_APPROVAL`: `change_archive` refuses a change no person has approved. */
  requireApproval?: boolean;
}

/** What a tool returns on success. */
export interface ToolSuccess {
  structured: Record<string, unknown>;
  text: string;
  links?: ResourceLinkInfo[];
  receipt?: Receipt;
}

/** A tool definition. `input` is the single source of validation and of the published schema. */
export interface Tool<I extends z.ZodType = z.ZodType> {
  name: string;
  /** The API reference's dotted name, accepted in `tools/call`. */
  alias: string;
  title: string;
  description: string;
  input: I;
  output: z.ZodType;
  annotations: ToolAnnotations;
  /** Published as the tool's `_meta` (MCP Apps: `{ ui: { resourceUri } }`). */
  meta?: Record<string, unknown>;
  /**
   * Whether the tool writes to the repository. The registry then runs it after every earlier
   * mutation, under the repository lock (`ToolDeps.serialize`); a read runs at once.
   */
  mutates?: boolean;
  /**
   * Runs before `run` and before the repository lock is taken: asks the person behind the
   * client what the tool must know (through `ctx.elicit`), and throws to refuse the call
   * having changed nothing. A person may take a while to answer; other writers go on meanwhile.
   */
  confirm?(input: z.output<I>, deps: ToolDeps, ctx: CallContext): Promise<void>;
  run(input: z.output<I>, deps: ToolDeps, ctx: CallContext): Promise<ToolSuccess>;
}

/** Declares a tool with its input type inferred from the schema. */
export function defineTool<I extends z.ZodType>(tool: Tool<I>): Tool<I> {
  return tool;
}

/** Links to a change's documents, for tool results. */
export function changeLinks(slug: string, deltaPaths: string[]): ResourceLinkInfo[] {
  return [
    {
      uri: `change://${slug}/proposal`,
      name: "proposal.md",
      mimeType: "text/markdown",
      description: `Proposal of ${slug}`,
    },
    {
      uri: `change://${slug}/tasks`,
      name: "tasks.md",
      mimeType: "text/markdown",
      description: `Tasks of ${slug}`,
    },
    ...deltaPaths.map((p) => ({
      uri: `change://${slug}/delta/${p}`,
      name: p,
      mimeType: "text/markdown",
      description: `Delta spec ${p} of ${slug}`,
    })),
  ];
}
