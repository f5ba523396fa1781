/**
 * The story map's messages between the extension and its webview
 * (client/src/story-map/protocol.ts). Whatever the page posts is untrusted:
 * parseFromWebview must let through only the messages the view sends, with
 * fields of the right types and sizes, as new objects holding only those
 * fields; anything else is dropped. parseToWebview is the page's own check
 * of what the extension sends.
 */
import assert from 'node:assert/strict';
import { MAX_EXPANDED, MAX_EXPORT, MAX_ID, parseFromWebview, parseToWebview, type PageView } from '../src/story-map/protocol.js';

/** A PNG of one pixel, as the view's canvas would export it (base64). */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

function view(overrides: Record<string, unknown> = {}): PageView {
  return {
    title: 'A story',
    expanded: [],
    nodes: [{
      id: 'a', kind: 'event', name: 'a', title: null, scale: 'micro', arc: null, time: 1, choice: null, branch: null,
      characters: ['mara'], conflicts: [],
    }],
    groups: [],
    collapsed: [{
      id: 'big', title: null, scale: 'macro', parent: null, beats: 3, arcs: 1,
      counts: { error: 1, warning: 0, information: 0, hint: 0 },
      conflicts: [{ id: 'T101:x:causes:y', code: 'T101', severity: 'error', message: 'x causes y', related: [] }],
    }],
    edges: [{ from: 'a', to: 'big', kind: 'flow', count: 2 }],
    unplaced: [],
    totals: { nodes: 4, arcs: 2, conflicts: { error: 1, warning: 0, information: 0, hint: 0 } },
    facets: { characters: ['mara'], codes: ['T101'], arcs: ['big', 'inner'] },
    ...overrides,
  } as unknown as PageView;
}

describe('story map messages from the webview (parseFromWebview)', () => {
  it('lets through each message the view sends, as it was sent', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'reveal', id: 'keep_watch.search' }), { type: 'reveal', id: 'keep_watch.search' });
    assert.deepEqual(parseFromWebview({ type: 'rendered', version: 3, nodes: 10, millis: 12.5 }), { type: 'rendered', version: 3, nodes: 10, millis: 12.5 });
    assert.deepEqual(parseFromWebview({ type: 'export', format: 'svg', data: SVG }), { type: 'export', format: 'svg', data: SVG });
    assert.deepEqual(parseFromWebview({ type: 'export', format: 'png', data: PNG }), { type: 'export', format: 'png', data: PNG });
    assert.deepEqual(parseFromWebview({ type: 'expand', expanded: ['a', 'b'] }), { type: 'expand', expanded: ['a', 'b'] });
    assert.deepEqual(parseFromWebview({ type: 'expand', expanded: 'all' }), { type: 'expand', expanded: 'all' });
    assert.deepEqual(parseFromWebview({ type: 'expand', expanded: [] }), { type: 'expand', expanded: [] });
    assert.deepEqual(parseFromWebview({ type: 'filter', filters: { character: 'mara', search: 'storm', code: '' } }),
      { type: 'filter', filters: { character: 'mara', search: 'storm' } }, 'empty filters are no filter');
    assert.deepEqual(parseFromWebview({ type: 'find', query: 'lamp' }), { type: 'find', query: 'lamp' });
  });

  it('drops what is not a message: other values, unknown and missing types', () => {
    for (const value of [undefined, null, 0, 'ready', true, [], [{ type: 'ready' }], () => undefined, {}, { type: 'Ready' },
      { type: 'eval', code: 'alert(1)' }, { type: 'showSaveDialog' }, { type: ['ready'] }, { type: { toString: () => 'ready' } }]) {
      assert.equal(parseFromWebview(value), undefined, String(JSON.stringify(value)));
    }
  });

  it('drops fields of the wrong type', () => {
    const bad: unknown[] = [
      { type: 'reveal' }, { type: 'reveal', id: 42 }, { type: 'reveal', id: '' }, { type: 'reveal', id: ['a'] }, { type: 'reveal', id: { id: 'a' } },
      { type: 'rendered', version: '3', nodes: 1, millis: 1 }, { type: 'rendered', version: 3, nodes: Number.NaN, millis: 1 },
      { type: 'rendered', version: 3, nodes: 1, millis: Infinity }, { type: 'rendered', version: 3, nodes: 1 },
      { type: 'export', format: 'svg' }, { type: 'export', format: 'svg', data: 7 }, { type: 'export', format: 'gif', data: SVG },
      { type: 'export', format: ['svg'], data: SVG }, { type: 'export', format: 'svg', data: '' },
      { type: 'expand' }, { type: 'expand', expanded: 'some' }, { type: 'expand', expanded: [1, 2] }, { type: 'expand', expanded: ['a', ''] },
      { type: 'expand', expanded: { 0: 'a', length: 1 } }, { type: 'expand', expanded: null },
      { type: 'filter' }, { type: 'filter', filters: 'mara' }, { type: 'filter', filters: ['mara'] }, { type: 'filter', filters: { character: 3 } },
      { type: 'filter', filters: { search: { toString: () => 'x' } } }, { type: 'filter', filters: null },
      { type: 'find' }, { type: 'find', query: 1 }, { type: 'find', query: null },
    ];
    for (const value of bad) assert.equal(parseFromWebview(value), undefined, JSON.stringify(value));
  });

  it('drops oversize fields', () => {
    const long = 'x'.repeat(MAX_ID + 1);
    assert.equal(parseFromWebview({ type: 'reveal', id: long }), undefined);
    assert.equal(parseFromWebview({ type: 'find', query: long }), undefined);
    assert.equal(parseFromWebview({ type: 'filter', filters: { search: long } }), undefined);
    assert.equal(parseFromWebview({ type: 'expand', expanded: [long] }), undefined);
    assert.equal(parseFromWebview({ type: 'expand', expanded: Array.from({ length: MAX_EXPANDED + 1 }, (_, i) => `a${i}`) }), undefined);
    assert.ok(parseFromWebview({ type: 'reveal', id: 'x'.repeat(MAX_ID) }), 'at the limit');
    const huge = `<svg>${' '.repeat(MAX_EXPORT)}</svg>`;
    assert.equal(parseFromWebview({ type: 'export', format: 'svg', data: huge }), undefined);
    const hugePng = PNG.slice(0, -4) + 'A'.repeat(MAX_EXPORT);
    assert.equal(parseFromWebview({ type: 'export', format: 'png', data: hugePng }), undefined);
  });

  it('takes as PNG only base64 that starts like a PNG file, and as SVG only an SVG document', () => {
    const notPng = [
      'not base64 at all!', `${PNG}!`, PNG.replace('A', '*'), PNG.replace(/==$/, '=A='), `data:image/png;base64,${PNG}`,
      Buffer.from('GIF89a not a png').toString('base64'), Buffer.from(SVG).toString('base64'), PNG.slice(0, -2), `${PNG}====`, ' ' + PNG,
    ];
    for (const data of notPng) assert.equal(parseFromWebview({ type: 'export', format: 'png', data }), undefined, data);
    const notSvg = [
      '<html><script>alert(1)</script></html>', '<?xml version="1.0"?><svg></svg>x', 'svg', PNG, `<svgx>${SVG}`,
      '<script>alert(1)</script><svg></svg>', '<svg xmlns="http://www.w3.org/2000/svg">', ` ${SVG}`,
    ];
    for (const data of notSvg) assert.equal(parseFromWebview({ type: 'export', format: 'svg', data }), undefined, data);
    // A PNG's data is not an SVG, and an SVG's is not a PNG.
    assert.equal(parseFromWebview({ type: 'export', format: 'svg', data: PNG }), undefined);
    assert.equal(parseFromWebview({ type: 'export', format: 'png', data: SVG }), undefined);
  });

  it('returns new objects with only the checked fields, whatever else a message holds', () => {
    const hostile = JSON.parse('{"type":"reveal","id":"a","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"extra":1}') as unknown;
    const message = parseFromWebview(hostile);
    assert.deepEqual(message, { type: 'reveal', id: 'a' });
    assert.equal(Object.getPrototypeOf(message), Object.prototype);
    assert.deepEqual(Object.keys(message!), ['type', 'id']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
    const filters = parseFromWebview(JSON.parse('{"type":"filter","filters":{"__proto__":{"search":"x"},"character":"mara","toString":"y"}}'));
    assert.deepEqual(filters, { type: 'filter', filters: { character: 'mara' } });
    assert.equal(Object.getPrototypeOf((filters as { filters: object }).filters), Object.prototype);
    // A list is copied: changing the page's array later changes nothing here.
    const list = ['a'];
    const expand = parseFromWebview({ type: 'expand', expanded: list }) as unknown as { expanded: string[] };
    list.push('b');
    assert.deepEqual(expand.expanded, ['a']);
    // An object with its type only on its prototype, or behind a getter, is not a message.
    assert.equal(parseFromWebview(Object.create({ type: 'ready' })), undefined);
    let reads = 0;
    const getter = { get type() { reads++; return 'ready'; } };
    assert.equal(parseFromWebview(getter), undefined);
    assert.equal(reads, 0, 'no getter of the message runs');
  });
});

describe('story map messages to the webview (parseToWebview)', () => {
  it('lets through a map and a selection', () => {
    const map = parseToWebview({ type: 'map', version: 2, view: view() });
    assert.equal(map?.type, 'map');
    assert.deepEqual(map, { type: 'map', version: 2, view: view() });
    assert.deepEqual(parseToWebview({ type: 'select', id: 'a' }), { type: 'select', id: 'a' });
    assert.deepEqual(parseToWebview({ type: 'select', id: null }), { type: 'select', id: null });
    const answered = view({ matched: ['big'], found: 'a', highlight: { conflict: { id: 'c', code: 'T101', severity: 'error', message: 'm' }, owner: 'a', ids: ['a'] } });
    assert.ok(parseToWebview({ type: 'map', version: 2, view: answered }));
    assert.ok(parseToWebview({ type: 'map', version: 2, view: view({ highlight: null, found: null, expanded: 'all' }) }));
  });

  it('drops malformed maps and messages', () => {
    const bad: unknown[] = [
      null, { type: 'map' }, { type: 'map', version: '1', view: view() }, { type: 'map', version: 1, view: [] },
      { type: 'map', version: 1, view: view({ nodes: 'a' }) },
      { type: 'map', version: 1, view: view({ nodes: [{ id: 3, kind: 'event', conflicts: [] }] }) },
      { type: 'map', version: 1, view: view({ nodes: [{ id: 'a', kind: 'event', name: 'a', scale: 'micro', characters: ['m'], conflicts: [{ id: 'x' }] }] }) },
      { type: 'map', version: 1, view: view({ edges: [{ from: 'a', to: { id: 'b' }, kind: 'flow', count: 1 }] }) },
      { type: 'map', version: 1, view: view({ edges: [{ from: 'a', to: 'b', kind: 'flow' }] }) },
      { type: 'map', version: 1, view: view({ collapsed: [{ id: 'big', scale: 'macro', beats: '3', counts: {}, conflicts: [] }] }) },
      { type: 'map', version: 1, view: view({ expanded: 'some' }) },
      { type: 'map', version: 1, view: view({ matched: [1] }) },
      { type: 'map', version: 1, view: view({ found: 7 }) },
      { type: 'map', version: 1, view: view({ highlight: { ids: 'a' } }) },
      { type: 'map', version: 1, view: view({ facets: { characters: [], codes: [] } }) },
      { type: 'map', version: 1, view: view({ totals: { nodes: 'many' } }) },
      { type: 'select', id: 3 }, { type: 'select', id: '' }, { type: 'select' },
      { type: 'highlight', conflictId: 'x' }, { type: 'ready' }, { type: 'reveal', id: 'a' },
    ];
    for (const value of bad) assert.equal(parseToWebview(value), undefined, JSON.stringify(value));
  });
});
