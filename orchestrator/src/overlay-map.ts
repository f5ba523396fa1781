/**
 * A read-only map that is an earlier map with some of its values replaced,
 * and some of its keys renamed in their places: the name tables of a
 * project linked from its previous version, when an edit declared the same
 * names again (new symbols for old names), or renamed a beat or an arc.
 * Making it costs what was replaced, not the size of the table: copying a
 * table of 20,000 names costs milliseconds, since every key is a string
 * somewhere in a large syntax tree.
 *
 * The keys and their order are the base's: a replaced key keeps its place,
 * as `Map.set` on a present key does, and a renamed key stands where the
 * old one stood, as in a table made afresh from declarations in the same
 * order. Layers do not stack: an overlay of an overlay shares its base and
 * copies its (small) replacements and renames, and once those grow past a
 * fraction of the base, the map is made flat again.
 */
export class OverlayMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    /** The values replaced, and those of renamed keys, by key as it is now. */
    private readonly replaced: ReadonlyMap<K, V>,
    /** The keys of the base that were renamed, and what they are called now. */
    private readonly renamedFrom: ReadonlyMap<K, K>,
    /** The other way round: a key now, and the key of the base it was. */
    private readonly renamedTo: ReadonlyMap<K, K>,
  ) {}

  /**
   * `map` with the values of `replacements` put in, and the keys of
   * `renamed` (keys of `map`) called by their new names, each in its place.
   * Every key of `replacements` must be a key of the result, and no new
   * name a key of `map` (so that the keys stay as many, in the same order).
   */
  static replacing<K, V>(map: ReadonlyMap<K, V>, replacements: ReadonlyMap<K, V>, renamed: ReadonlyMap<K, K> = new Map()): ReadonlyMap<K, V> {
    if (replacements.size === 0 && renamed.size === 0) return map;
    const overlay = map instanceof OverlayMap ? (map as OverlayMap<K, V>) : undefined;
    const base = overlay ? overlay.base : map;
    const replaced = new Map(overlay?.replaced);
    const renamedFrom = new Map(overlay?.renamedFrom);
    for (const [key, name] of renamed) {
      const original = overlay?.renamedTo.get(key) ?? key;
      if (replaced.has(key)) {
        replaced.set(name, replaced.get(key)!);
        replaced.delete(key);
      }
      if (name === original) renamedFrom.delete(original);
      else renamedFrom.set(original, name);
    }
    for (const [key, value] of replacements) replaced.set(key, value);
    const renamedTo = new Map<K, K>();
    for (const [original, name] of renamedFrom) renamedTo.set(name, original);
    const layered = new OverlayMap(base, replaced, renamedFrom, renamedTo);
    if ((replaced.size + renamedFrom.size) * FLATTEN_AT > base.size) return new Map(layered);
    return layered;
  }

  get size(): number {
    return this.base.size;
  }

  get(key: K): V | undefined {
    if (this.replaced.has(key)) return this.replaced.get(key);
    // Most overlays rename nothing (an edit of a time, a link, an item): a lookup then reads what it read before renames.
    if (this.renamedFrom.size === 0) return this.base.get(key);
    const original = this.renamedTo.get(key);
    if (original !== undefined) return this.base.get(original);
    return this.renamedFrom.has(key) ? undefined : this.base.get(key);
  }

  has(key: K): boolean {
    if (this.renamedFrom.size === 0) return this.base.has(key);
    return this.renamedTo.has(key) || (!this.renamedFrom.has(key) && this.base.has(key));
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this) callback.call(thisArg, value, key, this);
  }

  *entries(): MapIterator<[K, V]> {
    const renamed = this.renamedFrom.size > 0;
    for (const [original, value] of this.base) {
      const key = renamed ? this.renamedFrom.get(original) ?? original : original;
      yield [key, this.replaced.has(key) ? this.replaced.get(key)! : value];
    }
  }

  *keys(): MapIterator<K> {
    if (this.renamedFrom.size === 0) {
      yield* this.base.keys();
      return;
    }
    for (const key of this.base.keys()) yield this.renamedFrom.get(key) ?? key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

/** An overlay is made flat when it replaces or renames more than one key in this many. */
const FLATTEN_AT = 8;
