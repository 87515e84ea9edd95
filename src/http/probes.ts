/**
 * The probe and information routes: `GET /healthz` (liveness), `GET /readyz` (readiness),
 * `GET /health` (every subsystem) and `GET /`, with the API reference's bodies.
 *
 * @module
 */
import type { Env, Hono } from "hono";
import type { MemoryUsage } from "../runtime/runtime.ts";
import type { FilesystemProbe } from "./filesystem_probe.ts";

/** What the probes report on. */
export interface ProbeDeps {
  version: string;
  /** When the server started (ms since the epoch), for `uptime`. */
  startedAt: number;
  filesystem: FilesystemProbe;
  /** The tools' canonical names. */
  toolNames(): string[];
  memory?(): MemoryUsage;
  /** The security configuration, as `/health` and `/` report it. */
  security(): Record<string, unknown>;
  /** Sessions, streams, timers and calls in flight. */
  connections(): Record<string, number>;
  /** False once shutdown has begun. */
  ready(): boolean;
  /**
   * Git mode: the backlog (commits ahead, last fetch age, last push error). A backlog warns in
   * `/health` but never makes the server unready: mutations still succeed, and push later.
   */
  git?(): { ahead: number; lastPushError: string | null };
  /** Facts about the transports for `GET /`. */
  transport: Record<string, unknown>;
}

const MB = 1024 * 1024;

/** The `git` check of `/health`: a warning while commits wait to be pushed. */
function gitCheck(state: { ahead: number; lastPushError: string | null }) {
  return { status: state.ahead > 0 || state.lastPushError ? "warn" : "pass", details: state };
}

/**
 * Registers the probe routes on `app`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { Hono } from "hono";
 * import { addProbeRoutes } from "./probes.ts";
 * import { createFilesystemProbe } from "./filesystem_probe.ts";
 * import { createMemoryFileSystem } from "../fs/memory.ts";
 * const app = new Hono();
 * addProbeRoutes(app, {
 *   version: "1.0.0",
 *   startedAt: Date.now(),
 *   filesystem: createFilesystemProbe(createMemoryFileSystem()),
 *   toolNames: () => ["change_open"],
 *   security: () => ({}),
 *   connections: () => ({}),
 *   ready: () => true,
 *   transport: {},
 * });
 * const res = await app.request("/healthz");
 * assertEquals((await res.json()).status, "healthy");
 * ```
 */
export function addProbeRoutes<E extends Env>(app: Hono<E>, deps: ProbeDeps): void {
  const base = () => ({
    timestamp: new Date().toISOString(),
    uptime: Math.floor((Date.now() - deps.startedAt) / 1000),
    version: deps.version,
  });

  app.get("/healthz", async (c) => {
    const fs = await deps.filesystem(false);
    const tools = deps.toolNames().length > 0;
    const healthy = fs.accessible && tools;
    return c.json({
      status: healthy ? "healthy" : "unhealthy",
      ...base(),
      checks: { filesystem: pass(fs.accessible), tools: pass(tools) },
    }, healthy ? 200 : 503);
  });

  app.get("/readyz", async (c) => {
    const fs = await deps.filesystem(false);
    const dependencies = {
      tools: deps.toolNames().length > 0,
      filesystem: fs.accessible,
      security: true,
    };
    const ready = deps.ready() && Object.values(dependencies).every(Boolean);
    return c.json({
      status: ready ? "healthy" : "unhealthy",
      ready,
      ...base(),
      dependencies,
    }, ready ? 200 : 503);
  });

  app.get("/health", async (c) => {
    const fs = await deps.filesystem(true);
    const tools = deps.toolNames();
    const memory = deps.memory?.();
    const percentage = memory ? Math.round((memory.rss / memory.systemTotal) * 1000) / 10 : 0;
    const checks = {
      filesystem: {
        status: pass(fs.accessible && fs.writable === true),
        details: { accessible: fs.accessible, writable: fs.writable === true, path: fs.path },
      },
      tools: { status: pass(tools.length > 0), details: { available: tools, count: tools.length } },
      memory: {
        status: percentage < 90 ? "pass" : "warn",
        details: memory
          ? {
            used: `${Math.round(memory.rss / MB)}MB`,
            limit: `${Math.round(memory.systemTotal / MB)}MB`,
            percentage,
            heapUsed: `${Math.round(memory.heapUsed / MB)}MB`,
          }
          : {},
      },
      security: { status: "pass", details: deps.security() },
      sessions: { status: "pass", details: deps.connections() },
      ...(deps.git ? { git: gitCheck(deps.git()) } : {}),
    };
    const healthy = checks.filesystem.status === "pass" && checks.tools.status === "pass";
    return c.json(
      { status: healthy ? "healthy" : "unhealthy", ...base(), checks },
      healthy ? 200 : 503,
    );
  });

  app.get("/", (c) =>
    c.json({
      name: "task-mcp",
      version: deps.version,
      security: deps.security(),
      endpoints: {
        sse: "POST /sse - Server-Sent Events (tool envelope)",
        mcp: "POST /mcp - Streamable HTTP: NDJSON tool envelope, or MCP JSON-RPC",
        mcp_stream: "GET /mcp - MCP server-to-client event stream; DELETE /mcp ends a session",
        legacy_sse: "GET /sse + POST /messages - MCP HTTP+SSE transport (2024-11-05)",
        healthz: "GET /healthz - Liveness probe",
        readyz: "GET /readyz - Readiness probe",
        health: "GET /health - Comprehensive health check",
        security: "GET /security/metrics - Security metrics (authenticated)",
        metrics: "GET /metrics - Prometheus metrics (authenticated when tokens are configured)",
      },
      documentation: "https://github.com/Fission-AI/OpenSpec",
      features: {
        ide_integration: true,
        resource_uris: true,
        template_system: true,
        docker_deployment: false,
        performance_monitoring: true,
      },
      transport: deps.transport,
    }));
}

function pass(ok: boolean): "pass" | "fail" {
  return ok ? "pass" : "fail";
}
