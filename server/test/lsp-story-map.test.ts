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

  it('refuses parameters without a uri, and documents it does not know', async () => {
    await assert.rejects(client.request('arc/storyMap', {}), /takes \{ uri \}/);
    await assert.rejects(client.request('arc/storyMap', { uri: 42 }), /takes \{ uri \}/);
    await assert.rejects(client.request('arc/storyMap', { uri: 'file:///elsewhere/x.arc' }), /not an Arc document the server knows/);
  });
});
