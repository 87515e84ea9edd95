/** `openspec show <change> --json` data (without `root`) and the change title rule. @module */
import { type DeltaPlan, hasDeltaSections, parseDeltaPlan } from "./delta_plan.ts";
import {
  findSection,
  markdownLines,
  type ParsedRequirement,
  parseRequirements,
  parseSections,
} from "./markdown_sections.ts";
import type { RequirementBlock } from "./requirements_section.ts";
import { inventorySpecs } from "./spec_discovery.ts";
import type { ChangeFiles } from "./types.ts";

/** One entry of `deltas` in `show --json`. */
export type ShowDelta =
  | {
    spec: string;
    operation: "ADDED" | "MODIFIED" | "REMOVED";
    description: string;
    requirement: ParsedRequirement;
    requirements: ParsedRequirement[];
  }
  | {
    spec: string;
    operation: "RENAMED";
    description: string;
    rename: { from: string; to: string };
  }
  | { spec: string; operation: "ADDED" | "MODIFIED" | "REMOVED" | "RENAMED"; description: string };

/**
 * The title `show` prints: the first `# ` heading (a `Change:` prefix dropped), unless
 * it is missing or just "Proposal", in which case the change id.
 */
export function changeTitle(name: string, proposalText: string | undefined): string {
  // Read from the raw text like the CLI: `\s+` may even run across line breaks.
  const title = proposalText?.match(/^#\s+(?:Change:\s+)?(.+)$/im)?.[1]?.trim();
  return title && title.toLowerCase() !== "proposal" ? title : name;
}

/** A requirement block as show reports it: the heading tree of the block, canonical header only. */
function toRequirements(blocks: RequirementBlock[]): ParsedRequirement[] {
  return blocks.flatMap((block) => {
    const [headerLine = "", ...body] = block.raw.split("\n");
    const title = headerLine.replace(/^###\s*/, "").trim();
    const [section] = parseSections(markdownLines([`### ${title}`, ...body].join("\n")));
    if (!section || !/^Requirement:\s*\S/i.test(section.title.trim())) return [];
    return parseRequirements({ level: 2, title: "", content: "", children: [section] });
  });
}

/** The deltas of one spec file: ADDED, MODIFIED, REMOVED (document order), RENAMED. */
function specDeltas(spec: string, plan: DeltaPlan): ShowDelta[] {
  const deltas: ShowDelta[] = [];
  const push = (
    operation: "ADDED" | "MODIFIED" | "REMOVED",
    verb: string,
    blocks: RequirementBlock[],
  ) => {
    for (const requirement of toRequirements(blocks)) {
      deltas.push({
        spec,
        operation,
        description: `${verb} requirement: ${requirement.text}`,
        requirement,
        requirements: [requirement],
      });
    }
  };
  push("ADDED", "Add", plan.added);
  push("MODIFIED", "Modify", plan.modified);
  // A bullet-form REMOVED carries only a name, so it reads as a header with no body.
  const headerForms = [...plan.removedBlocks];
  const removed = plan.removed.map((name) => {
    const index = headerForms.findIndex((block) => block.name === name);
    if (index === -1) {
      return { headerLine: `### Requirement: ${name}`, name, raw: `### Requirement: ${name}` };
    }
    return headerForms.splice(index, 1)[0] as RequirementBlock;
  });
  push("REMOVED", "Remove", removed);
  for (const rename of plan.renamed) {
    deltas.push({
      spec,
      operation: "RENAMED",
      description: `Rename requirement from "${rename.from}" to "${rename.to}"`,
      rename,
    });
  }
  return deltas;
}

/** The legacy "What Changes" bullets (`- **spec:** text`), used only when no spec file has delta sections. */
function proseDeltas(whatChanges: string): ShowDelta[] {
  const deltas: ShowDelta[] = [];
  for (const line of whatChanges.split("\n")) {
    const match = /^\s*-\s*\*\*([^*:]+)(?::\*\*|\*\*:)\s*(.+)$/.exec(line);
    if (!match) continue;
    const description = (match[2] ?? "").trim();
    const lower = description.toLowerCase();
    let operation: ShowDelta["operation"] = "MODIFIED";
    if (/\brename(s|d|ing)?\b/.test(lower) || /\brenamed\s+(to|from)\b/.test(lower)) {
      operation = "RENAMED";
    } else if (
      /\badd(s|ed|ing)?\b/.test(lower) || /\bcreate(s|d|ing)?\b/.test(lower) ||
      /\bnew\b/.test(lower)
    ) {
      operation = "ADDED";
    } else if (/\bremove(s|d|ing)?\b/.test(lower) || /\bdelete(s|d|ing)?\b/.test(lower)) {
      operation = "REMOVED";
    }
    deltas.push({ spec: (match[1] ?? "").trim(), operation, description });
  }
  return deltas;
}

/**
 * `openspec show <name> --json` without the `root` key, or the CLI's error message
 * (missing proposal.md, or a proposal without Why / What Changes content).
 */
export function showChange(
  change: ChangeFiles,
): { ok: true; value: { id: string; title: string; deltaCount: number; deltas: ShowDelta[] } } | {
  ok: false;
  message: string;
} {
  const { name, proposalText } = change;
  if (proposalText === undefined) {
    return {
      ok: false,
      message:
        `Change "${name}" has no proposal.md yet. Run "openspec status --change ${name}" to see which artifact comes next.`,
    };
  }
  const sections = parseSections(markdownLines(proposalText));
  if (!findSection(sections, "Why")?.content) {
    return { ok: false, message: "Change must have a Why section" };
  }
  const whatChanges = findSection(sections, "What Changes")?.content ?? "";
  if (!whatChanges) return { ok: false, message: "Change must have a What Changes section" };
  let anyDeltaSections = false;
  const fromSpecs: ShowDelta[] = [];
  for (const spec of inventorySpecs(change.specFiles).specs) {
    const plan = parseDeltaPlan(spec.text);
    if (hasDeltaSections(plan)) anyDeltaSections = true;
    fromSpecs.push(...specDeltas(spec.id, plan));
  }
  const deltas = anyDeltaSections ? fromSpecs : proseDeltas(whatChanges);
  // The CLI takes the id from the path segment after the last `changes`/`specs` directory.
  const id = name === "specs" || name === "changes" ? "proposal.md" : name;
  return {
    ok: true,
    value: { id, title: changeTitle(name, proposalText), deltaCount: deltas.length, deltas },
  };
}
