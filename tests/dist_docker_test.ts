/**
 * The container files without a container engine: the Dockerfile's final stage is the folder
 * scripts/scratch_rootfs.sh builds and nothing else (dist_scratch_test runs that folder), its
 * runtime instructions use exec form (scratch has no shell), `.dockerignore` sends exactly what
 * the build stage needs, and docker-compose.yml is valid and agrees with the rest.
 *
 * `docker compose config` (or the older `docker-compose config`) runs when one is installed.
 *
 * @module
 */
import { assert, assertEquals, assertMatch, assertNotEquals } from "@std/assert";
import { parse as parseYaml } from "@std/yaml";
import { PROJECT, run, skipReason, which } from "./helpers/dist_tools.ts";

/** The Dockerfile's instructions, continuation lines joined, grouped by stage. */
function stages(text: string): { from: string; instructions: [string, string][] }[] {
  const joined = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const out: { from: string; instructions: [string, string][] }[] = [];
  for (const line of joined) {
    const [keyword, ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (keyword === "FROM") out.push({ from: args, instructions: [] });
    else out.at(-1)?.instructions.push([keyword!, args]);
  }
  return out;
}

const dockerfile = await Deno.readTextFile(`${PROJECT}/Dockerfile`);
const script = await Deno.readTextFile(`${PROJECT}/scripts/scratch_rootfs.sh`);
const scriptValue = (name: string) => script.match(new RegExp(`^${name}=(.+)$`, "m"))?.[1];

Deno.test("docker: the final stage is scratch plus the scratch_rootfs.sh folder", () => {
  const [build, final, ...more] = stages(dockerfile);
  assertEquals(more, []);
  assertMatch(dockerfile, /^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
  assertEquals(build!.from, "${NODE_IMAGE} AS build");
  const buildRuns = build!.instructions.filter(([k]) => k === "RUN").map(([, a]) => a).join("\n");
  assertMatch(buildRuns, /npm ci\b/);
  assertMatch(buildRuns, /npm run build\b/);
  assertMatch(buildRuns, /scripts\/scratch_rootfs\.sh \/rootfs dist\/task-mcp/);

  assertEquals(final!.from, "scratch");
  const get = (keyword: string) =>
    final!.instructions.filter(([k]) => k === keyword).map(([, a]) => a);
  assertEquals(get("COPY"), ["--from=build /rootfs/ /"]);
  assertEquals(get("RUN"), [], "scratch has no shell to RUN anything");
  const uid = scriptValue("APP_UID");
  assertEquals(get("USER"), [`${uid}:${scriptValue("APP_GID")}`]);
  assertEquals(get("ENV"), ["WORKING_DIRECTORY=/data"]);
  assertEquals(get("VOLUME"), ['["/data"]']);
  assertEquals(get("EXPOSE"), ["8443"]);

  // Exec form everywhere: a shell form would need /bin/sh.
  const binary = scriptValue("BIN_PATH")!;
  assertEquals(JSON.parse(get("ENTRYPOINT")[0]!), [binary]);
  assertEquals(JSON.parse(get("CMD")[0]!), ["serve", "--host", "0.0.0.0", "--port", "8443"]);
  const healthcheck = get("HEALTHCHECK")[0]!;
  const probe = JSON.parse(healthcheck.slice(healthcheck.indexOf("CMD ") + 4));
  assertEquals(probe[0], binary);
  assertEquals(probe.slice(1, 2), ["healthcheck"]);
  assertMatch(probe.join(" "), /http:\/\/127\.0\.0\.1:8443\/healthz/);
});

/** Docker's .dockerignore rules: the last matching pattern wins; a match on a parent counts. */
function dockerignore(text: string): (path: string) => boolean {
  const rules = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"))
    .map((line) => {
      const include = line.startsWith("!");
      const pattern = (include ? line.slice(1) : line).replace(/^\/+|\/+$/g, "");
      const source = pattern.split(/(\*\*\/|\*\*|\*|\?)/).map((part) =>
        part === "**/"
          ? "(?:.*/)?"
          : part === "**"
          ? ".*"
          : part === "*"
          ? "[^/]*"
          : part === "?"
          ? "[^/]"
          : part.replace(/[.+^${}()|[\]\\]/g, "\\$&")
      ).join("");
      return { include, regex: new RegExp(`^${source}$`) };
    });
  return (path) => {
    const prefixes = path.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/"));
    let sent = true;
    for (const rule of rules) {
      if (prefixes.some((p) => rule.regex.test(p))) sent = rule.include;
    }
    return sent;
  };
}

Deno.test("docker: .dockerignore sends the sources and nothing else", async () => {
  const sent = dockerignore(await Deno.readTextFile(`${PROJECT}/.dockerignore`));
  for (const path of ["package.json", "package-lock.json", "tsconfig.json", "scripts/build.ts"]) {
    assert(sent(path), `${path} must be in the build context`);
  }
  for (
    const path of [
      "node_modules/bun/package.json",
      "dist/task-mcp",
      ".git/HEAD",
      "tests/dist_docker_test.ts",
      "openspec/changes/x/proposal.md",
      "src/client_config_test.ts",
      "src/mcp/_test_backend.ts",
      "README.md",
    ]
  ) {
    assert(!sent(path), `${path} must stay out of the build context`);
  }
  // Every source file the build compiles is sent; none of them imports a test-only file.
  const walk = async function* (dir: string): AsyncGenerator<string> {
    for await (const entry of Deno.readDir(`${PROJECT}/${dir}`)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) yield* walk(path);
      else yield path;
    }
  };
  for (const root of ["src", "templates", "scripts", "types"]) {
    for await (const path of walk(root)) {
      const testOnly = /(_test\.ts|\/_test_[^/]*\.ts)$/.test(path) ||
        path === "src/templates/embedded.ts";
      assertEquals(sent(path), !testOnly, path);
      if (root === "src" && !testOnly) {
        const text = await Deno.readTextFile(`${PROJECT}/${path}`);
        assert(
          !/from "[^"]*\/_test_[^"]*"|from "[^"]*_test\.ts"/.test(text),
          `${path} imports a test file`,
        );
      }
    }
  }
});

const compose = parseYaml(await Deno.readTextFile(`${PROJECT}/docker-compose.yml`)) as {
  services: Record<string, Record<string, unknown>>;
  volumes?: Record<string, unknown>;
};

Deno.test("docker: docker-compose.yml requires tokens and mounts the project on /data", async () => {
  const service = compose.services["task-mcp"]!;
  assertEquals(service.build, ".");
  assertEquals(service.ports, ["127.0.0.1:8443:8443"]);
  const env = service.environment as Record<string, string>;
  assertMatch(env.AUTH_TOKENS!, /^\$\{AUTH_TOKENS:\?/);
  assertEquals(service.volumes, ["${TASK_MCP_PROJECT:-task-mcp-data}:/data"]);
  assert(compose.volumes && "task-mcp-data" in compose.volumes);
  assertEquals(service.healthcheck, undefined, "the image's HEALTHCHECK needs no override");
  assertEquals(service.read_only, true);
  // Only variables the environment example documents.
  const example = await Deno.readTextFile(`${PROJECT}/deploy/task-mcp.env.example`);
  for (const name of Object.keys(env)) assertMatch(example, new RegExp(`^${name}=`, "m"));
});

const COMPOSE = (await run("docker", ["compose", "version"]).catch(() => ({ code: 1 }))).code === 0
  ? ["docker", "compose"]
  : which("docker-compose")
  ? [which("docker-compose")!]
  : undefined;

Deno.test({
  name: "docker: compose config accepts the file, and refuses it without AUTH_TOKENS",
  ignore: skipReason("dist_docker_test (compose config)", [
    !COMPOSE && "neither `docker compose` nor `docker-compose` is installed",
  ]) !== undefined,
  async fn() {
    const [command, ...prefix] = COMPOSE!;
    const config = (env: Record<string, string>) =>
      run(command!, [...prefix, "-f", `${PROJECT}/docker-compose.yml`, "config"], {
        clearEnv: true,
        env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", ...env },
      });
    const ok = await config({ AUTH_TOKENS: "token-1" });
    assertEquals(ok.code, 0, ok.stderr);
    assertMatch(ok.stdout, /AUTH_TOKENS: token-1/);
    const refused = await config({});
    assertNotEquals(refused.code, 0);
    assertMatch(refused.stderr, /AUTH_TOKENS/);
  },
});
