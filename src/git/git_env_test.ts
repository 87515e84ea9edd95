import { assertEquals } from "@std/assert";
import { authorLookup } from "./authors.ts";
import { gitEnv, redactor } from "./git_env.ts";
import { tokenIdentity } from "../auth/token_auth.ts";

const committer = { name: "Server", email: "server@x.org" };

Deno.test("git env: the token travels as a header in git's environment, never raw", () => {
  const env = gitEnv({
    base: { PATH: "/bin", GIT_TOKEN: "t0k", GIT_DIR: "/elsewhere" },
    token: "t0k",
    committer,
  });
  assertEquals(env.GIT_CONFIG_KEY_0, "http.extraHeader");
  assertEquals(env.GIT_CONFIG_VALUE_0, `Authorization: Basic ${btoa("x-access-token:t0k")}`);
  assertEquals([env.GIT_TOKEN, env.GIT_DIR, env.PATH, env.GIT_TERMINAL_PROMPT], [
    undefined,
    undefined,
    "/bin",
    "0",
  ]);
  assertEquals(env.GIT_COMMITTER_NAME, "Server");
});

Deno.test("git env: every form of the token is redacted from git's output", () => {
  const redact = redactor("a/b+c");
  const text = `fatal: a/b+c ${btoa("x-access-token:a/b+c")} ${encodeURIComponent("a/b+c")}`;
  assertEquals(redact(text), "fatal: [redacted] [redacted] [redacted]");
  assertEquals(redactor(undefined)("a/b+c"), "a/b+c");
});

Deno.test("git authors: tokens and identities map to authors, others to the default", async () => {
  const fallback = { name: "Default", email: "d@x.org" };
  const alice = { name: "Alice", email: "a@x.org" };
  const bob = { name: "Bob", email: "b@x.org" };
  const authorOf = await authorLookup([["tok-a", alice], ["token:0123abcd", bob]], fallback);
  assertEquals(authorOf(await tokenIdentity("tok-a")), alice);
  assertEquals(authorOf("token:0123abcd"), bob);
  assertEquals(authorOf("stdio"), fallback);
});
