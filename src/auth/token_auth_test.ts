import { assert, assertEquals, assertMatch } from "@std/assert";
import { createTokenAuth, credentialOf, MAX_TOKEN_LENGTH, tokenIdentity } from "./token_auth.ts";

const TOKEN = "0123456789abcdef0123456789abcdef";

Deno.test("token auth: only exact tokens verify, and identities are short hashes", async () => {
  const auth = await createTokenAuth([TOKEN, "second-token"]);
  assertEquals(auth.count, 2);
  assertEquals(await auth.verify(TOKEN), await tokenIdentity(TOKEN));
  assertEquals(await auth.verify("second-token"), await tokenIdentity("second-token"));
  for (
    const wrong of [
      "",
      TOKEN.slice(0, -1),
      `${TOKEN}0`,
      `${TOKEN}\0`,
      TOKEN.toUpperCase(),
      ` ${TOKEN}`,
      "second",
      TOKEN.repeat(40),
    ]
  ) {
    assertEquals(await auth.verify(wrong), undefined, JSON.stringify(wrong));
  }
  const id = await tokenIdentity(TOKEN);
  assertMatch(id, /^token:[0-9a-f]{8}$/);
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(TOKEN)),
  );
  const hex = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
  assertEquals(id, `token:${hex.slice(0, 8)}`);
});

Deno.test("token auth: verification answers at once, not a task later", async () => {
  // A promise would settle after the task the request arrived in: Bun's HTTP server then drops
  // the next pipelined request on the same connection.
  const auth = await createTokenAuth([TOKEN]);
  const identity: unknown = auth.verify(TOKEN);
  assertEquals(identity, await tokenIdentity(TOKEN));
  assertEquals(auth.verify("wrong-token-0123456789"), undefined);
});

Deno.test("token auth: credentials come from Bearer, else the task-mcp-auth cookie", () => {
  const of = (init: Record<string, string>) => credentialOf(new Headers(init));
  assertEquals(of({ Authorization: "Bearer abc" }), { token: "abc", source: "header" });
  assertEquals(of({ Authorization: "bearer\tabc  " }), { token: "abc", source: "header" });
  assertEquals(of({ Authorization: "Basic abc" }), { token: "", source: "header" });
  assertEquals(of({ Authorization: "abc" }), { token: "", source: "header" });
  assertEquals(of({ Cookie: "a=1; task-mcp-auth=xyz; b=2" }), { token: "xyz", source: "cookie" });
  assertEquals(of({ Cookie: 'task-mcp-auth="xyz"' }), { token: "xyz", source: "cookie" });
  assertEquals(of({ Cookie: "not-task-mcp-auth=xyz" }), undefined);
  assertEquals(of({}), undefined);
  // The header wins over the cookie.
  assertEquals(of({ Authorization: "Bearer h", Cookie: "task-mcp-auth=c" })?.token, "h");
});

/** The median of `values`. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

Deno.test("token auth: verification time does not depend on how much of the token a guess has", async () => {
  const auth = await createTokenAuth([TOKEN]);
  // Same length as the token: sharing no character, then all but the last one.
  const far = "x".repeat(TOKEN.length);
  const near = `${TOKEN.slice(0, -1)}x`;
  const time = async (guess: string) => {
    const start = performance.now();
    for (let i = 0; i < 50; i++) await auth.verify(guess);
    return (performance.now() - start) / 50;
  };
  for (let i = 0; i < 50; i++) await time(i % 2 ? far : near); // warm up
  const samples: Record<"far" | "near" | "far2", number[]> = { far: [], near: [], far2: [] };
  // Interleaved, so that drift (JIT, GC, other tests) hits every series alike.
  for (let round = 0; round < 150; round++) {
    samples.far.push(await time(far));
    samples.near.push(await time(near));
    samples.far2.push(await time(far));
  }
  const difference = Math.abs(median(samples.far) - median(samples.near));
  // Noise: how far two medians of the very same guess fall apart, with a floor of 2 µs.
  const noise = Math.max(Math.abs(median(samples.far) - median(samples.far2)), 0.002);
  console.log(
    `verify: far ${median(samples.far).toFixed(4)} ms, near ${
      median(samples.near).toFixed(4)
    } ms, difference ${(difference * 1000).toFixed(2)} µs, noise ${(noise * 1000).toFixed(2)} µs`,
  );
  assert(difference <= 3 * noise, `difference ${difference} ms exceeds noise ${noise} ms`);
});

Deno.test("createTokenAuth refuses a token longer than verify compares", async () => {
  const long = "a".repeat(MAX_TOKEN_LENGTH + 1);
  const error = await createTokenAuth([long]).catch((e) => e);
  assert(error instanceof RangeError, String(error));
  const auth = await createTokenAuth(["a".repeat(MAX_TOKEN_LENGTH)]);
  assertEquals(auth.verify(long), undefined);
});
