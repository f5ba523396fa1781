/**
 * The player's requests against the real language server: `arc/playthrough`
 * (from the start, from a beat by name or by position, picks by name, kept
 * across an edit, a vanished option stopping the run with a note, each step
 * located) and `arc/pathStatistics`, the "Play from here" code lenses, and
 * bad parameters answered with InvalidParams.
 */
import assert from 'node:assert/strict';
import { createWorkspace, LspTestClient, type TempWorkspace } from './lsp-client.js';

interface Step {
  beat: string;
  prose: string[];
  uri: string;
  range: { start: { line: number; character: number } };
  extent: { start: { line: number; character: number }; end: { line: number; character: number } };
  state: { characters: Record<string, { status: string }> };
  conflicts: string[];
}
interface PlayAnswer {
  root: string;
  version: number;
  title: string | null;
  play: {
    from: string | null;
    picks: { choice: string; option: string }[];
    steps: Step[];
    next: { choice: string; options: { option: string }[] } | null;
    ended: boolean;
    conflicts: { id: string; code: string }[];
    notes: string[];
  };
  limits: Record<string, number> | null;
}
interface StatisticsAnswer {
  version: number;
  statistics: { paths: string; beats: { min: number; max: number } };
  worst: { id: string; label: string; picks: { choice: string; option: string }[]; points: { beat: string; intensity: number }[] }[];
}
interface Lens { range: { start: { line: number } }; command?: { title: string; command: string; arguments?: unknown[] } }

const STORY = [
  'include "people.arc"',
  'story "The <b>Test</b>" { limits { max 7  spike 3 } }',
  'event storm @1 { with mara  intensity 4',
  '  > The wind rose.',
  '}',
  'choice keep_watch @2 "What now?" {',
  '  option vigil "Keep the lamp lit" { event breathing @3 { with mara  intensity 2 } }',
  '  option search "Go down" { event loss @3 { with mara  intensity 6  kills tom } }',
  '}',
  'event dawn @4 { with tom }',
  '',
].join('\n');

describe('language server: the player requests', () => {
  let ws: TempWorkspace;
  let client: LspTestClient;
  let main: string;

  before(async () => {
    ws = createWorkspace({ 'main.arc': STORY, 'people.arc': 'character mara\ncharacter tom\n' });
    main = ws.uri('main.arc');
    client = await LspTestClient.start({ folders: [ws.folder] });
    await client.diagnosticsFor(main, undefined, 20_000);
    await client.open(main, STORY, 1);
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    ws?.remove();
  });

  it('plays from the start to the first choice, each step with its prose and location', async () => {
    const answer = await client.request<PlayAnswer>('arc/playthrough', { uri: main });
    assert.equal(answer.root, main);
    assert.equal(answer.title, 'The <b>Test</b>');
    assert.deepEqual(answer.play.steps.map((s) => s.beat), ['storm', 'keep_watch']);
    assert.deepEqual(answer.play.steps[0]!.prose, ['The wind rose.']);
    assert.equal(answer.play.steps[0]!.uri, main);
    assert.deepEqual(answer.play.steps[0]!.range.start, { line: 2, character: 6 });
    assert.deepEqual(answer.play.steps[0]!.extent.end, { line: 4, character: 1 });
    assert.equal(answer.play.next?.choice, 'keep_watch');
    assert.deepEqual(answer.play.next?.options.map((o) => o.option), ['vigil', 'search']);
    assert.deepEqual(answer.limits, { max: 7, spike: 3, within: 3 });
  });

  it('takes picks by name, with the state and the conflicts of that path', async () => {
    const answer = await client.request<PlayAnswer>('arc/playthrough', { uri: main, picks: { keep_watch: 'search' } });
    assert.deepEqual(answer.play.steps.map((s) => s.beat), ['storm', 'keep_watch', 'loss', 'dawn']);
    assert.equal(answer.play.steps[2]!.state.characters.tom!.status, 'killed');
    assert.ok(answer.play.ended);
    assert.deepEqual(answer.play.picks, [{ choice: 'keep_watch', option: 'search' }]);
    // tom is with the dawn after he was killed, on this path only.
    assert.deepEqual(answer.play.conflicts.map((c) => c.code), ['C201']);
    assert.deepEqual(answer.play.steps[3]!.conflicts, [answer.play.conflicts[0]!.id]);
    const other = await client.request<PlayAnswer>('arc/playthrough', { uri: main, picks: { keep_watch: 'vigil' } });
    assert.deepEqual(other.play.conflicts, []);
  });

  it('plays from a beat named, or from the beat at a position (the start outside every beat)', async () => {
    const named = await client.request<PlayAnswer>('arc/playthrough', { uri: main, from: 'loss' });
    assert.equal(named.play.from, 'loss');
    assert.deepEqual(named.play.steps.map((s) => s.beat), ['loss', 'dawn']);
    assert.deepEqual(named.play.picks, [{ choice: 'keep_watch', option: 'search' }]);
    const at = await client.request<PlayAnswer>('arc/playthrough', { uri: main, position: { line: 6, character: 52 } });
    assert.equal(at.play.from, 'breathing');
    const outside = await client.request<PlayAnswer>('arc/playthrough', { uri: main, position: { line: 1, character: 2 } });
    assert.equal(outside.play.from, null);
    assert.equal(outside.play.steps[0]!.beat, 'storm');
  });

  it('replays the same picks after an edit, and stops with a note where an option vanished', async () => {
    const before = await client.request<PlayAnswer>('arc/playthrough', { uri: main, picks: { keep_watch: 'search' } });
    const edited = STORY.replace('The wind rose.', 'The wind howled.');
    await client.change(main, 2, [{ text: edited }]);
    const after = await client.request<PlayAnswer>('arc/playthrough', { uri: main, picks: { keep_watch: 'search' } });
    assert.ok(after.version > before.version);
    assert.deepEqual(after.play.steps[0]!.prose, ['The wind howled.']);
    assert.deepEqual(after.play.steps.map((s) => s.beat), before.play.steps.map((s) => s.beat));
    await client.change(main, 3, [{ text: edited.replace('option search "Go down"', 'option wander "Go down"') }]);
    const gone = await client.request<PlayAnswer>('arc/playthrough', { uri: main, picks: { keep_watch: 'search' } });
    assert.deepEqual(gone.play.steps.map((s) => s.beat), ['storm', 'keep_watch']);
    assert.equal(gone.play.ended, false);
    assert.equal(gone.play.next, null);
    assert.match(gone.play.notes.join('\n'), /keep_watch` has no option `search` any more/);
    await client.change(main, 4, [{ text: STORY }]);
  });

  it('answers the statistics over every path, with the version', async () => {
    const answer = await client.request<StatisticsAnswer>('arc/pathStatistics', { uri: ws.uri('people.arc') });
    assert.equal(answer.statistics.paths, '2');
    assert.deepEqual(answer.statistics.beats, { min: 4, max: 4 });
    // The highest peak (6, in `loss`) and the worst rise (4 to 6) are both on keep_watch → search: one curve.
    assert.deepEqual(answer.worst.map((c) => [c.id, c.picks, c.points.map((p) => `${p.beat} ${p.intensity}`)]),
      [['peak-spike', [{ choice: 'keep_watch', option: 'search' }], ['storm 4', 'loss 6']]]);
    assert.equal(typeof answer.version, 'number');
  });

  it('puts "Play from here" on the story header and on every beat with a time', async () => {
    const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri: main } });
    const plays = lenses.filter((l) => l.command?.command === 'arc.playFromHere');
    assert.deepEqual(plays.map((l) => l.range.start.line), [1, 2, 5, 6, 7, 9]);
    assert.ok(plays.every((l) => l.command!.title === '▷ Play from here'));
    assert.deepEqual(plays[0]!.command!.arguments, [{ uri: main }]);
    assert.deepEqual(plays[1]!.command!.arguments, [{ uri: main, from: 'storm' }]);
  });

  it('refuses malformed parameters and unknown beats', async () => {
    await assert.rejects(client.request('arc/playthrough', {}), /takes \{ uri/);
    await assert.rejects(client.request('arc/playthrough', { uri: main, picks: [] }), /picks must be an object/);
    await assert.rejects(client.request('arc/playthrough', { uri: main, picks: { keep_watch: 3 } }), /maps a choice's name/);
    await assert.rejects(client.request('arc/playthrough', { uri: main, from: 'storm', position: { line: 0, character: 0 } }), /not both/);
    await assert.rejects(client.request('arc/playthrough', { uri: main, position: { line: 'x' } }), /`position` must be/);
    await assert.rejects(client.request('arc/playthrough', { uri: main, from: 'nowhere' }), /no beat `nowhere`/);
    await assert.rejects(client.request('arc/playthrough', { uri: 'file:///elsewhere/x.arc' }), /not an Arc document the server knows/);
    await assert.rejects(client.request('arc/pathStatistics', { uri: 7 }), /takes \{ uri \}/);
  });
});
