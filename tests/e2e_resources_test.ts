/**
 * Resources, subscriptions, prompts, completion and traversal attempts, through the SDK client.
 */
import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { call, connectStdio } from "./helpers/client.ts";
import { openspec, snapshot, tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

eachTarget("serves documents, listings and templates as resources", async (t) => {
  const root = await tempProject();
  const { client, close } = await connectStdio(t, root);
  try {
    for (const slug of ["alpha-one", "beta-two", "gamma-three"]) {
      await call(client, "change_open", {
        title: slug,
        slug,
        template: slug.startsWith("b") ? "bugfix" : "feature",
      });
    }
    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    assert(uris.includes("changes://active"));
    assert(uris.includes("change://beta-two/proposal"));
    assert(uris.includes("change://alpha-one/delta/alpha-one/spec.md"));
    const templates = (await client.listResourceTemplates()).resourceTemplates;
    assert(templates.some((x) => x.uriTemplate === "change://{slug}/delta/{+path}"));

    const page = await client.readResource({
      uri: "changes://active?page=2&limit=1&template=feature",
    });
    const data = JSON.parse((page.contents[0] as { text: string }).text);
    assertEquals([data.page, data.total, data.items[0].slug], [2, 2, "gamma-three"]);
    const delta = await client.readResource({
      uri: "@task:change://alpha-one/delta/alpha-one/spec.md",
    });
    assertStringIncludes((delta.contents[0] as { text: string }).text, "## ADDED Requirements");
    await assertRejects(() => client.readResource({ uri: "change://nope-nope/proposal" }));

    const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
    assertEquals(prompts, ["propose", "apply", "archive"]);
    const apply = await client.getPrompt({ name: "apply", arguments: { slug: "beta-two" } });
    assertStringIncludes(
      (apply.messages[0]!.content as { text: string }).text,
      "1.1 Reproduce the defect",
    );
    const completion = await client.complete({
      ref: { type: "ref/resource", uri: "change://{slug}/proposal" },
      argument: { name: "slug", value: "b" },
    });
    assertEquals(completion.completion.values, ["beta-two"]);
  } finally {
    await close();
  }
});

eachTarget("notifies subscribers when a change they watch is modified", async (t) => {
  const root = await tempProject();
  const { client, close } = await connectStdio(t, root);
  try {
    await call(client, "change_open", { title: "Watch me", slug: "watch-me", template: "chore" });
    const updated: string[] = [];
    const { ResourceUpdatedNotificationSchema } = await import(
      "@modelcontextprotocol/sdk/types.js"
    );
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updated.push(n.params.uri);
    });
    await client.subscribeResource({ uri: "change://watch-me/tasks" });
    await client.subscribeResource({ uri: "changes://active?limit=5" });
    await call(client, "change_task", { slug: "watch-me", task: "1.1", done: true });
    for (let i = 0; i < 50 && updated.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    assertEquals(updated.sort(), ["change://watch-me/tasks", "changes://active?limit=5"]);
    await client.unsubscribeResource({ uri: "change://watch-me/tasks" });
  } finally {
    await close();
  }
});

eachTarget("refuses traversal in every path-like input and touches nothing", async (t) => {
  const root = await tempProject();
  const outside = await tempProject();
  await Deno.writeTextFile(`${outside}/secret.md`, "secret");
  const { client, close } = await connectStdio(t, root);
  try {
    await call(client, "change_open", { title: "Target", slug: "target-change" });
    await Deno.symlink(outside, `${root}/openspec/changes/target-change/specs/evil`);
    const before = await snapshot(root);
    const outsideBefore = await snapshot(outside);
    for (
      const uri of [
        "change://../proposal",
        "change://%2e%2e/proposal",
        "change://target-change/delta/../../../etc/passwd",
        "change://target-change/delta/%2e%2e%2f%2e%2e%2fsecret.md",
        "change://target-change/delta/evil/secret.md",
        "spec://../../etc",
        "spec:///etc/passwd",
        "changes://archived/..",
      ]
    ) {
      await assertRejects(() => client.readResource({ uri }), Error, undefined, uri);
    }
    for (
      const [slug, path] of [
        ["target-change", "../../../x.md"],
        ["target-change", "specs/../../escape/spec.md"],
        ["target-change", "/etc/passwd"],
        ["target-change", "specs/evil/spec.md"],
        ["..", "proposal.md"],
        ["../target-change", "proposal.md"],
        ["target-change", "specs/a/../../../spec.md"],
      ]
    ) {
      const result = await client.callTool({
        name: "change_write",
        arguments: { slug, path, content: "pwned" },
      });
      assertEquals(result.isError, true, `${slug} ${path}`);
    }
    for (const capability of ["../etc", "a/../../b", "/abs"]) {
      const result = await client.callTool({
        name: "change_open",
        arguments: { title: "X", slug: "escape-attempt", capability },
      });
      assertEquals(result.isError, true, capability);
    }
    assertEquals(await snapshot(root), before);
    assertEquals(await snapshot(outside), outsideBefore);
  } finally {
    await close();
  }
});

eachTarget("init writes the skeleton exactly as openspec init --tools none", async (t) => {
  const ours = await tempProject();
  const theirs = await tempProject();
  const out = await new Deno.Command(t.command, { args: [...t.prefix, "init", "--root", ours] })
    .output();
  assertEquals(out.code, 0);
  assertEquals((await openspec(theirs, "init", "--tools", "none", "--no-animation", ".")).code, 0);
  assertEquals(await snapshot(`${ours}/openspec`), await snapshot(`${theirs}/openspec`));
  // The openspec/ folder itself is accepted as the root.
  const { client, close } = await connectStdio(t, `${ours}/openspec`);
  try {
    await call(client, "change_open", { title: "Nested root", slug: "nested-root" });
  } finally {
    await close();
  }
  assertEquals((await Deno.stat(`${ours}/openspec/changes/nested-root/proposal.md`)).isFile, true);
});
