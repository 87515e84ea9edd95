import { assertEquals, assertThrows } from "@std/assert";
import { parseConfig } from "./cli.ts";
import { UsageError } from "./settings.ts";
import { gitConfig } from "./config/git_config.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("git config: off unless a remote or GIT_COMMIT is given", () => {
  assertEquals(gitConfig(env({}), {}), undefined);
  assertEquals(parseConfig(["serve"], env({})).git, undefined);
  assertEquals(gitConfig(env({ GIT_COMMIT: "true" }), {})?.remote, undefined);
  assertEquals(parseConfig(["stdio", "--git-commit"], env({})).git?.maxAttempts, 8);
});

Deno.test("git config: the flags win over the variables", () => {
  const config = parseConfig(
    ["serve", "--git-remote", "git://h/r.git", "--git-branch=dev"],
    env({ GIT_REMOTE: "file:///x", GIT_BRANCH: "main", GIT_FETCH_INTERVAL_MS: "500" }),
  ).git!;
  assertEquals([config.remote, config.branch, config.fetchIntervalMs], [
    "git://h/r.git",
    "dev",
    500,
  ]);
});

Deno.test("git config: a token in the remote URL is refused without being repeated", () => {
  const error = assertThrows(
    () => gitConfig(env({ GIT_REMOTE: "https://me:s3cret@example.com/r.git" }), {}),
    UsageError,
  );
  assertEquals(error.message.includes("s3cret"), false);
  assertEquals(error.message.startsWith("Invalid GIT_REMOTE: credentials in the URL"), true);
});

Deno.test("git config: authors and identities are checked; GIT_AUTHORS is never repeated", () => {
  const config = gitConfig(
    env({
      GIT_COMMIT: "1",
      GIT_AUTHORS: "tok-a=Alice A <a@x.org>; token:0123abcd=Bob <b@x.org>",
      GIT_COMMITTER: "Bot <bot@x.org>",
    }),
    {},
  )!;
  assertEquals(config.authors.map(([, who]) => who.name), ["Alice A", "Bob"]);
  assertEquals(config.committer, { name: "Bot", email: "bot@x.org" });
  const error = assertThrows(
    () => gitConfig(env({ GIT_COMMIT: "1", GIT_AUTHORS: "tok-secret-value" }), {}),
    UsageError,
  );
  assertEquals(error.message.includes("tok-secret-value"), false);
  assertThrows(() => gitConfig(env({ GIT_COMMIT: "1", GIT_COMMITTER: "nobody" }), {}), UsageError);
});

Deno.test("git config: --git-* flags apply to serve and stdio only", () => {
  assertThrows(() => parseConfig(["init", "--git-commit"], env({})), UsageError, "serve and stdio");
});
