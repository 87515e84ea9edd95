/**
 * A map with a size cap that forgets its least recently used entries, so that per-client state
 * stays bounded however many distinct clients (IP addresses) show up; and {@link remembered}, a
 * function that keeps its answers for the values it was asked about lately.
 *
 * Two generations of plain `Map`s: entries are written to the young one, and an entry read from
 * the old one moves to the young one. When the young generation reaches half the cap, the old
 * one is dropped whole and the young one becomes old. Every operation is O(1) and nothing is
 * ever scanned; what is forgotten is what was not used during the last one or two generations —
 * LRU, to within a generation. (Evicting a `Map`'s first key one at a time looks cheaper but is
 * not: V8 leaves deleted entries in place until the table is rebuilt, so finding the first live
 * key gets slower and slower, and two million evictions took minutes.)
 *
 * @module
 */

/** The bounded map. */
export interface LruMap<K, V> {
  get(key: K): V | undefined;
  /** Inserts or replaces; may forget the least recently used entries. */
  set(key: K, value: V): void;
  /** Entries held: never more than the cap. */
  readonly size: number;
  clear(): void;
}

/**
 * Creates a map holding at most `max` entries.
 *
 * @example
 * ```ts
 * import { createLruMap } from "./lru_map.ts";
 * const map = createLruMap<string, number>(4);
 * map.set("a", 1);
 * map.set("b", 2);
 * map.get("a"); // 1
 * ```
 */
export function createLruMap<K, V>(max: number): LruMap<K, V> {
  const generation = Math.max(1, Math.floor(max / 2));
  let young = new Map<K, V>();
  let old = new Map<K, V>();
  const put = (key: K, value: V) => {
    young.set(key, value);
    if (young.size >= generation) {
      old = young;
      young = new Map();
    }
  };
  return {
    get(key) {
      const value = young.get(key);
      if (value !== undefined) return value;
      const aged = old.get(key);
      if (aged === undefined) return undefined;
      old.delete(key);
      put(key, aged);
      return aged;
    },
    set(key, value) {
      if (young.has(key)) return void young.set(key, value);
      old.delete(key);
      put(key, value);
    },
    get size() {
      return young.size + old.size;
    },
    clear() {
      young = new Map();
      old = new Map();
    },
  };
}

/**
 * `compute`, remembering its answers for the `max` values it was asked about most recently: for
 * work repeated on the same few inputs (a client's `Host` or `Accept` header, a schema's text),
 * bounded whatever inputs arrive. What `compute` throws is thrown again, not remembered.
 *
 * @example
 * ```ts
 * import { remembered } from "./lru_map.ts";
 * let calls = 0;
 * const length = remembered(64, (text: string) => (calls++, text.length));
 * length("abc");
 * length("abc"); // 3, computed once: calls is 1
 * ```
 */
export function remembered<K, V>(max: number, compute: (key: K) => V): (key: K) => V {
  const known = createLruMap<K, V>(max);
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      known.set(key, value);
    }
    return value;
  };
}
