import { assertEquals } from "@std/assert";
import { loadZod } from "../mcp/zod.ts";
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
