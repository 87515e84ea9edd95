/**
 * What real MCP clients send: prompts filled positionally as Claude Code's slash commands do,
 * task numbers as JSON numbers, dotted tool names, unknown tools.
 */
import { assert, assertEquals, assertRejects, assertStringIncludes } from "@std/assert";
import { call, connectStdio } from "./helpers/client.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const promptText = (r: { messages: { content: unknown }[] }) =>
  (r.messages[0]!.content as { text: string }).text;

eachTarget("prompts work when a slash command spreads words over their arguments", async (t) => {
  const root = await tempProject();
  const { client, close } = await connectStdio(t, root);
  try {
    // `/mcp__task-mcp__propose Greet users` arrives as the first two arguments, in order.
    const [title, second, third] = (await client.listPrompts()).prompts
      .find((p) => p.name === "propose")!.arguments!.map((a) => a.name);
    const greet = await client.getPrompt({
      name: "propose",
      arguments: { [title!]: "Greet", [second!]: "users" },
    });
    assertStringIncludes(promptText(greet), '"Greet users"');
    assertStringIncludes(promptText(greet), '"greet-users"');
    // Three words and more: the last argument takes the rest.
    const long = await client.getPrompt({
      name: "propose",
      arguments: { [title!]: "Greet", [second!]: "users", [third!]: "by their first name" },
    });
    assertStringIncludes(promptText(long), '"Greet users by their first name"');
    // A leading template name picks the template.
    const bugfix = await client.getPrompt({
      name: "propose",
      arguments: { [title!]: "bugfix", [second!]: "Login", [third!]: "crashes on empty email" },
    });
    assertStringIncludes(promptText(bugfix), '"Login crashes on empty email"');
    assertStringIncludes(promptText(bugfix), "bugfix");
    // Named arguments still mean what they say.
    const named = await client.getPrompt({
      name: "propose",
      arguments: { title: "Tidy the build", template: "chore", rationale: "It is slow" },
    });
    assertStringIncludes(promptText(named), "chore");
    assertStringIncludes(promptText(named), "It is slow");

    await call(client, "change_open", { title: "Greet users", slug: "greet-users" });
    for (const name of ["apply", "archive"]) {
      const prompt = (await client.listPrompts()).prompts.find((p) => p.name === name)!;
      const [only] = prompt.arguments!.map((a) => a.name);
      const got = await client.getPrompt({ name, arguments: { [only!]: " greet-users " } });
      assertStringIncludes(promptText(got), "greet-users");
    }
  } finally {
    await close();
    await Deno.remove(root, { recursive: true });
  }
});

eachTarget("task numbers are accepted as JSON numbers and strings", async (t) => {
  const root = await tempProject();
  const { client, close } = await connectStdio(t, root);
  try {
    await call(client, "change_open", { title: "Greet", slug: "greet-users", template: "bugfix" });
    const byNumber = await call<{ task: string; done: boolean }>(client, "change_task", {
      slug: "greet-users",
      task: 1.1,
      done: true,
    });
    assertEquals([byNumber.task, byNumber.done], ["1.1", true]);
    const whole = await call<{ task: string }>(client, "change_task", {
      slug: "greet-users",
      task: "2.2",
      done: true,
    });
    assertEquals(whole.task, "2.2");
    const tasks = await Deno.readTextFile(`${root}/openspec/changes/greet-users/tasks.md`);
    assertStringIncludes(tasks, "- [x] 1.1 ");
    assertStringIncludes(tasks, "- [x] 2.2 ");
  } finally {
    await close();
    await Deno.remove(root, { recursive: true });
  }
});

eachTarget("errors name the tool as the caller spelled it, and list the tools", async (t) => {
  const root = await tempProject();
  const { client, close } = await connectStdio(t, root);
  try {
    const dotted = await client.callTool({ name: "change.open", arguments: { title: "x" } });
    assertEquals(dotted.isError, true);
    const error = (dotted.structuredContent as { error: { code: string; message: string } }).error;
    assertEquals(error.code, "INVALID_INPUT");
    assertStringIncludes(error.message, "'change.open'");
    const unknown = await assertRejects(() =>
      client.callTool({ name: "change_close", arguments: {} })
    );
    const message = (unknown as Error).message;
    for (const tool of ["change_open", "change_write", "change_archive", "changes_active"]) {
      assert(message.includes(tool), message);
    }
  } finally {
    await close();
    await Deno.remove(root, { recursive: true });
  }
});
