/**
 * A read-only map that is an earlier map with some of its values replaced:
 * the name tables of a project linked from its previous version, when an
 * edit declared the same names again (new symbols for old names). Making it
 * costs what was replaced, not the size of the table: copying a table of
 * 20,000 names costs milliseconds, since every key is a string somewhere in
 * a large syntax tree.
 *
 * The keys and their order are the base's: a replaced key keeps its place,
 * as `Map.set` on a present key does. Layers do not stack: an overlay of an
 * overlay shares its base and copies its (small) replacements, and once
 * those grow past a fraction of the base, the map is made flat again.
 */
export class OverlayMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(private readonly base: ReadonlyMap<K, V>, private readonly replaced: ReadonlyMap<K, V>) {}

  /**
   * `map` with the values of `replacements` put in. Every key of
   * `replacements` must be a key of `map` (so that the keys stay the same).
   */
  static replacing<K, V>(map: ReadonlyMap<K, V>, replacements: ReadonlyMap<K, V>): ReadonlyMap<K, V> {
    if (replacements.size === 0) return map;
    const base = map instanceof OverlayMap ? (map.base as ReadonlyMap<K, V>) : map;
    const replaced = new Map(map instanceof OverlayMap ? (map.replaced as ReadonlyMap<K, V>) : undefined);
    for (const [key, value] of replacements) replaced.set(key, value);
    if (replaced.size * FLATTEN_AT > base.size) {
      const flat = new Map<K, V>();
      for (const [key, value] of base) flat.set(key, replaced.has(key) ? replaced.get(key)! : value);
      return flat;
    }
    return new OverlayMap(base, replaced);
  }

  get size(): number {
    return this.base.size;
  }

  get(key: K): V | undefined {
    return this.replaced.has(key) ? this.replaced.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.base.has(key);
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this) callback.call(thisArg, value, key, this);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) yield [key, this.replaced.has(key) ? this.replaced.get(key)! : value];
  }

  keys(): MapIterator<K> {
    return this.base.keys();
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

/** An overlay is made flat when it replaces more than one key in this many. */
const FLATTEN_AT = 8;
