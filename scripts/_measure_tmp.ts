import { loadZod } from "../src/mcp/zod.ts";
import { listTools } from "../src/tools/registry.ts";
await loadZod();
const s = JSON.stringify({ tools: listTools() });
console.log(new TextEncoder().encode(s).length);
for (const t of listTools()) console.log(t.name, JSON.stringify(t).length, t.description.length);
for (const t of listTools()) if (["change_write", "change_archive", "changes_active"].includes(t.name)) console.log(JSON.stringify(t));
