/**
 * compareFiles: what differs between two versions of a file, the input of
 * the incremental analysis. (test/incremental.test.ts holds the property
 * that matters, that an analysis made from these answers equals a full
 * one; these are the answers themselves, for edits a writer makes.)
 */
import assert from 'node:assert/strict';
import { parse } from '@nao/grammar';
import { compareFiles, type Aspect } from '../src/aspects.js';
import type { SourceFile } from '../src/project.js';

const STORY = `story "Harbor" {
  themes trust
}
character mara "Mara"
arc healing micro "Healing" {
  themes trust
  event first @1 "First" {
    with mara
    intensity 3
    > The wind rose.
  }
  choice pick @2 "Pick" {
    option stay "Stay" {
      event stay_on @3 {
        causes last
      }
    }
  }
}
event last @4 {
  with mara
  tags calm
}
`;

function source(text: string): SourceFile {
  const parsed = parse(text);
  assert.deepEqual(parsed.errors, [], text);
  return { id: '/ws/a.arc', text, parse: parsed };
}

/** The aspects that differ after replacing the first `from` by `to`, the beats (by place) of each, and the names renamed. */
function compared(from: string, to: string): { aspects: Aspect[]; beats: Record<string, readonly number[]>; renamed?: string[] } {
  assert.ok(STORY.includes(from), from);
  const changes = compareFiles(source(STORY), source(STORY.replace(from, to)));
  return {
    aspects: [...changes.aspects].sort(), beats: Object.fromEntries(changes.beats),
    ...(changes.renamed.size > 0 ? { renamed: [...changes.renamed].sort() } : {}),
  };
}

describe('compareFiles', () => {
  it('finds nothing between two parses of one text, or when text only moved', () => {
    assert.deepEqual(compared('story', 'story'), { aspects: [], beats: {} });
    assert.deepEqual(compared('character mara', '\n\n// the cast\ncharacter mara'), { aspects: [], beats: {} });
  });

  it('leaves prose out', () => {
    assert.deepEqual(compared('> The wind rose.', '> The wind fell.\n    > And rose.'), { aspects: [], beats: {} });
  });

  it('names the aspect of an edited item and the beat that holds it', () => {
    assert.deepEqual(compared('intensity 3', 'intensity 7'), { aspects: ['intensity'], beats: { intensity: [0] } });
    assert.deepEqual(compared('causes last', 'causes last, first'), { aspects: ['causes'], beats: { causes: [2] } });
    assert.deepEqual(compared('tags calm', 'tags calm\n  intensity 2'), { aspects: ['intensity'], beats: { intensity: [3] } });
  });

  it('counts a time by the beat, and an item of an arc by its aspect alone', () => {
    assert.deepEqual(compared('@4', '@5'), { aspects: ['time'], beats: { time: [3] } });
    assert.deepEqual(compared('themes trust\n  event', 'themes trust, hope\n  event'), { aspects: ['themes'], beats: {} });
  });

  it('counts an item whose layout or comment changed as changed (its checks run again)', () => {
    assert.deepEqual(compared('with mara\n    intensity', 'with  mara\n    intensity'), { aspects: ['with'], beats: { with: [0] } });
    assert.deepEqual(compared('causes last', 'causes /* soon */ last'), { aspects: ['causes'], beats: { causes: [2] } });
  });

  it('counts a renamed arc or beat, as it was and as it is, and a title, as names, their places kept', () => {
    // A renamed beat by its place: simultaneous beats are ordered by name.
    assert.deepEqual(compared('event last', 'event final'), { aspects: ['names'], beats: { names: [3] }, renamed: ['final', 'last'] });
    assert.deepEqual(compared('arc healing', 'arc mending'), { aspects: ['names'], beats: {}, renamed: ['healing', 'mending'] });
    assert.deepEqual(compared('"Pick"', '"Choose"'), { aspects: ['names'], beats: {} });
    // No item names an option: renaming one renames no node.
    assert.deepEqual(compared('option stay', 'option remain'), { aspects: ['names'], beats: {} });
    assert.deepEqual(compared('event last @4', 'event final @5'), { aspects: ['names', 'time'], beats: { names: [3], time: [3] }, renamed: ['final', 'last'] });
  });

  it('reports the structure alone when a kind, scale, nesting or the cast changes', () => {
    const structure = { aspects: ['structure'], beats: {} };
    assert.deepEqual(compared('micro', 'meso'), structure);
    assert.deepEqual(compared('option stay "Stay" {', 'option stay "Stay" {\n      event extra @3 {}'), structure);
    assert.deepEqual(compared('character mara "Mara"', 'character mara "Mara" { traits calm }'), structure);
    assert.deepEqual(compared('  choice pick', '  event extra @1.5 {}\n  choice pick'), structure);
    assert.deepEqual(compared('event first @1 "First" {\n    with mara\n    intensity 3\n    > The wind rose.\n  }', ''), structure);
    assert.deepEqual(compared('themes trust\n}', 'themes trust, hope\n}'), structure);
  });

  it('does not read the beats of a changed structure (every check then runs in full)', () => {
    assert.deepEqual(compared('micro "Healing" {\n  themes trust\n  event first @1 "First" {\n    with mara',
      'meso "Healing" {\n  themes trust\n  event first @2 "First" {\n    with tom'), { aspects: ['structure'], beats: {} });
  });
});
