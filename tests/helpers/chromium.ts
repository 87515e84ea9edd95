/**
 * Headless Chromium (Debian's `chromium`) driven over the Chrome DevTools Protocol: the browser
 * is started with `--remote-debugging-port=0`, prints its WebSocket address on stderr, and one
 * page target is attached with a flat session. No browser download, no driver library.
 *
 * @module
 */
import { TextLineStream } from "@std/streams";
import { which } from "./dist_tools.ts";

/** The browser executable, if installed. */
export const CHROMIUM = which("chromium") ?? which("chromium-browser") ??
  which("google-chrome");

/** One browser with one page. */
export interface Browser {
  /** Sends a CDP command to the page. */
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Evaluates an expression in the page (promises awaited) and returns its value. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /** Navigates and waits for the load event. */
  goto(url: string): Promise<void>;
  /** Polls `expression` until it is truthy, or throws after `timeoutMs`. */
  waitFor(expression: string, timeoutMs?: number): Promise<void>;
  /** A PNG of the page. */
  screenshot(): Promise<Uint8Array>;
  /** Every `Runtime.consoleAPICalled`/exception text seen, and CSP violations reported. */
  console: string[];
  close(): Promise<void>;
}

/** Starts a browser with a fresh profile and opens one page. */
export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error("chromium is not installed");
  const profile = await Deno.makeTempDir({ prefix: "task-mcp-chromium-" });
  const child = new Deno.Command(CHROMIUM, {
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-extensions",
      "--disable-background-networking",
      "--hide-scrollbars",
      "--window-size=1280,900",
      "--remote-debugging-address=127.0.0.1",
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream())
    .pipeThrough(new TextLineStream()).getReader();
  let wsUrl: string | undefined;
  const deadline = Date.now() + 30_000;
  while (!wsUrl) {
    if (Date.now() > deadline) throw new Error("chromium did not print its DevTools address");
    const { done, value } = await reader.read();
    if (done) throw new Error("chromium exited before it was ready");
    wsUrl = /DevTools listening on (ws:\/\/\S+)/.exec(value)?.[1];
  }
  // Keep draining stderr so the browser never blocks on a full pipe.
  (async () => {
    while (!(await reader.read().catch(() => ({ done: true }))).done) { /* drain */ }
  })();
  const ws = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error("cannot connect to chromium"));
  });
  let nextId = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const listeners: ((message: Record<string, unknown>) => void)[] = [];
  ws.onmessage = (event) => {
    const message = JSON.parse(event.data as string);
    if (message.id !== undefined) {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(`${message.error.message}`));
      else waiter?.resolve(message.result);
    } else for (const listener of listeners) listener(message);
  };
  const raw = <T>(method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  const { targetId } = await raw<{ targetId: string }>("Target.createTarget", {
    url: "about:blank",
  });
  const { sessionId } = await raw<{ sessionId: string }>("Target.attachToTarget", {
    targetId,
    flatten: true,
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}) =>
    raw<T>(method, params, sessionId);
  const consoleLines: string[] = [];
  let loaded: (() => void) | undefined;
  listeners.push((message) => {
    if (message.sessionId !== sessionId) return;
    const params = message.params as Record<string, unknown> | undefined;
    if (message.method === "Page.loadEventFired") loaded?.();
    if (message.method === "Runtime.consoleAPICalled") {
      const args = (params?.args as { value?: unknown; description?: string }[]) ?? [];
      consoleLines.push(args.map((a) => String(a.value ?? a.description ?? "")).join(" "));
    }
    if (message.method === "Runtime.exceptionThrown") {
      consoleLines.push(JSON.stringify(params?.exceptionDetails));
    }
    if (message.method === "Log.entryAdded") {
      consoleLines.push(String((params?.entry as { text?: string })?.text ?? ""));
    }
  });
  await send("Page.enable");
  await send("Runtime.enable");
  await send("Log.enable");
  const evaluate = async <T>(expression: string): Promise<T> => {
    const result = await send<{
      result: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (result.exceptionDetails) {
      throw new Error(
        `${result.exceptionDetails.text}: ${result.exceptionDetails.exception?.description}`,
      );
    }
    return result.result.value as T;
  };
  return {
    send,
    evaluate,
    console: consoleLines,
    async goto(url) {
      const load = new Promise<void>((resolve) => loaded = resolve);
      await send("Page.navigate", { url });
      await load;
    },
    async waitFor(expression, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      // A page in the middle of a navigation has no body yet: that counts as not yet.
      const check = () => evaluate<boolean>(`!!(${expression})`).catch(() => false);
      while (!(await check())) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async screenshot() {
      const { data } = await send<{ data: string }>("Page.captureScreenshot", {
        format: "png",
        captureBeyondViewport: true,
      });
      return Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    },
    async close() {
      try {
        await raw("Browser.close");
      } catch { /* already gone */ }
      ws.close();
      const timer = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* gone */ }
      }, 5_000);
      await child.status;
      clearTimeout(timer);
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}
