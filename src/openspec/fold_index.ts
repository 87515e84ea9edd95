/** Near-miss lookup of requirement names by their case- and spacing-insensitive fold. @module */
import { foldRequirementName } from "./requirement_names.ts";

/**
 * The keys of a name map grouped by fold, kept in the map's iteration order, so
 * "the first key whose fold equals this name's" is one hash lookup instead of a scan
 * of every key (a scan per delta entry made a 6,000 × 6,000 merge take seconds).
 *
 * The owner mirrors its map: {@link add} when a key is inserted for the first time
 * (a `Map.set` of a new key appends it), {@link delete} when it is removed. A key set
 * again keeps its place in a `Map`, so it is not added twice.
 */
export class FoldIndex {
  // A Set per fold: insertion-ordered like the map, with O(1) add and delete even when
  // many keys share one fold (`a b`, `a  b`, `A b`, …).
  #groups = new Map<string, Set<string>>();

  /** Indexes `keys` in order (a `Map`'s or `Set`'s iteration order). */
  constructor(keys: Iterable<string> = []) {
    for (const key of keys) this.add(key);
  }

  /** Records a key newly inserted at the end of the mirrored map. */
  add(key: string): void {
    const fold = foldRequirementName(key);
    const group = this.#groups.get(fold);
    if (group === undefined) this.#groups.set(fold, new Set([key]));
    else group.add(key);
  }

  /** Forgets a key removed from the mirrored map. */
  delete(key: string): void {
    const fold = foldRequirementName(key);
    const group = this.#groups.get(fold);
    if (group === undefined) return;
    group.delete(key);
    if (group.size === 0) this.#groups.delete(fold);
  }

  /** The first key (other than `except`) whose fold equals `name`'s fold, or undefined. */
  first(name: string, except?: string): string | undefined {
    for (const key of this.#groups.get(foldRequirementName(name)) ?? []) {
      if (key !== except) return key;
    }
    return undefined;
  }
}
