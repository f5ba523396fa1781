/**
 * `nearest`, the "did you mean" of unresolved names: it measures only the
 * candidates whose length can be within its limit, and picks exactly what
 * measuring every candidate picks (the first of the closest, if within a
 * third of the name's length).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { closest, distance } from 'fastest-levenshtein';
import { nearest } from '../src/project.js';

/** The definition: the first closest of all candidates, if close enough. */
function measuringAll(text: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(text, candidates as string[]);
  return distance(text, best) <= Math.max(1, Math.floor(text.length / 3)) ? best : undefined;
}

describe('nearest (did you mean)', () => {
  it('picks what measuring every candidate picks', () => {
    // Short names over a small alphabet, so that near misses, ties and lengths on both sides of the limit are common.
    const name = fc.string({ unit: fc.constantFrom('a', 'b', 'e', 'v', '_', '0', '1'), maxLength: 12 });
    let suggested = 0;
    fc.assert(fc.property(name, fc.array(name, { maxLength: 40 }), (text, candidates) => {
      const expected = measuringAll(text, candidates);
      if (expected !== undefined) suggested++;
      assert.equal(nearest(text, candidates), expected);
    }), { numRuns: 2000 });
    assert.ok(suggested > 200, `the cases suggested a name often enough (${suggested})`);
  });

  it('suggests a beat among 20,000 names, and nothing for a name no length could reach', () => {
    const beats = Array.from({ length: 20_000 }, (_, i) => `ev_${String(i + 1).padStart(6, '0')}`);
    assert.equal(nearest('ev_01234', beats), 'ev_001234');
    assert.equal(nearest('ev_0', beats), undefined);
    assert.equal(nearest('storm', []), undefined);
  });
});
