/** Shared data types of the OpenSpec engine (issues, change files, readers). @module */

/** Severity of a validation finding, as the CLI prints it. */
export type IssueLevel = "ERROR" | "WARNING" | "INFO";

/** One finding of `openspec validate`; `line` is 1-based and omitted when the CLI omits it. */
export interface ValidationIssue {
  level: IssueLevel;
  path: string;
  line?: number;
  message: string;
}

/**
 * The files of one change, as read from disk by the caller. Texts are the exact file
 * contents decoded as UTF-8 with a leading BOM kept, as Node's `readFile(path, "utf8")`
 * returns them (a `TextDecoder` needs `ignoreBOM: true`): the CLI has BOM quirks.
 */
export interface ChangeFiles {
  /** The change id (directory name). */
  name: string;
  /** `.openspec.yaml`, if present. */
  metadataText?: string;
  /** `tasks.md`, if present. */
  tasksText?: string;
  /** `proposal.md`, if present. */
  proposalText?: string;
  /**
   * Every file under the change's `specs/`, as a POSIX path relative to `specs/`
   * (`user-auth/spec.md`, `identity/user-auth/spec.md`, `spec.md`, `cap.md`).
   * Entries with a dot-segment are ignored, as the CLI skips dot entries.
   */
  specFiles: { path: string; text: string }[];
}

/**
 * Reads a main spec: `openspec/specs/<capability>/spec.md` (capability ids may be nested,
 * `identity/user-auth`), or undefined when it does not exist. Same decoding as {@link ChangeFiles}.
 */
export type MainSpecReader = (capability: string) => string | undefined;

/**
 * Facts about the project that the CLI reads from disk beyond the change itself.
 * Every field is optional; the defaults describe a plain `openspec init` project.
 */
export interface ProjectContext {
  /**
   * Workflow schema names the CLI would list (built-in, user and `openspec/schemas/*`).
   * Defaults to `["spec-driven"]`. A `.openspec.yaml` naming any other schema is
   * treated as unknown metadata, exactly as the CLI treats it.
   */
  knownSchemas?: readonly string[];
  /** `schema:` of `openspec/config.yaml`, used when the change has no metadata. Default `spec-driven`. */
  projectSchema?: string;
  /**
   * Absolute path of `openspec/specs` (symlinks resolved), used only inside the
   * archive warning that names the main spec file to edit. Default `openspec/specs`.
   */
  specsDir?: string;
}
