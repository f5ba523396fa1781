/**
 * The library API (src/api.ts) from a caller's side: a multi-file story
 * held in strings, plain data out, repairs and impact by id and name, fix-all
 * without writing anything, a caller's own host, and clear errors on misuse.
 */
import assert from 'node:assert/strict';
import {
  analyse, CancelledError, fixAll, impact, MemoryHost, repairs, type AnalysisResult,
} from '../src/index.js';

const MAIN = [
  'include "parts/cast.arc"',
  '',
  'story "The Lighthouse Keeper" {',
  '  themes grief',
  '  goal grounding "Practise grounding"',
  '}',
  '',
  'arc storm meso "The storm night" {',
  '  event lamp_fails @2 { with mara  intensity 5  causes ship_in_danger }',
  '  event ship_in_danger @1 { with tom  intensity 6 }',
  '  choice keep_watch @4 "What does Mara do?" {',
  '    option vigil "Keep the lamp lit" { event breathing @5 { with mara  addresses grounding } }',
  '    option search "Go down to the harbor" { event finds_boat @5 { with mara  kills tom } }',
  '  }',
  '  event dawn @6 { with mara, tom  resolves storm }',
  '}',
  '',
].join('\n');
const CAST = 'character mara "The keeper"\ncharacter tom\n';

const FILES = { 'main.arc': MAIN, 'parts/cast.arc': CAST };

function codes(result: AnalysisResult): string[] {
  return result.conflicts.map((c) => c.code).sort();
}

describe('library API: analyse', () => {
  const result = analyse({ files: FILES, root: 'main.arc' });

  it('reads the includes and reports every conflict as plain data', () => {
    assert.deepEqual(result.files, ['main.arc', 'parts/cast.arc']);
    assert.deepEqual(codes(result), ['C201', 'T101', 'W405']);
    // JSON-serialisable, and what comes back equals what went in.
    assert.deepEqual(JSON.parse(JSON.stringify(result)), result);
  });

  it('gives each conflict its id, file, 0-based range, offsets, related beats and witness path', () => {
    const t101 = result.conflicts.find((c) => c.code === 'T101')!;
    assert.equal(t101.file, 'main.arc');
    assert.equal(t101.severity, 'error');
    assert.match(t101.id, /^T101:/);
    assert.deepEqual(t101.range, { start: { line: 8, character: 55 }, end: { line: 8, character: 69 } });
    assert.equal(MAIN.slice(t101.offsets.start, t101.offsets.end), 'ship_in_danger');
    assert.equal(t101.related[0]?.file, 'main.arc');
    assert.deepEqual(t101.path, []);
    const c201 = result.conflicts.find((c) => c.code === 'C201')!;
    assert.deepEqual(c201.path, [{ choice: 'keep_watch', option: 'search' }]);
  });

  it('lists the symbols with their kinds, scales, times and files', () => {
    const mara = result.symbols.find((s) => s.name === 'mara')!;
    assert.equal(mara.kind, 'character');
    assert.equal(mara.file, 'parts/cast.arc');
    const option = result.symbols.find((s) => s.name === 'keep_watch.search')!;
    assert.deepEqual([option.kind, option.choice], ['option', 'keep_watch']);
    const dawn = result.symbols.find((s) => s.name === 'dawn')!;
    assert.deepEqual([dawn.kind, dawn.scale, dawn.time, dawn.arc], ['event', 'meso', 6, 'storm']);
  });

  it('applies `rules` over the story, and turns codes off', () => {
    const quiet = analyse({ files: FILES, root: 'main.arc', rules: { W405: 'off', C201: 'error' } });
    assert.deepEqual(codes(quiet), ['C201', 'T101']);
    assert.equal(quiet.conflicts.find((c) => c.code === 'C201')!.severity, 'error');
  });

  it('reports a missing include or root as E004, never throwing', () => {
    assert.deepEqual(codes(analyse({ files: { 'main.arc': 'include "gone.arc"\n' }, root: 'main.arc' })), ['E004']);
    assert.deepEqual(codes(analyse({ files: {}, root: 'main.arc' })), ['E004']);
    assert.deepEqual(codes(analyse({ files: { 'main.arc': 'include "../../etc/passwd"\n' }, root: 'main.arc' })), ['E004']);
  });

  it('reads through a host the caller supplies', () => {
    const host = new MemoryHost(new Map([['/story/main.arc', MAIN], ['/story/parts/cast.arc', CAST]]), '/story');
    const viaHost = analyse({ host, root: '/story/main.arc' });
    assert.deepEqual(viaHost.files, ['/story/main.arc', '/story/parts/cast.arc']);
    assert.deepEqual(codes(viaHost), codes(result));
  });

  it('stops when cancelled', () => {
    assert.throws(() => analyse({ files: FILES, root: 'main.arc', token: { isCancellationRequested: true } }), CancelledError);
  });

  it('refuses files that are not texts with a clear TypeError', () => {
    assert.throws(() => analyse({ files: { 'main.arc': 42 as unknown as string }, root: 'main.arc' }), /the text of "main.arc" must be a string/);
  });
});

describe('library API: impact, repairs, fixAll', () => {
  const result = analyse({ files: FILES, root: 'main.arc' });

  it('tells the impact of a beat, and of a choice per option', () => {
    const report = impact(result, 'keep_watch')!;
    assert.equal(report.kind, 'choice');
    assert.deepEqual(report.options.map((o) => [o.option, o.charactersKilled]), [['keep_watch.vigil', []], ['keep_watch.search', ['tom']]]);
    assert.equal(impact(result, 'nobody'), undefined);
  });

  it('gives verified repairs of a conflict by its id, best first, as text changes', () => {
    const t101 = result.conflicts.find((c) => c.code === 'T101')!;
    const found = repairs(result, t101.id);
    assert.ok(found.length > 0);
    assert.equal(found[0]!.preferred, true);
    assert.equal(found.filter((r) => r.preferred).length, 1);
    for (const repair of found) {
      for (const change of repair.changes) assert.ok(change.file === 'main.arc' || change.file === 'parts/cast.arc');
    }
    assert.deepEqual(repairs(result, 'no-such-id'), []);
  });

  it('fixes all it can without writing anything, and returns the project analysed again', () => {
    const outcome = fixAll(result);
    assert.ok(outcome.applied.length >= 1);
    assert.ok('main.arc' in outcome.files);
    assert.ok(outcome.result.conflicts.length < result.conflicts.length);
    // The new texts analyse to exactly what the outcome says.
    const again = analyse({ files: { ...FILES, ...outcome.files }, root: 'main.arc' });
    assert.deepEqual(codes(again), codes(outcome.result));
    // Only conflicts of one code, or of some files.
    assert.deepEqual(fixAll(result, { code: 'T101' }).applied.map((a) => a.code), ['T101']);
    assert.deepEqual(fixAll(result, { files: ['parts/cast.arc'] }).applied, []);
  });

  it('refuses a copy of a result, which has no analysed project attached', () => {
    const copy = JSON.parse(JSON.stringify(result)) as AnalysisResult;
    assert.throws(() => repairs(copy, copy.conflicts[0]!.id), /pass the result that analyse\(\) returned/);
    assert.throws(() => impact(copy, 'dawn'), TypeError);
    assert.throws(() => fixAll(copy), TypeError);
  });
});
