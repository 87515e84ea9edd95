/**
 * The programs end-to-end tests run against: the compiled binary (when built) and the source
 * under Deno. `TASK_MCP_TARGETS=binary,deno,bun` narrows or widens the set.
 *
 * @module
 */
import { fromFileUrl } from "@std/path";

/** The repository's root folder. */
export const PROJECT = fromFileUrl(new URL("../../", import.meta.url)).replace(/\/$/, "");

/** A way of starting task-mcp. */
export interface Target {
  name: string;
  command: string;
  /** Arguments before task-mcp's own. */
  prefix: string[];
}

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * The Deno executable itself: `node_modules/.bin/deno` is a Node wrapper that spawns it, and a
 * signal sent to the wrapper (a kill -9 test) would not reach the server.
 */
const DENO = exists(`${PROJECT}/node_modules/deno/deno`)
  ? `${PROJECT}/node_modules/deno/deno`
  : `${PROJECT}/node_modules/.bin/deno`;

const ALL: Record<string, Target> = {
  binary: { name: "binary", command: `${PROJECT}/dist/task-mcp`, prefix: [] },
  deno: {
    name: "deno",
    command: DENO,
    prefix: ["run", "-A", `--config=${PROJECT}/deno.json`, `${PROJECT}/src/main.ts`],
  },
  bun: {
    name: "bun",
    command: `${PROJECT}/node_modules/.bin/bun`,
    prefix: [`${PROJECT}/src/main.ts`],
  },
};

/** The targets of this run. */
export function targets(): Target[] {
  const wanted = Deno.env.get("TASK_MCP_TARGETS")?.split(",") ?? ["binary", "deno"];
  return wanted.map((n) => ALL[n.trim()]).filter((t): t is Target => !!t)
    .filter((t) => t.name !== "binary" || exists(t.command));
}

/** Registers one test per target, named `[target] title`. */
export function eachTarget(
  title: string,
  fn: (target: Target) => Promise<void>,
  options: { ignore?: boolean } = {},
): void {
  for (const target of targets()) {
    Deno.test({
      name: `[${target.name}] ${title}`,
      ignore: options.ignore,
      sanitizeOps: false,
      sanitizeResources: false,
      fn: () => fn(target),
    });
  }
}
