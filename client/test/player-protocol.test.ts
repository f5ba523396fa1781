/**
 * The player's messages between the extension and its webview
 * (client/src/player/protocol.ts): parseFromWebview lets through only the
 * messages the page sends, as new objects of their checked fields; the
 * page's parseToWebview drops what is not a run, statistics, a selection or
 * an error.
 */
import assert from 'node:assert/strict';
import { parseFromWebview, parseToWebview, type PlayView } from '../src/player/protocol.js';
import { MAX_ID } from '../src/message-checks.js';

function run(overrides: Record<string, unknown> = {}): PlayView {
  return {
    version: 3, title: 'A story', from: null, path: [], picked: 0,
    steps: [{
      beat: 'a', kind: 'event', time: 1, title: null, prose: ['Hello'], intensity: 2,
      state: { characters: {}, arcs: {}, goals: {}, setups: [], intensity: 2 }, conflicts: [],
    }],
    next: { choice: 'c', time: 2, title: null, options: [{ option: 'x', title: null }] },
    ended: false, conflicts: [], notes: [], stopAt: null, focus: null, limits: null,
    ...overrides,
  } as PlayView;
}

describe('player webview messages', () => {
  it('lets through the messages the page sends, as new objects of their fields', () => {
    for (const type of ['ready', 'back', 'restart', 'fromStart', 'continue']) assert.deepEqual(parseFromWebview({ type, extra: 1 }), { type });
    assert.deepEqual(parseFromWebview({ type: 'pick', choice: 'keep_watch', option: 'search', x: 2 }), { type: 'pick', choice: 'keep_watch', option: 'search' });
    assert.deepEqual(parseFromWebview({ type: 'reveal', beat: 'dawn' }), { type: 'reveal', beat: 'dawn' });
    assert.deepEqual(parseFromWebview({ type: 'rendered', version: 4, steps: 7 }), { type: 'rendered', version: 4, steps: 7 });
  });

  it('drops anything else: wrong types, empty or oversize names, unknown types, non-objects', () => {
    const bad: unknown[] = [
      null, undefined, 'ready', 42, [], ['ready'], {}, { type: 'eval' }, { type: 'REVEAL', beat: 'a' },
      { type: 'pick', choice: 'c' }, { type: 'pick', choice: 'c', option: 7 }, { type: 'pick', choice: '', option: 'x' },
      { type: 'pick', choice: 'c'.repeat(MAX_ID + 1), option: 'x' }, { type: 'reveal', beat: { toString: () => 'a' } },
      { type: 'reveal' }, { type: 'rendered', version: Number.NaN, steps: 1 }, { type: 'rendered', version: 1, steps: Infinity },
      { type: 'rendered', version: '1', steps: 1 },
    ];
    for (const message of bad) assert.equal(parseFromWebview(message), undefined, JSON.stringify(message) ?? String(message));
  });

  it('reads no field from a prototype or a getter', () => {
    assert.equal(parseFromWebview(Object.create({ type: 'back' }) as unknown), undefined);
    const getter = { get type() { return 'reveal'; }, beat: 'a' };
    assert.equal(parseFromWebview(getter), undefined);
    const polluted = JSON.parse('{"type":"reveal","beat":"a","__proto__":{"beat":"b","polluted":true}}') as unknown;
    const parsed = parseFromWebview(polluted) as Record<string, unknown>;
    assert.deepEqual(parsed, { type: 'reveal', beat: 'a' });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('on the page: takes runs, statistics, selections and errors, and drops malformed ones', () => {
    assert.deepEqual(parseToWebview({ type: 'play', play: run() }), { type: 'play', play: run() });
    assert.equal(parseToWebview({ type: 'play', play: run({ steps: [{ beat: 'a' }] }) }), undefined);
    assert.equal(parseToWebview({ type: 'play', play: run({ next: { choice: 3 } }) }), undefined);
    assert.equal(parseToWebview({ type: 'play', play: run({ version: 'x' }) }), undefined);
    assert.ok(parseToWebview({ type: 'statistics', version: 1, statistics: { paths: '2' }, worst: [{ points: [] }] }));
    assert.equal(parseToWebview({ type: 'statistics', version: 1, statistics: { paths: '2' }, worst: [{}] }), undefined);
    assert.deepEqual(parseToWebview({ type: 'select', beat: null }), { type: 'select', beat: null });
    assert.equal(parseToWebview({ type: 'select', beat: '' }), undefined);
    assert.deepEqual(parseToWebview({ type: 'error', message: 'no' }), { type: 'error', message: 'no' });
    assert.equal(parseToWebview({ type: 'html', html: '<b>' }), undefined);
  });
});
