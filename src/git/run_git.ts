/**
 * Running the real `git` as a subprocess: arguments as an array and no shell, so that no slug,
 * path, message or URL is ever parsed by a shell; the token travels in the environment (see
 * `git_env.ts`), never in the arguments, which other users of the machine can read in `ps`.
 *
 * @module
 */
import { spawn } from "node:child_process";

/** What one git command did. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git commands in one working tree with one environment. */
export type Git = (args: string[], input?: string) => Promise<GitResult>;

/** A git command that failed; its message never carries a secret (see {@link runner}). */
export class GitError extends Error {
  constructor(readonly args: string[], readonly result: GitResult) {
    super(`git ${args[0]} failed (exit ${result.code}): ${result.stderr.trim().slice(0, 500)}`);
    this.name = "GitError";
  }
}

/**
 * A {@link Git} for `cwd`. Every line git prints passes through `redact` (which removes the
 * token) before anyone sees it, so that neither logs nor errors can repeat it.
 */
export function runner(
  cwd: string,
  env: Record<string, string>,
  redact: (text: string) => string = (t) => t,
): Git {
  return (args, input) =>
    new Promise((resolve, reject) => {
      const child = spawn("git", args, { cwd, env, shell: false, stdio: ["pipe", "pipe", "pipe"] });
      const out: Uint8Array[] = [];
      const err: Uint8Array[] = [];
      child.stdout!.on("data", (chunk: Uint8Array) => out.push(chunk));
      child.stderr!.on("data", (chunk: Uint8Array) => err.push(chunk));
      child.on("error", (error) => reject(new Error(`Cannot run git: ${redact(error.message)}`)));
      child.on("close", (code) => {
        const text = (parts: Uint8Array[]) => redact(new TextDecoder().decode(concat(parts)));
        resolve({ code: code ?? 128, stdout: text(out), stderr: text(err) });
      });
      child.stdin!.end(input ?? "");
    });
}

/** Runs `args` and returns stdout, or throws {@link GitError}. */
export async function gitOk(git: Git, args: string[], input?: string): Promise<string> {
  const result = await git(args, input);
  if (result.code !== 0) throw new GitError(args, result);
  return result.stdout;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}
