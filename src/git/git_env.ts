/**
 * The environment of every git command: the token as an HTTP header passed through git's
 * `GIT_CONFIG_*` variables (never in arguments, never in the remote URL written to
 * `.git/config`), no prompts, stable English messages, and the committer named by the server.
 *
 * @module
 */
import type { Identity } from "./authors.ts";

/** Options of {@link gitEnv}. */
export interface GitEnvOptions {
  /** The process environment to start from (`GIT_SSH_COMMAND`, `HOME`, `PATH` pass through). */
  base: Record<string, string | undefined>;
  token?: string;
  committer: Identity;
}

/** The environment git runs with. */
export function gitEnv(options: GitEnvOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.base)) {
    // Our own settings must not leak into git as if they were git's (GIT_REMOTE, GIT_TOKEN…
    // mean nothing to git, but GIT_DIR or GIT_INDEX_FILE from a caller would redirect it).
    // An empty GIT_SSH_COMMAND (an environment file's blank line) would be run as a command.
    if (value && !/^GIT_(DIR|INDEX_FILE|WORK_TREE|TOKEN)$/.test(key)) {
      env[key] = value;
    }
  }
  env.GIT_TERMINAL_PROMPT = "0";
  env.GIT_ASKPASS = "true";
  env.LC_ALL = "C";
  env.GIT_COMMITTER_NAME = options.committer.name;
  env.GIT_COMMITTER_EMAIL = options.committer.email;
  if (options.token) {
    const basic = btoa(`x-access-token:${options.token}`);
    env.GIT_CONFIG_COUNT = "1";
    env.GIT_CONFIG_KEY_0 = "http.extraHeader";
    env.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${basic}`;
  }
  return env;
}

/** Removes every form of `token` that git could print from `text`. */
export function redactor(token: string | undefined): (text: string) => string {
  if (!token) return (text) => text;
  const forms = [token, btoa(`x-access-token:${token}`), encodeURIComponent(token)];
  return (text) => forms.reduce((t, form) => t.split(form).join("[redacted]"), text);
}
