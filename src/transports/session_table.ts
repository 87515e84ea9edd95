/**
 * The live sessions of Streamable HTTP, by `Mcp-Session-Id`, with a cap and idle expiry.
 *
 * Clients often vanish without `DELETE`, so a session that has had no request in flight and no
 * open stream for `idleMs` is closed at the next sweep. Sweeps run at most once a minute during
 * normal traffic, and at once when the table is full — no timer, so an idle server does nothing.
 *
 * @module
 */
import type { McpSession } from "../mcp/mod.ts";
import type { PushStream } from "./push_stream.ts";

/** One session and what the transport tracks about it. */
export interface SessionEntry {
  id: string;
  session: McpSession;
  /** The GET stream, while one is open. */
  stream: PushStream | undefined;
  lastSeen: number;
  /** POSTs being answered. */
  busy: number;
  /** Who created it (a token's identity); only that caller may use it. */
  caller: string;
}

/** Options of {@link SessionTable}. */
export interface SessionTableOptions {
  maxSessions: number;
  idleMs: number;
  now?: () => number;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * The table.
 *
 * @example
 * ```ts
 * import { SessionTable } from "./session_table.ts";
 * const table = new SessionTable({ maxSessions: 2, idleMs: 60_000 });
 * table.hasRoom(); // true
 * ```
 */
export class SessionTable {
  #entries = new Map<string, SessionEntry>();
  #options: SessionTableOptions;
  #now: () => number;
  #lastSweep: number;

  constructor(options: SessionTableOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#lastSweep = this.#now();
  }

  get size(): number {
    return this.#entries.size;
  }

  get(id: string): SessionEntry | undefined {
    return this.#entries.get(id);
  }

  add(entry: SessionEntry): void {
    this.#entries.set(entry.id, entry);
  }

  /** Whether one more session fits, after sweeping idle ones if the table is full. */
  hasRoom(): boolean {
    if (this.#entries.size >= this.#options.maxSessions) this.sweep(true);
    return this.#entries.size < this.#options.maxSessions;
  }

  /** Marks activity on `entry`. */
  touch(entry: SessionEntry): void {
    entry.lastSeen = this.#now();
  }

  /** Closes idle sessions; without `force`, at most once a minute. */
  sweep(force = false): void {
    const now = this.#now();
    if (!force && now - this.#lastSweep < SWEEP_EVERY_MS) return;
    this.#lastSweep = now;
    for (const entry of [...this.#entries.values()]) {
      const idle = !entry.stream && entry.busy === 0;
      if (idle && now - entry.lastSeen > this.#options.idleMs) this.end(entry);
    }
  }

  /** Removes `entry` and closes its stream and session. */
  end(entry: SessionEntry): void {
    this.#entries.delete(entry.id);
    entry.stream?.close();
    entry.session.close();
  }

  endAll(): void {
    for (const entry of [...this.#entries.values()]) this.end(entry);
  }
}
