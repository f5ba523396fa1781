/**
 * OverlayMap: a map with some values replaced reads exactly as the map
 * `Map.set` would make of it (same keys, same order, the new values), and
 * one with keys renamed as the map made afresh with the new key in the old
 * one's place, in every way a ReadonlyMap can be read, however many
 * overlays are stacked.
 */
import assert from 'node:assert/strict';
import { OverlayMap } from '../src/overlay-map.js';

/** Everything a reader can see of a map, in order (`probes`: keys asked for besides). */
function reading(map: ReadonlyMap<string, number>, probes: readonly string[] = []): unknown {
  const each: [string, number][] = [];
  map.forEach((value, key, itself) => {
    assert.equal(itself, map);
    each.push([key, value]);
  });
  return {
    size: map.size, entries: [...map.entries()], spread: [...map], keys: [...map.keys()], values: [...map.values()], each,
    has: ['k0', 'k5', 'k39', 'absent', ...probes].map((key) => map.has(key)),
    get: ['k0', 'k5', 'k39', 'absent', ...probes].map((key) => map.get(key)),
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

  /** The map made afresh: `base`'s keys in order, each renamed one called by its new name, with `values` set. */
  function afresh(renamed: ReadonlyMap<string, string>, values: ReadonlyMap<string, number> = new Map()): Map<string, number> {
    const made = new Map<string, number>();
    for (const [key, value] of base) {
      const now = renamed.get(key) ?? key;
      made.set(now, values.has(now) ? values.get(now)! : value);
    }
    return made;
  }

  it('reads a renamed key in the old key\'s place, with its value or a new one; the old key is gone', () => {
    const probes = ['k5', 'five', 'k7', 'seven'];
    const overlay = OverlayMap.replacing(base, new Map([['seven', 700], ['k0', 1]]), new Map([['k5', 'five'], ['k7', 'seven']]));
    assert.ok(!(overlay instanceof Map), 'an overlay, not a copy');
    const expected = afresh(new Map([['k5', 'five'], ['k7', 'seven']]), new Map([['seven', 700], ['k0', 1]]));
    assert.deepEqual([...expected.keys()].slice(4, 9), ['k4', 'five', 'k6', 'seven', 'k8']);
    assert.deepEqual(reading(overlay, probes), reading(expected, probes));
    assert.equal(base.get('k5'), 5, 'the base is left as it was');
  });

  it('renames a renamed key again, and back, over earlier overlays, keeping values replaced before', () => {
    const probes = ['k5', 'five', 'fives', 'k6', 'six'];
    const first = OverlayMap.replacing(base, new Map([['five', 500]]), new Map([['k5', 'five']]));
    const second = OverlayMap.replacing(first, new Map([['six', 6000]]), new Map([['five', 'fives'], ['k6', 'six']]));
    assert.deepEqual(reading(second, probes), reading(afresh(new Map([['k5', 'fives'], ['k6', 'six']]), new Map([['fives', 500], ['six', 6000]])), probes));
    assert.deepEqual(reading(first, probes), reading(afresh(new Map([['k5', 'five']]), new Map([['five', 500]])), probes), 'the earlier overlay is left as it was');
    // Back to the old names: the values replaced stay, the keys are the base's again.
    const back = OverlayMap.replacing(second, new Map(), new Map([['fives', 'k5'], ['six', 'k6']]));
    assert.deepEqual(reading(back, probes), reading(afresh(new Map(), new Map([['k5', 500], ['k6', 6000]])), probes));
    // A key renamed to one the base had, after the base's was renamed away.
    const taken = OverlayMap.replacing(second, new Map(), new Map([['k7', 'k5']]));
    assert.deepEqual(reading(taken, [...probes, 'k7']), reading(afresh(new Map([['k5', 'fives'], ['k6', 'six'], ['k7', 'k5']]), new Map([['fives', 500], ['six', 6000]])), [...probes, 'k7']));
  });

  it('is made flat once it replaces or renames one key in eight, and reads the same', () => {
    let map: ReadonlyMap<string, number> = base;
    const renamed = new Map<string, string>();
    for (let i = 0; i < 6; i++) {
      map = OverlayMap.replacing(map, new Map(), new Map([[`k${i}`, `name${i}`]]));
      renamed.set(`k${i}`, `name${i}`);
      assert.equal(map instanceof Map, i >= 5, `after ${i + 1} renamed keys`);
      assert.deepEqual(reading(map, ['k0', 'name0', 'name5']), reading(afresh(renamed), ['k0', 'name0', 'name5']));
    }
  });

  it('replacing nothing gives the map itself', () => {
    assert.equal(OverlayMap.replacing(base, new Map()), base);
  });
});
