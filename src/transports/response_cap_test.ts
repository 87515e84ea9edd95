import { assert, assertEquals } from "@std/assert";
import { jsonRpcResponse } from "./mcp_http.ts";
import { serializeCapped } from "./response_cap.ts";

Deno.test("an MCP answer to a batch stops being written once it passes the limit", async () => {
  let written = 0;
  // Each answer is about 10 KB and counts the times it is written.
  const answer = (id: number) => ({
    jsonrpc: "2.0",
    id,
    result: {
      toJSON() {
        written++;
        return { text: "x".repeat(10_000) };
      },
    },
  });
  const batch = Array.from({ length: 100 }, (_, i) => answer(i + 1));
  const text = await jsonRpcResponse(batch, 50 * 1024).text();
  assert(written <= 6, `${written} answers written for a 50 KB limit`);
  const parsed = JSON.parse(text);
  assertEquals(parsed.length, 100);
  assertEquals(parsed[99].id, 100);
  assertEquals(parsed[0].error.data.code, "RESPONSE_TOO_LARGE");
  assertEquals(parsed[0].error.message, "Response size (59KB) exceeds limit of 50KB");
});

Deno.test("serializeCapped writes a batch within the limit as serializeMessage does", () => {
  const batch = [{ jsonrpc: "2.0", id: 1, result: {} }, { jsonrpc: "2.0", id: 2, result: {} }];
  assertEquals(serializeCapped(batch, 1024), JSON.stringify(batch));
  assertEquals(serializeCapped(batch, 1024 * 1024 * 1024), JSON.stringify(batch));
  // One message over the limit: the error keeps its id; a notification is dropped.
  const big = { jsonrpc: "2.0", id: 3, result: { text: "y".repeat(2000) } };
  assertEquals(JSON.parse(serializeCapped(big, 1024) ?? "").error.data.code, "RESPONSE_TOO_LARGE");
  assertEquals(
    serializeCapped({ jsonrpc: "2.0", method: "x", params: big.result }, 1024),
    undefined,
  );
});
