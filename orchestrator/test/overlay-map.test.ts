/**
 * OverlayMap: a map with some values replaced reads exactly as the map
 * `Map.set` would make of it (same keys, same order, the new values), in
 * every way a ReadonlyMap can be read, however many overlays are stacked.
 */
import assert from 'node:assert/strict';
import { OverlayMap } from '../src/overlay-map.js';

/** Everything a reader can see of a map, in order. */
function reading(map: ReadonlyMap<string, number>): unknown {
  const each: [string, number][] = [];
  map.forEach((value, key, itself) => {
    assert.equal(itself, map);
    each.push([key, value]);
  });
  return {
    size: map.size, entries: [...map.entries()], spread: [...map], keys: [...map.keys()], values: [...map.values()], each,
    has: ['k0', 'k5', 'k39', 'absent'].map((key) => map.has(key)),
    get: ['k0', 'k5', 'k39', 'absent'].map((key) => map.get(key)),
  };
}

describe('OverlayMap', () => {
  const base = new Map(Array.from({ length: 40 }, (_v, i) => [`k${i}`, i] as const));

  it('reads as the map with the replaced values set: same keys in the same order', () => {
    const overlay = OverlayMap.replacing(base, new Map([['k5', 500], ['k39', 3900]]));
    assert.ok(!(overlay instanceof Map), 'an overlay, not a copy');
    const expected = new Map(base);
    expected.set('k5', 500);
    expected.set('k39', 3900);
    assert.deepEqual(reading(overlay), reading(expected));
    assert.equal(base.get('k5'), 5, 'the base is left as it was');
  });

  it('an overlay of an overlay reads as both replacements set, the later winning', () => {
    const first = OverlayMap.replacing(base, new Map([['k5', 500]]));
    const second = OverlayMap.replacing(first, new Map([['k5', 501], ['k0', 1]]));
    const expected = new Map(base);
    expected.set('k5', 501);
    expected.set('k0', 1);
    assert.deepEqual(reading(second), reading(expected));
    assert.equal(first.get('k5'), 500, 'the earlier overlay is left as it was');
  });

  it('is made flat once it replaces one key in eight, and reads the same', () => {
    let map: ReadonlyMap<string, number> = base;
    const expected = new Map(base);
    for (let i = 0; i < 6; i++) {
      map = OverlayMap.replacing(map, new Map([[`k${i}`, -i]]));
      expected.set(`k${i}`, -i);
      assert.equal(map instanceof Map, i >= 5, `after ${i + 1} replaced keys`);
      assert.deepEqual(reading(map), reading(expected));
    }
  });

  it('replacing nothing gives the map itself', () => {
    assert.equal(OverlayMap.replacing(base, new Map()), base);
  });
});
