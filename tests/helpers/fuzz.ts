/**
 * Random but reproducible hostile input for the fuzz tests: tool envelopes, JSON-RPC messages,
 * batches and garbage, built from a seeded generator so a failure can be replayed.
 *
 * Mutating tools only ever get slugs that cannot name a change (traversal, separators, control
 * characters, wrong types), so that a run must leave the repository byte-for-byte unchanged:
 * any change on disk is a bug.
 *
 * @module
 */

/** A seeded generator (mulberry32). */
export interface Random {
  next(): number;
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** Creates a generator from `seed`. */
export function seeded(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max) => Math.floor(next() * max),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

/** The change the fuzzed repository holds (read-only tools may name it). */
export const SEEDED_SLUG = "seeded-change";

/** Path-like payloads: traversal in every spelling, absolute paths, odd characters. */
export const TRAVERSAL = [
  "..",
  "../",
  "../..",
  "../../etc/passwd",
  "..%2f..%2fetc%2fpasswd",
  "%2e%2e",
  "%2e%2e%2f%2e%2e%2f",
  "%252e%252e%252f",
  "..\\..\\windows",
  "/etc/passwd",
  "/tmp/task-mcp-fuzz-outside",
  "C:\\Windows\\system.ini",
  "specs/../../../outside/spec.md",
  "specs/../../proposal.md",
  "specs/a/../../../../x/spec.md",
  "./proposal.md",
  "proposal.md/..",
  "proposal.md\u0000.txt",
  ".openspec.yaml",
  "../archive/x",
  `${SEEDED_SLUG}/../..`,
  `${SEEDED_SLUG}/proposal.md`,
  "archive/../..",
  "\u2025/\u2025/etc",
  "..\u2215..\u2215etc",
  "．．/．．/etc",
  ".",
  "~/.ssh/id_rsa",
  "file:///etc/passwd",
];

const STRINGS = [
  ...TRAVERSAL,
  "",
  " ",
  "\t\n",
  "\u202e\u0000\u0007",
  "💥🔥",
  "{{placeholder}}",
  "<script>alert(1)</script>",
  "'; DROP TABLE changes; --",
  "${jndi:ldap://x}",
  "NaN",
  "-1",
  "1e309",
  "__proto__",
  "constructor",
  "x".repeat(300),
  "change://",
  "change://../proposal",
  "spec://../../etc/passwd",
  "changes://archived/..",
  "@task:change://../tasks",
];

/** Tool names, aliases and names that are not tools. */
const TOOLS = [
  "change_open",
  "change.open",
  "change_write",
  "change.write",
  "change_task",
  "change.task",
  "change_show",
  "change.show",
  "change_validate",
  "change.validate",
  "change_archive",
  "change.archive",
  "changes_active",
  "changes.active",
  "",
  "nope",
  "../change_open",
  "CHANGE_OPEN",
  "x".repeat(200),
];

const MUTATING = new Set(["change_open", "change_write", "change_task", "change_archive"]);

const METHODS = [
  "initialize",
  "ping",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/read",
  "resources/templates/list",
  "resources/subscribe",
  "resources/unsubscribe",
  "prompts/list",
  "prompts/get",
  "completion/complete",
  "logging/setLevel",
  "notifications/initialized",
  "notifications/cancelled",
  "notifications/progress",
  "sampling/createMessage",
  "",
  "rpc.discover",
  "__proto__",
];

/** A random JSON value, `depth` levels deep at most. */
export function value(r: Random, depth = 3): unknown {
  switch (r.int(depth > 0 ? 8 : 5)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, 3]);
    case 3:
    case 4:
      return r.chance(0.8) ? r.pick(STRINGS) : randomText(r);
    case 5:
      return Array.from({ length: r.int(4) }, () => value(r, depth - 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--) {
        const keys = ["slug", "path", "title", "content", "task", "done", "uri", "name"];
        const key = r.pick([...keys, "__proto__", "constructor", randomText(r)]);
        // defineProperty: a "__proto__" key must be an own property, as JSON.parse makes it.
        Object.defineProperty(object, key, {
          value: value(r, depth - 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return object;
    }
  }
}

function randomText(r: Random): string {
  let text = "";
  for (let i = r.int(24); i > 0; i--) {
    text += String.fromCodePoint(r.pick([r.int(128), 0x2e, 0x2f, r.int(0xffff), 0x1f4a5]));
  }
  return text.replace(/[\ud800-\udfff]/g, "?");
}

/** Arguments for a tool: plausible field names with hostile values. */
function toolArguments(r: Random, tool: string): unknown {
  const mutating = MUTATING.has(tool.replace(".", "_"));
  if (r.chance(0.15)) return mutating ? unusable(value(r)) : value(r);
  const args: Record<string, unknown> = {};
  const slugs = mutating ? TRAVERSAL.filter(isNotAChange) : [...TRAVERSAL, SEEDED_SLUG];
  if (r.chance(0.9)) args.slug = r.chance(0.85) ? r.pick(slugs) : value(r, 1);
  for (
    const field of [
      "title",
      "path",
      "content",
      "task",
      "capability",
      "template",
      "status",
      "owner",
      "pageToken",
      "limit",
      "done",
      "strict",
      "skipSpecs",
      "ttl",
    ]
  ) {
    if (r.chance(0.3)) args[field] = r.chance(0.7) ? r.pick(STRINGS) : value(r, 1);
  }
  return mutating ? unusable(args) : args;
}

/** The arguments of a mutating tool with a slug that can name no change, new or existing. */
function unusable(args: unknown): unknown {
  if (typeof args !== "object" || args === null || Array.isArray(args)) return args;
  const slug = (args as { slug?: unknown }).slug;
  if (typeof slug === "string" && !isNotAChange(slug)) return { ...args, slug: `../${slug}` };
  return args;
}

/** Whether `slug` can name no change at all, new or existing. */
export function isNotAChange(slug: string): boolean {
  return !/^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/.test(slug);
}

/** A random tool envelope `{tool, input, apiVersion?}`, sometimes malformed. */
export function envelope(r: Random): unknown {
  const tool = r.chance(0.9) ? r.pick(TOOLS) : value(r, 1);
  const body: Record<string, unknown> = {};
  if (r.chance(0.95)) body.tool = tool;
  if (r.chance(0.95)) body.input = typeof tool === "string" ? toolArguments(r, tool) : value(r);
  if (r.chance(0.2)) body.apiVersion = r.pick(["1.0.0", "1.9.9", "2.0.0", "x", 1, null]);
  if (r.chance(0.05)) body.jsonrpc = "2.0";
  return r.chance(0.05) ? [body] : body;
}

/** A random JSON-RPC message (request or notification), sometimes malformed. */
export function rpcMessage(r: Random, id: number): Record<string, unknown> {
  const method = r.chance(0.9) ? r.pick(METHODS) : randomText(r);
  const message: Record<string, unknown> = {
    jsonrpc: r.chance(0.95) ? "2.0" : r.pick(["1.0", 2, null]),
  };
  if (r.chance(0.85)) message.id = r.chance(0.8) ? id : r.pick([null, "s", 1.5, {}, [], true]);
  message.method = method;
  if (r.chance(0.9)) message.params = params(r, method);
  return message;
}

function params(r: Random, method: string): unknown {
  switch (method) {
    case "initialize":
      return {
        protocolVersion: r.pick(["2025-11-25", "2025-06-18", "2024-11-05", "1999-01-01", 3]),
        capabilities: value(r, 1),
        clientInfo: r.chance(0.8) ? { name: "fuzz", version: "1" } : value(r, 1),
      };
    case "tools/call": {
      const name = r.pick(TOOLS);
      return { name, arguments: toolArguments(r, name) };
    }
    case "resources/read":
    case "resources/subscribe":
    case "resources/unsubscribe":
      return { uri: r.pick([...resourceUris(), ...STRINGS]) };
    case "prompts/get":
      return {
        name: r.pick(["propose", "apply", "archive", "nope", ""]),
        arguments: { slug: r.pick([...TRAVERSAL, SEEDED_SLUG]), title: r.pick(STRINGS) },
      };
    case "completion/complete":
      return {
        ref: r.pick([
          { type: "ref/resource", uri: r.pick(resourceUris()) },
          { type: "ref/prompt", name: "apply" },
          value(r, 1),
        ]),
        argument: {
          name: r.pick(["slug", "capability", "path", "template", "x"]),
          value: r.pick(STRINGS),
        },
      };
    case "logging/setLevel":
      return { level: r.pick(["debug", "info", "emergency", "loud", 1]) };
    case "notifications/cancelled":
      return { requestId: r.int(50), reason: r.pick(STRINGS) };
    default:
      return value(r, 2);
  }
}

function resourceUris(): string[] {
  return [
    ...TRAVERSAL.map((t) => `change://${t}/proposal`),
    ...TRAVERSAL.map((t) => `change://${SEEDED_SLUG}/delta/${t}`),
    ...TRAVERSAL.map((t) => `spec://${t}`),
    ...TRAVERSAL.map((t) => `changes://archived/${t}`),
    `change://${SEEDED_SLUG}/proposal`,
    `@task:change://${SEEDED_SLUG}/tasks`,
    "changes://active?limit=-1&page=99999999999",
    "changes://active?template=../../x",
  ];
}

/** Something that is not a JSON-RPC message: garbage, truncated JSON, absurd nesting. */
export function garbage(r: Random): string {
  switch (r.int(8)) {
    case 6: // echoed back in an INVALID_INPUT's details: must not overflow the stack
      return `{"tool":"change_open","input":{"title":${"[".repeat(20_000)}${"]".repeat(20_000)}}}`;
    case 7:
      return `{"tool":${"[".repeat(20_000)}${"]".repeat(20_000)},"input":{}}`;
    case 0:
      return randomText(r);
    case 1:
      return JSON.stringify(rpcMessage(r, 1)).slice(0, r.int(40));
    case 2:
      return "[".repeat(1 + r.int(20_000)) + "]".repeat(r.int(3));
    case 3:
      return `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"change_show","arguments":${
        "[".repeat(5000)
      }${"]".repeat(5000)}}}`;
    case 4:
      return r.pick(["null", "true", "0", '""', "[]", "{}", "[{}]", "[null]", '{"jsonrpc":"2.0"}']);
    default:
      return "\u0000\uffff\ud7ff" + "{".repeat(r.int(100));
  }
}
