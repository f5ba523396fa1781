/**
 * The `arc/storyMap` request of the language server: the map of the project
 * of a document, from the analysed snapshot, with LSP ranges and a version
 * that grows with edits; bad parameters are InvalidParams.
 */
import assert from 'node:assert/strict';
import { createWorkspace, LspTestClient, type TempWorkspace } from './lsp-client.js';

interface MapAnswer {
  root: string;
  version: number;
  map: {
    nodes: { id: string; uri: string; range: { start: { line: number; character: number } }; conflicts: { code: string; id: string }[] }[];
    edges: { from: string; to: string; kind: string }[];
    groups: { id: string; parent: string | null }[];
  };
}

interface ViewAnswer {
  version: number;
  view: {
    expanded: 'all' | string[];
    nodes: { id: string; range: { start: { line: number; character: number } } }[];
    collapsed: { id: string; beats: number; uri: string; range: { start: object }; extent: { end: object } }[];
    edges: { from: string; to: string; kind: string; count: number }[];
    totals: { nodes: number };
    found?: string | null;
    matched?: string[];
  };
}

describe('language server: arc/storyMap', () => {
  let ws: TempWorkspace;
  let client: LspTestClient;

  before(async () => {
    ws = createWorkspace({
      'main.arc': 'include "people.arc"\narc part macro {\n  event a @1 { with mara  causes b }\n  event b @2 { with mara }\n}\n',
      'people.arc': 'character mara\n',
    });
    client = await LspTestClient.start({ folders: [ws.folder] });
    await client.diagnosticsFor(ws.uri('main.arc'), undefined, 20_000);
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    ws?.remove();
  });

  it('answers with the map of the project, ranges as lines and characters, and the version', async () => {
    const answer = await client.request<MapAnswer>('arc/storyMap', { uri: ws.uri('people.arc') });
    assert.equal(answer.root, ws.uri('main.arc'));
    assert.deepEqual(answer.map.nodes.map((n) => n.id), ['a', 'b']);
    assert.equal(answer.map.nodes[0]!.uri, ws.uri('main.arc'));
    assert.deepEqual(answer.map.nodes[0]!.range.start, { line: 2, character: 8 });
    assert.deepEqual(answer.map.edges.map((e) => `${e.kind} ${e.from} ${e.to}`), ['flow a b', 'causes a b']);
    assert.deepEqual(answer.map.groups, answer.map.groups.filter((g) => g.id === 'part' && g.parent === null));
    assert.equal(typeof answer.version, 'number');
  });

  it('follows an edit: a newer version, with the new conflict on its node', async () => {
    const original = 'include "people.arc"\narc part macro {\n  event a @1 { with mara  causes b }\n  event b @2 { with mara }\n}\n';
    await client.open(ws.uri('main.arc'), original, 1);
    const before = await client.request<MapAnswer>('arc/storyMap', { uri: ws.uri('main.arc') });
    const text = 'include "people.arc"\narc part macro {\n  event a @3 { with mara  causes b }\n  event b @2 { with mara }\n}\n';
    await client.change(ws.uri('main.arc'), 2, [{ text }]);
    const after = await client.request<MapAnswer>('arc/storyMap', { uri: ws.uri('main.arc') });
    assert.ok(after.version > before.version, `${after.version} > ${before.version}`);
    const a = after.map.nodes.find((n) => n.id === 'a')!;
    assert.deepEqual(a.conflicts.map((c) => c.code), ['T101']);
    assert.match(a.conflicts[0]!.id, /^T101:a:causes:b/);
  });

  it('answers a view with only what is drawn: a big story\'s arcs collapsed, with ranges, and an arc opened on request', async () => {
    const lines = ['character mara'];
    for (let a = 0; a < 3; a++) {
      lines.push(`arc part${a} macro {`);
      for (let i = 0; i < 150; i++) lines.push(`  event p${a}_${i} @${a * 150 + i + 1} { with mara }`);
      lines.push('}');
    }
    const uri = ws.uri('big.arc');
    await client.open(uri, `${lines.join('\n')}\n`, 1);
    await client.diagnosticsFor(uri, 1, 20_000);
    const collapsed = await client.request<ViewAnswer>('arc/storyMap', { uri, view: {} });
    assert.deepEqual(collapsed.view.expanded, []);
    assert.deepEqual(collapsed.view.nodes, []);
    assert.deepEqual(collapsed.view.collapsed.map((a) => [a.id, a.beats, a.uri, a.range.start]), [
      ['part0', 150, uri, { line: 1, character: 4 }],
      ['part1', 150, uri, { line: 153, character: 4 }],
      ['part2', 150, uri, { line: 305, character: 4 }],
    ]);
    assert.deepEqual(collapsed.view.collapsed[0]!.extent.end, { line: 152, character: 1 });
    assert.deepEqual(collapsed.view.edges.map((e) => `${e.kind} ${e.from} ${e.to} ${e.count}`), ['flow part0 part1 1', 'flow part1 part2 1']);
    assert.equal(collapsed.view.totals.nodes, 450);
    const opened = await client.request<ViewAnswer>('arc/storyMap', { uri, view: { expanded: ['part1'], find: 'p2_7' } });
    assert.deepEqual(opened.view.expanded, ['part1', 'part2']);
    assert.equal(opened.view.found, 'p2_7');
    assert.equal(opened.view.nodes.length, 300);
    assert.deepEqual(opened.view.nodes.find((n) => n.id === 'p1_0')!.range.start, { line: 154, character: 8 });
    const searched = await client.request<ViewAnswer>('arc/storyMap', { uri, view: { filters: { search: 'p1_14' } } });
    assert.deepEqual(searched.view.matched, ['part1']);
  });

  it('refuses parameters without a uri or with a malformed view, and documents it does not know', async () => {
    await assert.rejects(client.request('arc/storyMap', {}), /takes \{ uri, view\? \}/);
    await assert.rejects(client.request('arc/storyMap', { uri: 42 }), /takes \{ uri, view\? \}/);
    for (const view of [[], 'all', { expanded: 'some' }, { expanded: [1] }, { filters: { search: 7 } }, { filters: 'x' }, { find: {} }, { conflict: 3 },
      { find: 'x'.repeat(5000) }]) {
      await assert.rejects(client.request('arc/storyMap', { uri: ws.uri('main.arc'), view }), /takes \{ uri, view\? \}/, JSON.stringify(view));
    }
    await assert.rejects(client.request('arc/storyMap', { uri: 'file:///elsewhere/x.arc' }), /not an Arc document the server knows/);
  });
});
