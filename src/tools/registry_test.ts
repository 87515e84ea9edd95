import { assertEquals } from "@std/assert";
import { loadZod } from "../zod/zod.ts";
import { allTools, listTools, resolveTool, toolInfo, toolNames } from "./registry.ts";

await loadZod();

Deno.test("every tool answers to its name and its dotted alias", () => {
  for (const tool of allTools()) {
    assertEquals(resolveTool(tool.name), tool.name);
    assertEquals(resolveTool(tool.alias), tool.name);
    assertEquals(tool.alias, tool.name.replace("_", "."));
  }
  assertEquals(listTools().map((t) => t.name), allTools().map((t) => t.name));
  assertEquals(toolNames(), allTools().map((t) => t.name));
  assertEquals(resolveTool("change_nope"), undefined);
});

Deno.test("toolInfo describes one tool as listTools does, by canonical name only", () => {
  for (const info of listTools()) assertEquals(toolInfo(info.name), info);
  assertEquals(toolInfo("change.open"), undefined);
  assertEquals(toolInfo("change_nope"), undefined);
});

Deno.test("tools/list keeps every title and hint and stays within 12,400 bytes", () => {
  const list = listTools();
  for (const tool of list) {
    const a = tool.annotations as Record<string, unknown>;
    assertEquals(typeof tool.title, "string", tool.name);
    assertEquals(a.title, tool.title, tool.name);
    for (const hint of ["readOnlyHint", "idempotentHint", "openWorldHint"]) {
      assertEquals(typeof a[hint], "boolean", `${tool.name} ${hint}`);
    }
    if (a.readOnlyHint === false) assertEquals(typeof a.destructiveHint, "boolean", tool.name);
  }
  // What a client puts in its context on every session: the size before change_status was added.
  const bytes = new TextEncoder().encode(JSON.stringify({ tools: list })).length;
  assertEquals(bytes <= 12_400, true, `tools/list is ${bytes} bytes`);
});

Deno.test("published schemas say nothing twice: no $schema, no empty additionalProperties", () => {
  const text = JSON.stringify(listTools());
  assertEquals(text.includes('"$schema"'), false);
  assertEquals(text.includes('"additionalProperties":{}'), false);
  assertEquals(text.includes("9007199254740991"), false);
});
