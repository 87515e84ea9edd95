/** Parses a delta spec file into its ADDED/MODIFIED/REMOVED/RENAMED operations. @module */
import { buildCodeFenceMask } from "./code_fence.ts";
import {
  readBlocks,
  readRemovedNames,
  readRenamePairs,
  type RenamePair,
  type SectionBody,
  type SkippedHeader,
  type UnpairedRename,
} from "./delta_entries.ts";
import type { RequirementBlock } from "./requirements_section.ts";
import { normalizeRequirementName, REQUIREMENT_HEADER } from "./requirement_names.ts";
import { normalizeNewlines, stripBom } from "./text.ts";

export type { RenamePair, UnpairedRename } from "./delta_entries.ts";

/** Everything the CLI reads from one delta spec file. */
export interface DeltaPlan {
  added: RequirementBlock[];
  modified: RequirementBlock[];
  /** REMOVED names in document order (header and bullet forms). */
  removed: string[];
  /** REMOVED entries written as `### Requirement:` headers, with their bodies. */
  removedBlocks: RequirementBlock[];
  renamed: RenamePair[];
  unpairedRenames: UnpairedRename[];
  /** Canonical requirement headers outside every delta section. */
  orphanedRequirements: { name: string; section: string | null; line: number }[];
  /** Non-requirement `### ` headers inside ADDED/MODIFIED sections. */
  skippedHeaders: SkippedHeader[];
  sectionPresence: { added: boolean; modified: boolean; removed: boolean; renamed: boolean };
}

const SECTION_HEADER = /^(##)\s+(.+)$/;
const DELTA_TITLES = new Set([
  "added requirements",
  "modified requirements",
  "removed requirements",
  "renamed requirements",
]);

/** Every unfenced `## ` section in document order (repeated titles are kept). */
function splitSections(lines: string[], mask: boolean[]): { title: string; body: SectionBody }[] {
  const starts: { title: string; index: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (mask[i]) continue;
    const match = SECTION_HEADER.exec(lines[i] ?? "");
    if (match) starts.push({ title: (match[2] ?? "").trim(), index: i });
  }
  return starts.map((start, n) => {
    const end = starts[n + 1]?.index ?? lines.length;
    return {
      title: start.title,
      body: {
        lines: lines.slice(start.index + 1, end),
        mask: mask.slice(start.index + 1, end),
        startLine: start.index + 2,
      },
    };
  });
}

/** All sections whose title equals `desired` case-insensitively; `title` is the first spelling used. */
function sectionsNamed(sections: { title: string; body: SectionBody }[], desired: string) {
  const target = desired.toLowerCase();
  const matches = sections.filter((section) => section.title.toLowerCase() === target);
  return {
    title: matches[0]?.title ?? desired,
    bodies: matches.map((section) => section.body),
    found: matches.length > 0,
  };
}

function findOrphans(lines: string[], mask: boolean[]): DeltaPlan["orphanedRequirements"] {
  const orphans: DeltaPlan["orphanedRequirements"] = [];
  let section: string | null = null;
  lines.forEach((line, i) => {
    if (mask[i]) return;
    const match = SECTION_HEADER.exec(line);
    if (match) {
      section = (match[2] ?? "").trim();
      return;
    }
    if (section !== null && DELTA_TITLES.has(section.toLowerCase())) return;
    const header = REQUIREMENT_HEADER.exec(line);
    if (header) {
      orphans.push({ name: normalizeRequirementName(header[1] ?? ""), section, line: i + 1 });
    }
  });
  return orphans;
}

/** Plans parsed during the current {@link withDeltaPlanCache} call, by text. */
let cache: Map<string, DeltaPlan> | undefined;

/**
 * Runs `run` (synchronous) with every {@link parseDeltaPlan} of the same text parsed once.
 * Validation reads each delta up to seven times — discovery, the checks, the archive dry run,
 * then archive's own gate and merge — which was most of the cost of validating a big delta.
 * Scoped to one synchronous call, so nothing outlives it and no other request can see it;
 * callers treat plans as read-only.
 */
export function withDeltaPlanCache<T>(run: () => T): T {
  if (cache) return run();
  cache = new Map();
  try {
    return run();
  } finally {
    cache = undefined;
  }
}

/** Parses one delta spec (BOM stripped, line endings normalised) the way validate, show and archive do. */
export function parseDeltaPlan(content: string): DeltaPlan {
  const cached = cache?.get(content);
  if (cached) return cached;
  const plan = parsePlan(content);
  cache?.set(content, plan);
  return plan;
}

function parsePlan(content: string): DeltaPlan {
  const lines = normalizeNewlines(stripBom(content)).split("\n");
  const mask = buildCodeFenceMask(lines);
  const sections = splitSections(lines, mask);
  const added = sectionsNamed(sections, "ADDED Requirements");
  const modified = sectionsNamed(sections, "MODIFIED Requirements");
  const removed = sectionsNamed(sections, "REMOVED Requirements");
  const renamed = sectionsNamed(sections, "RENAMED Requirements");
  const skippedHeaders: DeltaPlan["skippedHeaders"] = [];
  const unpairedRenames: UnpairedRename[] = [];
  const plan: DeltaPlan = {
    added: added.bodies.flatMap((b) =>
      readBlocks(b, { section: added.title, sink: skippedHeaders })
    ),
    modified: modified.bodies.flatMap((b) =>
      readBlocks(b, { section: modified.title, sink: skippedHeaders })
    ),
    removed: removed.bodies.flatMap(readRemovedNames),
    removedBlocks: removed.bodies.flatMap((b) => readBlocks(b)),
    renamed: renamed.bodies.flatMap((b) => readRenamePairs(b, unpairedRenames)),
    unpairedRenames,
    orphanedRequirements: findOrphans(lines, mask),
    skippedHeaders,
    sectionPresence: {
      added: added.found,
      modified: modified.found,
      removed: removed.found,
      renamed: renamed.found,
    },
  };
  unpairedRenames.sort((a, b) => a.line - b.line);
  skippedHeaders.sort((a, b) => a.line - b.line);
  return plan;
}

/** True when the file has at least one delta section header (even an empty one). */
export function hasDeltaSections(plan: DeltaPlan): boolean {
  const p = plan.sectionPresence;
  return p.added || p.modified || p.removed || p.renamed;
}
