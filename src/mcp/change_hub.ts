/**
 * One subscription to `backend.onChange`, fanned out to the sessions that want events.
 *
 * The backend listener exists only while some session listens, so stateless HTTP sessions,
 * which never listen, cost nothing, and an idle server holds no watcher.
 *
 * @module
 */

import type { ChangeEvent, McpBackend } from "./backend.ts";

/** A fan-out of backend change events. */
export class ChangeHub {
  #backend: McpBackend;
  #onListenerError: (error: unknown) => void;
  #listeners = new Set<(event: ChangeEvent) => void>();
  #unsubscribe: (() => void) | undefined;

  /** `onListenerError` gets whatever a listener throws; the other listeners still run. */
  constructor(backend: McpBackend, onListenerError: (error: unknown) => void) {
    this.#backend = backend;
    this.#onListenerError = onListenerError;
  }

  /** Adds `listener` and returns the function that removes it. */
  add(listener: (event: ChangeEvent) => void): () => void {
    this.#listeners.add(listener);
    this.#unsubscribe ??= this.#backend.onChange((event) => this.#dispatch(event));
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.close();
    };
  }

  /** Drops the backend subscription; listeners added later subscribe again. */
  close(): void {
    this.#listeners.clear();
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #dispatch(event: ChangeEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
