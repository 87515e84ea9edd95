import { assertEquals, assertStringIncludes } from "@std/assert";
import { errorOf, MemoryBackend, openSession, resultOf } from "./_test_backend.ts";

type Item = Record<string, unknown>;

Deno.test("resources/list pages through every resource", async () => {
  const { call } = await openSession("2025-11-25", { backend: new MemoryBackend(5), pageSize: 2 });
  const uris: string[] = [];
  let cursor: string | undefined;
  do {
    const result = resultOf(await call("resources/list", cursor ? { cursor } : undefined));
    uris.push(...(result.resources as Item[]).map((resource) => String(resource.uri)));
    cursor = result.nextCursor as string | undefined;
  } while (cursor);
  assertEquals(uris, [1, 2, 3, 4, 5].map((i) => `change://change-${i}`));
});

Deno.test("resource and prompt titles are dropped before 2025-06-18", async () => {
  for (const [version, hasTitle] of [["2025-03-26", false], ["2025-06-18", true]] as const) {
    const { call } = await openSession(version);
    const resource = (resultOf(await call("resources/list")).resources as Item[])[0]!;
    const template =
      (resultOf(await call("resources/templates/list")).resourceTemplates as Item[])[0]!;
    const prompt = (resultOf(await call("prompts/list")).prompts as Item[])[0]!;
    assertEquals("title" in resource, hasTitle, version);
    assertEquals("title" in template, hasTitle, version);
    assertEquals("title" in prompt, hasTitle, version);
    assertEquals(template.uriTemplate, "change://{slug}");
    assertEquals(prompt.arguments, [{ name: "slug", description: "The change", required: true }]);
  }
});

Deno.test("resources/read returns contents or the backend's not-found error", async () => {
  const { call } = await openSession();
  const result = resultOf(await call("resources/read", { uri: "change://change-1" }));
  assertEquals(result.contents, [
    { uri: "change://change-1", mimeType: "text/markdown", text: "# Change 1" },
  ]);
  const missing = errorOf(await call("resources/read", { uri: "change://nope" }));
  assertEquals(missing.code, -32002);
  assertEquals(missing.data, { uri: "change://nope" });
});

Deno.test("prompts/get renders a prompt and passes on the backend's -32602", async () => {
  const { call } = await openSession();
  const result = resultOf(await call("prompts/get", { name: "review", arguments: { slug: "s" } }));
  assertEquals(result.messages, [{ role: "user", content: { type: "text", text: "s" } }]);
  assertEquals(errorOf(await call("prompts/get", { name: "review" })).code, -32602);
  const wrongType = errorOf(await call("prompts/get", { name: "review", arguments: { slug: 1 } }));
  assertEquals(wrongType.code, -32602);
  assertStringIncludes(wrongType.message, "arguments.slug");
});

Deno.test("completion/complete caps values at 100 and says there are more", async () => {
  const { call } = await openSession();
  const prompt = resultOf(
    await call("completion/complete", {
      ref: { type: "ref/prompt", name: "review" },
      argument: { name: "slug", value: "change-" },
      context: { arguments: {} },
    }),
  );
  assertEquals(prompt.completion, { values: ["change-1", "change-2", "change-3"] });
  const many = resultOf(
    await call("completion/complete", {
      ref: { type: "ref/resource", uri: "change://{slug}" },
      argument: { name: "slug", value: "" },
    }),
  );
  const completion = many.completion as { values: string[]; hasMore: boolean };
  assertEquals(completion.values.length, 100);
  assertEquals(completion.hasMore, true);
  const badRef = await call("completion/complete", {
    ref: { type: "ref/other" },
    argument: { name: "slug", value: "" },
  });
  assertEquals(errorOf(badRef).code, -32602);
});
