/**
 * A server killed with SIGKILL while archiving over HTTP, then restarted: every change is
 * either still active or completely archived, the main spec holds exactly the archived changes'
 * requirements, no journal is left, and the OpenSpec CLI accepts the result. (The stdio version
 * is `e2e_safety_test.ts`.)
 */
import { assert, assertEquals } from "@std/assert";
import { startHttpServer } from "./helpers/http_server.ts";
import { openspecJson, tempProject } from "./helpers/repo.ts";
import { assertRulesConsistent, seedRules } from "./helpers/rules_repo.ts";
import { eachTarget } from "./helpers/targets.ts";

eachTarget(
  "crash: SIGKILL during HTTP archives leaves every change whole after restart",
  async (t) => {
    const token = "crash-test-token-0123456789";
    const env = { AUTH_TOKENS: token, RATE_LIMIT: "0" };
    // Killed once the first, then the fourth archive is on record: mid-run, with more queued.
    for (const after of [1, 4]) {
      const root = await tempProject();
      const n = 12;
      await seedRules(root, n);
      const server = await startHttpServer(t, root, { env });
      // Every archive at once, through the envelope API with a token.
      const calls = Array.from({ length: n }, (_, i) =>
        fetch(`${server.url}/sse`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
          body: JSON.stringify({ tool: "change.archive", input: { slug: `rule-${i}` } }),
        }).then((r) => r.text()).catch(() => "killed"));
      const audit = `${root}/openspec/.task-mcp/audit.jsonl`;
      for (let i = 0; i < 400; i++) {
        const lines = (await Deno.readTextFile(audit).catch(() => "")).split("\n");
        if (lines.filter(Boolean).length >= after) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      server.process.kill("SIGKILL");
      await server.process.status;
      await Promise.all(calls);

      // Restart: recovery finishes or rolls back what the kill interrupted, before listening.
      const again = await startHttpServer(t, root, { env });
      const health = await fetch(`${again.url}/healthz`);
      assertEquals(health.status, 200);
      await health.body?.cancel();
      const listed = await fetch(`${again.url}/sse`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
        body: JSON.stringify({ tool: "changes.active", input: {} }),
      });
      assertEquals(listed.status, 200);
      await listed.body?.cancel();
      assertEquals((await again.stop()).code, 0);

      const archived = await assertRulesConsistent(root, n, `killed after ${after}`);
      console.log(
        `[${t.name}] killed after ${after} receipt(s): ${archived.size} of ${n} archived`,
      );
      // Every receipt that made it to the audit log names the token, never the token itself.
      const receipts = await Deno.readTextFile(audit).catch(() => "");
      for (const line of receipts.split("\n").filter(Boolean)) {
        const receipt = JSON.parse(line);
        assert(/^token:[0-9a-f]{8}$/.test(receipt.caller), line);
        assert(!line.includes(token));
      }
      const specs = await openspecJson(root, "validate", "rules", "--type", "spec", "--json");
      assertEquals(specs.code, 0, JSON.stringify(specs.json));
    }
  },
);
