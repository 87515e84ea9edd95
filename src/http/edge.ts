/**
 * The edge: the steps every request goes through around its route — request id, access log
 * and metrics, security headers, the Host/Origin guard, the shutdown check, CORS — run in one
 * pass as one Hono middleware. As a chain of middleware each cost a dispatch and a promise on every
 * request; here a step that has nothing to wait for costs a function call.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import type { EdgeStep, HttpEnv } from "./context.ts";

/**
 * The middleware running `steps` in order before the route and their `after`s, the last first,
 * once the answer is known. A step's answer ends the request there: the steps after it and the
 * route do not run, and only the `after`s of the steps before it do. An error thrown by a step or
 * by the route becomes `onError`'s answer, which the `after`s then see like any other.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { Hono } from "hono";
 * import { edge } from "./edge.ts";
 * import type { HttpEnv } from "./context.ts";
 * const app = new Hono<HttpEnv>();
 * app.use(edge([
 *   { after: (c) => c.res.headers.set("X-Seen", "yes") },
 *   { before: (c) => c.req.header("x-stop") ? new Response(null, { status: 403 }) : undefined },
 * ], () => new Response(null, { status: 500 })));
 * app.get("/", () => new Response("ok"));
 * const stopped = await app.request("/", { headers: { "X-Stop": "1" } });
 * assertEquals([stopped.status, stopped.headers.get("x-seen")], [403, "yes"]);
 * ```
 */
export function edge(
  steps: readonly EdgeStep[],
  onError: (error: unknown, c: Context<HttpEnv>) => Response,
): MiddlewareHandler<HttpEnv> {
  const count = steps.length;
  return async (c, next) => {
    c.set("receivedAt", performance.now());
    let passed = 0;
    try {
      for (; passed < count; passed++) {
        const before = steps[passed]!.before;
        if (!before) continue;
        let answer = before(c);
        if (answer instanceof Promise) answer = await answer;
        if (answer !== undefined) {
          c.res = answer;
          break;
        }
      }
      // Hono answers a route's error with the app's onError inside next(); a step's error is
      // answered the same way below.
      if (passed === count) await next();
    } catch (error) {
      c.res = onError(error, c);
    }
    for (let i = passed - 1; i >= 0; i--) steps[i]!.after?.(c);
  };
}
