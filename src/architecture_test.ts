/**
 * The shape of `src/`: imports run one way. Every file belongs to a layer of {@link LAYERS}; a
 * file may import files of its own layer and of the layers below it, never above, and no chain of
 * imports may lead back to where it started. `import type` counts: a type borrowed from above ties
 * the layers together as much as a value does. Imports inside comments (doc examples) do not.
 *
 * Run it as a program to print the folder graph: `deno run -R src/architecture_test.ts`.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

/**
 * The layers, lowest first. An entry names a file or a folder (ending in `/`) below `src/`; the
 * longest entry that matches a path decides its layer.
 *
 * Tests (`*_test.ts`) belong to the layer of their folder (a test at the top of `src/`, to that of
 * the file it tests) and obey the same rule. Test helpers (`_test_*.ts`) build fixtures from
 * whatever they need: they may import anything, and anything may import them. The end-to-end
 * tests in `tests/` drive the program from outside and may import anything.
 */
const LAYERS: { name: string; paths: string[] }[] = [
  {
    name: "base",
    paths: [
      "version.ts",
      "errors.ts",
      "limits.ts",
      "settings.ts",
      "log.ts",
      "lru_map.ts",
      "backend_types.ts",
      "zod/",
      "runtime/",
      "templates/",
    ],
  },
  { name: "fs", paths: ["fs/"] },
  { name: "openspec", paths: ["openspec/"] },
  { name: "auth, ratelimit, metrics", paths: ["auth/", "ratelimit/", "metrics/"] },
  { name: "repository", paths: ["repository/"] },
  { name: "workflow", paths: ["workflow/"] },
  { name: "git", paths: ["git/"] },
  { name: "review", paths: ["review/"] },
  { name: "views", paths: ["ui/"] },
  { name: "tools", paths: ["tools/"] },
  { name: "prompts, resources", paths: ["prompts/", "resources/"] },
  { name: "mcp", paths: ["mcp/"] },
  { name: "transports", paths: ["transports/"] },
  { name: "http leaves", paths: ["http/context.ts", "http/refusal.ts"] },
  { name: "http middleware", paths: ["http/middleware/"] },
  { name: "http", paths: ["http/"] },
  { name: "app", paths: ["app.ts", "app_tool_call_test.ts"] },
  { name: "config", paths: ["config/"] },
  { name: "serve", paths: ["serve.ts"] },
  {
    name: "command line",
    paths: [
      "cli.ts",
      "cli_git_test.ts",
      "cli_security_test.ts",
      "client_config.ts",
      "healthcheck.ts",
    ],
  },
  { name: "main", paths: ["main.ts", "architecture_test.ts"] },
];

const SRC = normalize(join(dirname(new URL(import.meta.url).pathname), "."));

/** Every `.ts` file below `src/`, as a path relative to it. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [relative(SRC, path)] : [];
  });
}

/**
 * `source` without its comments. Strings, template literals and regular expression literals are
 * kept whole, so that a `//` or `/*` inside one is not taken for a comment.
 */
export function stripComments(source: string): string {
  let out = "";
  let i = 0;
  /** The last character that was not space or comment, to tell a regex from a division. */
  let last = "";
  const templates: number[] = []; // brace depth at which each open template literal resumes
  let depth = 0;
  const regexMayStart = () => last === "" || "(,=:[!&|?{};+-*%<>~^".includes(last);
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      while (i < source.length && source[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end < 0 ? source.length : end + 2;
      out += " ";
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== c && source[j] !== "\n") {
        j += source[j] === "\\" ? 2 : 1;
      }
      out += source.slice(i, j + 1);
      i = j + 1;
      last = c;
      continue;
    }
    if (c === "`" || (c === "}" && templates.at(-1) === depth)) {
      if (c === "}") templates.pop();
      let j = i + 1;
      while (j < source.length && source[j] !== "`") {
        if (source[j] === "\\") j += 2;
        else if (source[j] === "$" && source[j + 1] === "{") {
          templates.push(depth);
          j += 2;
          break;
        } else j++;
      }
      const closed = source[j - 1] !== "{" || source[j - 2] !== "$";
      out += source.slice(i, closed ? j + 1 : j);
      i = closed ? j + 1 : j;
      last = "`";
      continue;
    }
    if (c === "/" && regexMayStart()) {
      let j = i + 1;
      let inClass = false;
      while (j < source.length && source[j] !== "\n") {
        if (source[j] === "\\") j++;
        else if (source[j] === "[") inClass = true;
        else if (source[j] === "]") inClass = false;
        else if (source[j] === "/" && !inClass) break;
        j++;
      }
      out += source.slice(i, j + 1);
      i = j + 1;
      last = "/";
      continue;
    }
    if (c === "{") depth++;
    if (c === "}") depth--;
    if (!/\s/.test(c)) last = /[A-Za-z0-9_$]/.test(c) ? "a" : c;
    out += c;
    i++;
  }
  return out;
}

const IMPORT =
  /(?:^|[;\s}])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]*?\s*from\s*)?["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

/** The files below `src/` that `file` imports, by relative specifier. */
export function importsOf(file: string, source: string): string[] {
  const found = new Set<string>();
  for (const match of stripComments(source).matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2]!;
    if (!specifier.startsWith(".")) continue;
    const target = normalize(join(dirname(file), specifier));
    // `typeof import("./self.ts")` names a module's own type: not an edge.
    if (!target.startsWith("..") && target !== file) found.add(target);
  }
  return [...found];
}

/** The index in {@link LAYERS} of a path, by its longest matching entry; -1 when none does. */
function layerOf(path: string): number {
  let best = -1;
  let length = -1;
  LAYERS.forEach((layer, index) => {
    for (const entry of layer.paths) {
      const matches = entry.endsWith("/") ? path.startsWith(entry) : path === entry;
      if (matches && entry.length > length) [best, length] = [index, entry.length];
    }
  });
  // A test at the top of src/ (`app_test.ts`) is in the layer of the file it tests.
  if (best < 0 && path.endsWith("_test.ts")) return layerOf(path.replace(/_test\.ts$/, ".ts"));
  return best;
}

const isTestHelper = (path: string) => /(^|\/)_test_[^/]*\.ts$/.test(path);
const isTest = (path: string) => path.endsWith("_test.ts") || isTestHelper(path);

/** Every import edge of `src/`. */
function graph(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of sourceFiles().sort()) {
    edges.set(file, importsOf(file, readFileSync(join(SRC, file), "utf8")));
  }
  return edges;
}

/** The strongly connected components with more than one file (Tarjan). */
function cycles(edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!edges.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** The entry of {@link LAYERS} a path falls under: a folder, or a file named there. */
function unitOf(path: string): string {
  let best: string | undefined;
  for (const layer of LAYERS) {
    for (const entry of layer.paths) {
      const matches = entry.endsWith("/") ? path.startsWith(entry) : path === entry;
      if (matches && entry.length > (best?.length ?? -1)) best = entry;
    }
  }
  return best ?? path;
}

/** `folder -> what it imports`, lowest layer first, production files only. */
export function folderGraph(): string[] {
  const lines = new Map<string, Set<string>>();
  for (const [file, targets] of graph()) {
    if (isTest(file)) continue;
    for (const target of targets) {
      const [from, to] = [unitOf(file), unitOf(target)];
      if (from === to) continue;
      if (!lines.has(from)) lines.set(from, new Set());
      lines.get(from)!.add(to);
    }
  }
  return [...lines].sort(([a], [b]) => layerOf(a) - layerOf(b) || a.localeCompare(b))
    .map(([from, to]) => `${from} -> ${[...to].sort().join(" ")}`);
}

Deno.test("architecture: every file of src/ has a layer", () => {
  assertEquals(sourceFiles().filter((file) => layerOf(file) < 0), []);
});

Deno.test("architecture: no import runs from a lower layer to a higher one", () => {
  const upward: string[] = [];
  for (const [file, targets] of graph()) {
    if (isTestHelper(file)) continue;
    for (const target of targets) {
      if (isTestHelper(target)) continue;
      const [from, to] = [layerOf(file), layerOf(target)];
      if (to > from) {
        upward.push(`${file} (${LAYERS[from]?.name}) -> ${target} (${LAYERS[to]?.name})`);
      }
    }
  }
  assertEquals(upward, [], `imports that run upward:\n  ${upward.join("\n  ")}`);
});

Deno.test("architecture: no chain of imports comes back to where it started", () => {
  const found = cycles(graph()).map((component) => component.join(" <-> "));
  assertEquals(found, [], `import cycles:\n  ${found.join("\n  ")}`);
});

Deno.test("architecture: imports in comments and strings are not imports", () => {
  const source = [
    "/**",
    ' * import { a } from "./in_doc.ts";',
    " */",
    'import type { B } from "./typed.ts";',
    "import {",
    "  c,",
    '} from "../multi.ts";',
    'const glob = "**/*.md"; // import { d } from "./in_line.ts"',
    "const re = /[\"'/]/;",
    'export { e } from "./reexport.ts";',
    'const lazy = () => import("./dynamic.ts");',
    'const t = `${"a"}/* not a comment */`;',
    'import "./side_effect.ts";',
  ].join("\n");
  assertEquals(importsOf("x/file.ts", source).sort(), [
    "multi.ts",
    "x/dynamic.ts",
    "x/reexport.ts",
    "x/side_effect.ts",
    "x/typed.ts",
  ]);
});

if (import.meta.main) console.log(folderGraph().join("\n"));
