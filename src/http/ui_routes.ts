/**
 * The review dashboard at `/ui/`: the board, change pages with their requirement-level diffs and
 * review form, the spec browser, a login form, and `/ui/events`, the repository's change events
 * as Server-Sent Events for live pages.
 *
 * The routes sit behind the app's Host/Origin guard and authentication like every other route;
 * only `/ui/login` is served without a token, and it sets the `task-mcp-auth` cookie the API
 * already accepts. Pages carry their own Content-Security-Policy: scripts, styles and requests
 * from this origin only, no inline script or style, no framing (`frame-ancestors 'none'`).
 * Reviews go through the `change_review` tool by the one tool-call path (`mcp/tool_call.ts`),
 * under the same deadline and response cap as the API.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { DomainError } from "../errors.ts";
import type { McpBackend } from "../mcp/backend.ts";
import type { CallLimits } from "../mcp/call_limits.ts";
import { runToolCall } from "../mcp/tool_call.ts";
import { boardRows, changePage, specIndex, specPage } from "../review/dashboard.ts";
import { isExistingSlug } from "../repository/change_slug.ts";
import { CAPABILITY_PATTERN } from "../repository/layout.ts";
import { AUTH_COOKIE, MAX_TOKEN_LENGTH } from "../auth/token_auth.ts";
import type { ToolDeps } from "../tools/tool.ts";
import { PushStream, type StreamRegistry } from "../transports/push_stream.ts";
import { LIVE_SCRIPT, STYLE } from "../ui/assets.ts";
import {
  boardPage,
  changePageView,
  loginPage,
  messagePage,
  specIndexPage,
  specPageView,
} from "../ui/pages.ts";
import type { HttpEnv } from "./context.ts";
import { refusal } from "./refusal.ts";

/** The dashboard pages' policy: nothing inline, nothing foreign, never framed. */
export const UI_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
  "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** What the dashboard reads from and calls. */
export interface UiDeps {
  deps: Pick<ToolDeps, "repo" | "index">;
  backend: McpBackend;
  /** Where the live event streams are counted and ended at shutdown. */
  streams?: StreamRegistry;
  /** Whether the server serves TLS itself (the cookie is then `Secure`). */
  tls?: boolean;
  keepAliveMs?: number;
  /** The deadline and response cap of a review recorded from the page, as for the API. */
  limits?: CallLimits;
}

const TOKEN = /^[A-Za-z0-9\-._~+/]+$/;

function page(c: Context<HttpEnv>, body: string, status = 200): Response {
  return c.body(body, status as 200, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": UI_CSP,
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
  });
}

function asset(c: Context<HttpEnv>, body: string, type: string): Response {
  return c.body(body, 200, {
    "Content-Type": `${type}; charset=utf-8`,
    "Content-Security-Policy": UI_CSP,
    "Cache-Control": "no-cache",
  });
}

/** Only a path of this dashboard is a place to go back to after signing in. */
function localNext(value: unknown): string {
  return typeof value === "string" && /^\/ui(\/[^\\]*)?$/.test(value) && !value.startsWith("//")
    ? value
    : "/ui/";
}

/** Registers the routes. */
export function addUiRoutes(app: Hono<HttpEnv>, options: UiDeps): void {
  const { repo, index } = options.deps;
  const review = options.backend.findTool("change_review");
  if (!review) throw new Error("the dashboard records reviews with change_review");
  const failure = (c: Context<HttpEnv>, error: unknown) => {
    if (error instanceof DomainError) {
      return page(c, messagePage("Not found", error.message), error.status === 404 ? 404 : 409);
    }
    throw error;
  };

  // Hono matches "/ui" and "/ui/" alike.
  app.get("/ui/", async (c) => {
    if (c.req.path === "/ui") return c.redirect("/ui/", 301);
    return page(c, boardPage(await boardRows(repo, index)));
  });
  app.get("/ui/assets/app.css", (c) => asset(c, STYLE, "text/css"));
  app.get("/ui/assets/live.js", (c) => asset(c, LIVE_SCRIPT, "text/javascript"));

  app.get("/ui/changes/:slug", async (c) => {
    const slug = c.req.param("slug");
    if (!isExistingSlug(slug)) return page(c, messagePage("Not found", "No such change"), 404);
    try {
      return page(c, changePageView(await changePage(repo, slug)));
    } catch (error) {
      return failure(c, error);
    }
  });

  app.post("/ui/changes/:slug/review", async (c) => {
    const slug = c.req.param("slug");
    if (!isExistingSlug(slug)) return page(c, messagePage("Not found", "No such change"), 404);
    const form = await c.req.parseBody();
    const action = String(form.action ?? "");
    const comment = typeof form.comment === "string" ? form.comment : "";
    const anchor = typeof form.anchor === "string" && form.anchor ? form.anchor : undefined;
    const answer = await runToolCall(options.backend, {
      tool: review,
      args: {
        slug,
        action,
        ...(comment.trim() ? { comment } : {}),
        ...(anchor ? { anchor } : {}),
      },
      ctx: {
        signal: c.req.raw.signal,
        caller: c.get("identity") ?? "dashboard",
        toolName: "change_review",
        progress() {},
        log() {},
      },
      limits: options.limits,
      render: (outcome) => outcome,
    });
    const outcome = answer.ok ? answer.value : { ok: false as const, error: answer.error };
    if (outcome.ok) return c.redirect(`/ui/changes/${encodeURIComponent(slug)}#review`, 303);
    try {
      return page(c, changePageView(await changePage(repo, slug), outcome.error.message), 400);
    } catch (error) {
      return failure(c, error);
    }
  });

  app.get("/ui/specs", async (c) => page(c, specIndexPage(await specIndex(repo))));
  app.get("/ui/specs/*", async (c) => {
    const capability = decodeURIComponent(c.req.path.slice("/ui/specs/".length));
    const data = CAPABILITY_PATTERN.test(capability) ? await specPage(repo, capability) : undefined;
    if (!data) return page(c, messagePage("Not found", `No main spec "${capability}"`), 404);
    return page(c, specPageView(data));
  });

  app.get("/ui/login", (c) => {
    const failed = c.req.query("error") === "invalid";
    return page(c, loginPage(localNext(c.req.query("next")), failed), failed ? 401 : 200);
  });
  app.post("/ui/login", async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === "string" ? form.token.trim() : "";
    const next = localNext(form.next);
    if (!TOKEN.test(token) || token.length > MAX_TOKEN_LENGTH) {
      return page(c, loginPage(next, true), 400);
    }
    // Checked on the next request, like any cookie: a wrong token is sent back here.
    c.header("Set-Cookie", cookie(token, options.tls));
    return c.redirect(next, 303);
  });
  app.post("/ui/logout", (c) => {
    c.header("Set-Cookie", cookie("", options.tls, 0));
    return c.redirect("/ui/login", 303);
  });

  app.get("/ui/events", (c) => {
    if (options.streams?.hasRoom && !options.streams.hasRoom()) {
      return refusal(c, "SERVICE_UNAVAILABLE", {
        message: "Too many open streams: try again later",
        hint:
          "Reload the page in a minute; the board still shows the latest state without live updates",
        headers: { "Retry-After": "60" },
      });
    }
    let unsubscribe = () => {};
    const stream = new PushStream({
      registry: options.streams,
      tick: { intervalMs: options.keepAliveMs ?? 15_000, run: (s) => s.write(": keep-alive\n\n") },
      onEnd: () => unsubscribe(),
    });
    let id = 0;
    const off = options.backend.onChange((event) => {
      stream.write(`event: change\nid: ${++id}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    unsubscribe = () => off();
    stream.write(": open\n\nretry: 2000\n\n");
    return new Response(stream.readable, {
      headers: {
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-cache, no-transform",
        "X-Accel-Buffering": "no",
      },
    });
  });
}

function cookie(token: string, secure = false, maxAge?: number): string {
  return `${AUTH_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}${
    maxAge !== undefined ? `; Max-Age=${maxAge}` : ""
  }`;
}
