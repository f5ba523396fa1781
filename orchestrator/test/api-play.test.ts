/**
 * `playthrough` and `pathStatistics` from a caller's side: plain data that
 * JSON keeps whole, on the result `analyse` returned, and clear errors on misuse.
 */
import assert from 'node:assert/strict';
import { analyse, pathStatistics, playthrough } from '../src/index.js';

const FILES = {
  'main.arc': [
    'include "cast.arc"',
    'choice keep_watch @4 "What does Mara do?" {',
    '  option vigil "Keep the lamp lit" { event breathing @5 { with mara  intensity 3 } }',
    '  option search "Go down to the harbor" { event finds_boat @5 { with mara  kills tom  intensity 6 } }',
    '}',
    'event reunion @7 { with mara, tom }',
    '',
  ].join('\n'),
  'cast.arc': 'character mara\ncharacter tom\n',
};

describe('library API: playthrough and pathStatistics', () => {
  const result = analyse({ files: FILES, root: 'main.arc' });

  it('plays a path as plain data', () => {
    const play = playthrough(result, { picks: { keep_watch: 'search' } })!;
    assert.deepEqual(JSON.parse(JSON.stringify(play)), play);
    assert.deepEqual(play.steps.map((s) => s.beat), ['keep_watch', 'finds_boat', 'reunion']);
    assert.deepEqual(play.conflicts.map((c) => [c.code, c.beat, c.path]), [['C201', 'reunion', [{ choice: 'keep_watch', option: 'search' }]]]);
    assert.deepEqual(play.steps[2]!.conflicts, [play.conflicts[0]!.id]);
    assert.equal(playthrough(result, { from: 'nowhere' }), undefined);
  });

  it('measures every path as plain data, counts as decimal strings', () => {
    const stats = pathStatistics(result);
    assert.deepEqual(JSON.parse(JSON.stringify(stats)), stats);
    assert.equal(stats.paths, '2');
    assert.deepEqual(stats.coverage.conflicts.map((c) => [c.code, c.paths, c.share]), [['C201', '1', '1/2']]);
  });

  it('needs the result analyse returned', () => {
    const copy = JSON.parse(JSON.stringify(result));
    assert.throws(() => playthrough(copy, {}), /playthrough: pass the result that analyse\(\) returned/);
    assert.throws(() => pathStatistics(copy), /pathStatistics: pass the result that analyse\(\) returned/);
  });
});
