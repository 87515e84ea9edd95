/**
 * The git settings: `--git-remote`/`GIT_REMOTE`, `--git-branch`/`GIT_BRANCH`,
 * `--git-commit`/`GIT_COMMIT`, and the variables that tune them. Without a remote or
 * `GIT_COMMIT`, git mode is off and nothing here runs.
 *
 * @module
 */
import { type Identity, parseAuthors, parseIdentity } from "../git/authors.ts";
import type { GitConfig } from "../git/git_startup.ts";
import {
  boolean,
  integer,
  invalid,
  type Parse,
  text,
  Unacceptable,
  variables,
} from "../settings.ts";

export type { GitConfig };

/** The flags the command line collected. */
export interface GitFlags {
  remote?: string;
  branch?: string;
  commit?: boolean;
}

/** Variables whose values never appear in errors. */
const SECRET = new Set(["GIT_TOKEN", "GIT_AUTHORS", "GIT_REMOTE"]);

/** A remote URL: no password or token in it, since git would write it to `.git/config`. */
const remoteUrl: Parse<string> = (value) => {
  const url = value.trim();
  if (!url) throw new Unacceptable("expected a URL or path");
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/@]*:[^/@]*@/i.test(url)) {
    throw new Unacceptable("credentials in the URL would be written to .git/config; use GIT_TOKEN");
  }
  return url;
};

const branch: Parse<string> = (value) => {
  if (!/^(?!-)(?!.*\.\.)[A-Za-z0-9._\/-]+$/.test(value)) {
    throw new Unacceptable("expected a branch name");
  }
  return value;
};

const identity: Parse<Identity> = parseIdentity;

/** Reads the git settings; `undefined` when git mode is off. */
export function gitConfig(
  env: (name: string) => string | undefined,
  flags: GitFlags,
  hostname = "localhost",
): GitConfig | undefined {
  const read = variables(env, SECRET);
  const fromFlag = (label: string, value: string | undefined, parse: Parse<string>) => {
    if (value === undefined) return undefined;
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof Unacceptable) throw invalid(label, undefined, error.message);
      throw error;
    }
  };
  const remote = fromFlag("--git-remote", flags.remote, remoteUrl) ??
    read("GIT_REMOTE", remoteUrl, undefined);
  const commit = flags.commit === true || read("GIT_COMMIT", boolean, false);
  if (!remote && !commit) return undefined;
  const token = read("GIT_TOKEN", text, undefined);
  return {
    ...(remote ? { remote } : {}),
    ...(() => {
      const b = fromFlag("--git-branch", flags.branch, branch) ??
        read("GIT_BRANCH", branch, undefined);
      return b ? { branch: b } : {};
    })(),
    ...(token ? { token } : {}),
    authors: read("GIT_AUTHORS", parseAuthors, []),
    defaultAuthor: read("GIT_DEFAULT_AUTHOR", identity, {
      name: "task-mcp",
      email: `task-mcp@${hostname}`,
    }),
    committer: read("GIT_COMMITTER", identity, {
      name: "task-mcp",
      email: `task-mcp@${hostname}`,
    }),
    fetchIntervalMs: read("GIT_FETCH_INTERVAL_MS", integer(100, 86_400_000), 10_000),
    maxAttempts: read("GIT_MAX_ATTEMPTS", integer(1, 100), 8),
  };
}
