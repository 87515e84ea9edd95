import { assertEquals } from "@std/assert";
import { Hono } from "hono";
import type { EdgeStep, HttpEnv } from "./context.ts";
import { edge } from "./edge.ts";

/** An app whose steps record what ran, in order. */
function appWith(steps: EdgeStep[], seen: string[]) {
  const app = new Hono<HttpEnv>();
  app.use(edge(steps, (error) => {
    seen.push(`onError ${(error as Error).message}`);
    return new Response(null, { status: 500 });
  }));
  app.onError((error) => {
    seen.push(`app.onError ${error.message}`);
    return new Response(null, { status: 500 });
  });
  app.get("/", () => {
    seen.push("route");
    return new Response("ok");
  });
  app.get("/boom", () => {
    throw new Error("route failed");
  });
  return app;
}

const step = (name: string, seen: string[], before?: EdgeStep["before"]): EdgeStep => ({
  before: (c) => {
    seen.push(`before ${name}`);
    return before?.(c);
  },
  after: (c) => void seen.push(`after ${name} ${c.res.status}`),
});

Deno.test("edge runs the steps around the route, the afters last first, waiting for async ones", async () => {
  const seen: string[] = [];
  const app = appWith([
    step("a", seen),
    step("b", seen, () => Promise.resolve(undefined)),
    step("c", seen),
  ], seen);
  assertEquals((await app.request("/")).status, 200);
  assertEquals(seen, [
    "before a",
    "before b",
    "before c",
    "route",
    "after c 200",
    "after b 200",
    "after a 200",
  ]);
});

Deno.test("edge: a step's answer ends the request; only the steps before it see it", async () => {
  const seen: string[] = [];
  const refuse = () => Promise.resolve(new Response(null, { status: 429 }));
  const app = appWith([step("a", seen), step("b", seen, refuse), step("c", seen)], seen);
  assertEquals((await app.request("/")).status, 429);
  assertEquals(seen, ["before a", "before b", "after a 429"]);
});

Deno.test("edge: a failing step and a failing route are answered, and the afters see it", async () => {
  const seen: string[] = [];
  const fail = () => {
    throw new Error("step failed");
  };
  let app = appWith([step("a", seen), step("b", seen, fail)], seen);
  assertEquals((await app.request("/")).status, 500);
  assertEquals(seen, ["before a", "before b", "onError step failed", "after a 500"]);

  seen.length = 0;
  app = appWith([step("a", seen)], seen);
  assertEquals((await app.request("/boom")).status, 500);
  assertEquals(seen, ["before a", "app.onError route failed", "after a 500"]);
});
