/**
 * Two `serve` processes over one repository and one `MCP_REQUEST_STATE_KEY`, as behind a load
 * balancer without sticky sessions: one 2026-07-28 client alternates between their URLs for
 * every request, an `input_required` round trip included (asked by one instance, answered by the
 * other). A `requestState` that was tampered with, has expired, was sealed with another key or
 * belongs to another request is refused over HTTP, and nothing is archived.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { MODERN_VERSION as MODERN, modernRequest } from "../src/mcp/_test_mcp.ts";
import { digestArguments, RequestStateCodec } from "../src/mcp/request_state.ts";
import { type HttpServer, startHttpServer } from "./helpers/http_server.ts";
import { VALID_DELTA } from "./helpers/modern.ts";
import { tempProject } from "./helpers/repo.ts";
import { eachTarget } from "./helpers/targets.ts";

const KEY = "5e".repeat(32);
let nextId = 1;

/** One modern request to `server`, with the headers and `_meta` a conforming client sends. */
async function call(
  server: HttpServer,
  method: string,
  params: Record<string, unknown> = {},
  capabilities: Record<string, unknown> = { elicitation: {} },
) {
  const { message, headers } = modernRequest(nextId++, method, params, capabilities);
  const response = await fetch(`${server.url}/mcp`, {
    method: "POST",
    headers,
    body: JSON.stringify(message),
  });
  assertEquals(response.headers.get("mcp-session-id"), null);
  return { status: response.status, body: await answerOf(response) };
}

/** The JSON-RPC response, sent as JSON or (a call that ran past 50 ms) as the SSE stream's end. */
async function answerOf(response: Response) {
  const text = await response.text();
  if (!response.headers.get("content-type")?.includes("text/event-stream")) return JSON.parse(text);
  const messages = text.split("\n").filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice(6)));
  return messages.find((message) => "id" in message);
}

const tool = (
  name: string,
  args: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  name,
  arguments: args,
  ...extra,
});

eachTarget("two instances serve one modern client's session-free requests", async (t) => {
  const root = await tempProject();
  const env = { MCP_REQUEST_STATE_KEY: KEY };
  const servers = [
    await startHttpServer(t, root, { env }),
    await startHttpServer(t, root, { env }),
  ];
  const other = await startHttpServer(t, root, { env: { MCP_REQUEST_STATE_KEY: "a7".repeat(32) } });
  let turn = 0;
  // Every request goes to the next instance, as a round-robin balancer would send it.
  const next = () => servers[turn++ % 2]!;
  try {
    const discovered = await call(next(), "server/discover");
    assertEquals(discovered.body.result.supportedVersions[0], MODERN);
    const slug = "balanced";
    const opened = await call(
      next(),
      "tools/call",
      tool("change_open", { title: "Balanced", slug }),
    );
    assertEquals(opened.body.result.structuredContent.slug, slug);
    const written = await call(
      next(),
      "tools/call",
      tool("change_write", { slug, path: `specs/${slug}/spec.md`, content: VALID_DELTA }),
    );
    assertEquals(written.body.result.resultType, "complete");
    const listed = await call(next(), "tools/call", tool("changes_active", {}));
    assertEquals(listed.body.result.structuredContent.total, 1);

    // The archive asks first: instance A answers input_required ...
    const archive = tool("change_archive", { slug });
    const asked = await call(servers[0]!, "tools/call", archive);
    assertEquals(asked.status, 200);
    const question = asked.body.result;
    assertEquals(question.resultType, "input_required");
    const [key] = Object.keys(question.inputRequests);
    assert(key !== undefined);
    assertEquals(question.inputRequests[key].method, "elicitation/create");
    const state = question.requestState as string;
    const answer = { [key]: { action: "accept", content: { archive: true } } };

    // ... and every bad state is refused, on either instance, with nothing archived.
    const refusals: [HttpServer, string, string][] = [
      // The payload's first character changed: its JSON no longer matches the seal.
      [servers[1]!, `${state.startsWith("e") ? "f" : "e"}${state.slice(1)}`, "verification"],
      [other, state, "verification"],
      [servers[1]!, await expiredState(slug), "expired"],
    ];
    for (const [server, bad, why] of refusals) {
      const refused = await call(
        server,
        "tools/call",
        tool("change_archive", { slug }, { inputResponses: answer, requestState: bad }),
      );
      assertEquals(refused.body.error?.code, -32602, JSON.stringify(refused.body));
      assertStringIncludes(refused.body.error.message, why);
    }
    const otherRequest = await call(
      servers[1]!,
      "tools/call",
      tool("change_archive", { slug, skipSpecs: true }, {
        inputResponses: answer,
        requestState: state,
      }),
    );
    assertStringIncludes(otherRequest.body.error?.message ?? "", "another request");
    const stillOpen = await call(next(), "resources/read", { uri: `change://${slug}/proposal` });
    assertEquals(stillOpen.body.result.resultType, "complete");

    // ... then instance B takes the retry with the answer and archives.
    const done = await call(
      servers[1]!,
      "tools/call",
      tool("change_archive", { slug }, { inputResponses: answer, requestState: state }),
    );
    assertEquals(done.body.result.resultType, "complete", JSON.stringify(done.body));
    assertEquals(done.body.result.structuredContent.slug, slug);
    const after = await call(servers[0]!, "tools/call", tool("changes_active", {}));
    assertEquals(after.body.result.structuredContent.total, 0);
  } finally {
    await Promise.all([...servers, other].map((server) => server.stop()));
  }
});

/** A state sealed with the shared key for the archive request, expired a minute ago. */
async function expiredState(slug: string): Promise<string> {
  const key = Uint8Array.from(KEY.match(/../g)!, (pair) => parseInt(pair, 16));
  const codec = new RequestStateCodec(key, { now: () => Date.now() - 11 * 60_000 });
  const binding = {
    caller: "http",
    method: "tools/call",
    name: "change_archive",
    digest: await digestArguments({ slug }),
  };
  return await codec.seal(binding, ["confirm_archive"], {});
}
