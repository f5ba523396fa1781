/**
 * Protocol tests of the language server's diagnostics against the real
 * server process: projects across includes, versions and cancellation,
 * workspace boundaries, indexing progress and settings.
 */
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver/node';
import { createWorkspace, LspTestClient, messageOf, positionOf, type TempWorkspace } from './lsp-client.js';
import { CHARACTERS, MAIN } from './lsp-stories.js';

const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => d.code).sort();

describe('language server: diagnostics', () => {
  let ws: TempWorkspace;
  let client: LspTestClient;
  let main: string;
  let characters: string;

  before(async () => {
    ws = createWorkspace({ 'main.arc': MAIN, 'characters.arc': CHARACTERS, 'notes/outside-include.arc': 'include "../../escape.arc"\n' });
    main = ws.uri('main.arc');
    characters = ws.uri('characters.arc');
    client = await LspTestClient.start({ folders: [ws.folder], settings: { analysisDelay: 20 } });
  });

  after(async () => {
    const code = await client.stop();
    ws.remove();
    assert.equal(code, 0, 'the server exits with 0 after shutdown + exit');
  });

  it('reports work-done progress while indexing the workspace', async () => {
    const end = await client.waitForProgress((p) => p.value.kind === 'end');
    const events = client.progress.filter((p) => p.token === end.token);
    assert.equal(events[0]!.value.kind, 'begin');
    assert.match(events[0]!.value.title!, /Indexing/);
    assert.ok(events.some((p) => p.value.kind === 'report' && /3 of 3 files/.test(p.value.message ?? '')), JSON.stringify(events));
    assert.ok(client.progressCreated.includes(end.token), 'the token was created with window/workDoneProgress/create');
  });

  it('analyses every workspace project on start, an included file as part of its root', async () => {
    const published = await client.diagnosticsFor(main);
    assert.deepEqual(codes(published.diagnostics), ['C201', 'W405', 'W405']);
    const included = await client.diagnosticsFor(characters);
    assert.deepEqual(included.diagnostics, [], 'characters.arc is analysed with main.arc: no E002, no U601');
  });

  it('publishes code, source, witness path (message and data) and related locations', async () => {
    await client.open(main, MAIN, 1);
    const published = await client.diagnosticsFor(main, 1);
    const c201 = published.diagnostics.find((d) => d.code === 'C201')!;
    assert.equal(c201.source, 'arc');
    assert.deepEqual(c201.range.start, positionOf(MAIN, 'tom  stage'));
    assert.match(messageOf(c201), /keep_watch → search/);
    assert.deepEqual((c201.data as { path: unknown }).path, [{ choice: 'keep_watch', option: 'search' }]);
    assert.equal(c201.relatedInformation?.length, 1);
    assert.equal(c201.relatedInformation![0]!.location.uri, main);
    assert.deepEqual(c201.relatedInformation![0]!.location.range.start, positionOf(MAIN, 'finds_boat'));
  });

  it('re-analyses the root when an included file is edited', async () => {
    await client.open(characters, CHARACTERS, 1);
    const renamed = CHARACTERS.replace('character tom "Tom"', 'character thomas "Tom"');
    const since = client.diagnostics.length;
    await client.change(characters, 2, [{ text: renamed }]);
    const published = await client.waitForDiagnostics((p) => p.uri === main && p.diagnostics.some((d) => d.code === 'E002'), 10_000, since);
    assert.equal(published.version, 1, 'main.arc itself did not change');
    assert.ok(published.diagnostics.filter((d) => d.code === 'E002').every((d) => /`tom`/.test(messageOf(d))));
    const unused = await client.waitForDiagnostics((p) => p.uri === characters && p.version === 2, 10_000, since);
    assert.deepEqual(codes(unused.diagnostics), ['U601'], '`thomas` is declared but never involved');
    // Back to the original.
    const back = client.diagnostics.length;
    await client.change(characters, 3, [{ text: CHARACTERS }]);
    const restored = await client.waitForDiagnostics((p) => p.uri === main && !p.diagnostics.some((d) => d.code === 'E002'), 10_000, back);
    assert.deepEqual(codes(restored.diagnostics), ['C201', 'W405', 'W405']);
    await client.close(characters);
  });

  it('never publishes an old version after a newer one; the last publication is the last version', async () => {
    const since = client.diagnostics.length;
    const storm = positionOf(MAIN, 'at harbor');
    // Ten rapid incremental edits: each inserts `with ghostN  ` (an undeclared character) before `at harbor`.
    let expected = MAIN;
    for (let version = 2; version <= 11; version++) {
      const insert = `with ghost${version}  `;
      await client.change(main, version, [{ range: { start: storm, end: storm }, text: insert }]);
      const offset = expected.indexOf('at harbor');
      expected = expected.slice(0, offset) + insert + expected.slice(offset);
    }
    const last = await client.diagnosticsFor(main, 11, 10_000, since);
    const ghosts = last.diagnostics.filter((d) => d.code === 'E002').map((d) => /`(ghost\d+)`/.exec(messageOf(d))?.[1]).sort();
    assert.deepEqual(ghosts, Array.from({ length: 10 }, (_, i) => `ghost${i + 2}`).sort(), 'the diagnostics are those of version 11');
    const versions = client.diagnostics.slice(since).filter((p) => p.uri === main).map((p) => p.version!);
    for (let i = 1; i < versions.length; i++) assert.ok(versions[i]! >= versions[i - 1]!, `publication order ${versions.join(', ')}`);
    // Undo them all, in one full-text change.
    const back = client.diagnostics.length;
    await client.change(main, 12, [{ text: MAIN }]);
    const restored = await client.diagnosticsFor(main, 12, 10_000, back);
    assert.deepEqual(codes(restored.diagnostics), ['C201', 'W405', 'W405']);
    assert.ok(expected.includes('ghost11'));
  });

  it('follows an include removed and added back by an edit: the file no longer included stands on its own', async () => {
    // main.arc is open, at version 12 (the test before).
    let since = client.diagnostics.length;
    await client.change(main, 13, [{ text: MAIN.replace('include "characters.arc"', '') }]);
    const alone = await client.waitForDiagnostics((p) => p.uri === characters && p.diagnostics.some((d) => d.code === 'U601'), 10_000, since);
    assert.ok(alone.diagnostics.every((d) => d.code === 'U601'), 'characters.arc is its own root: its characters are involved nowhere');
    const unresolved = await client.diagnosticsFor(main, 13);
    assert.ok(unresolved.diagnostics.some((d) => d.code === 'E002'), 'main.arc no longer sees the characters');
    since = client.diagnostics.length;
    await client.change(main, 14, [{ text: MAIN }]);
    const included = await client.waitForDiagnostics((p) => p.uri === characters && p.diagnostics.length === 0, 10_000, since);
    assert.deepEqual(included.diagnostics, []);
    assert.deepEqual(codes((await client.diagnosticsFor(main, 14)).diagnostics), ['C201', 'W405', 'W405']);
  });

  it('reports an include that leaves the workspace folders as E004', async () => {
    const outside = ws.uri('notes/outside-include.arc');
    const published = await client.diagnosticsFor(outside);
    assert.deepEqual(codes(published.diagnostics), ['E004']);
    assert.match(messageOf(published.diagnostics[0]!), /leaves the workspace/);
  });

  it('analyses a file outside the workspace on its own and clears it on close', async () => {
    const loose = createWorkspace({});
    try {
      const uri = loose.uri('loose.arc');
      await client.open(uri, 'event lonely @1 { with nobody }\n', 1);
      const published = await client.diagnosticsFor(uri, 1);
      assert.deepEqual(codes(published.diagnostics), ['E002']);
      const since = client.diagnostics.length;
      await client.close(uri);
      const cleared = await client.waitForDiagnostics((p) => p.uri === uri, 10_000, since);
      assert.deepEqual(cleared.diagnostics, []);
    } finally {
      loose.remove();
    }
  });

  it('follows files created and deleted on disk (workspace/didChangeWatchedFiles)', async () => {
    const lonely = ws.uri('lonely.arc');
    const places = ws.uri('places.arc');
    let since = client.diagnostics.length;
    ws.write('lonely.arc', 'include "places.arc"\nevent alone @1 { at pier }\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: lonely, type: 1 }] });
    const missing = await client.waitForDiagnostics((p) => p.uri === lonely, 10_000, since);
    assert.deepEqual(codes(missing.diagnostics), ['E002', 'E004'], 'places.arc does not exist yet');
    since = client.diagnostics.length;
    ws.write('places.arc', 'place pier "The pier"\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: places, type: 1 }] });
    const found = await client.waitForDiagnostics((p) => p.uri === lonely && p.diagnostics.length === 0, 10_000, since);
    assert.deepEqual(found.diagnostics, []);
    since = client.diagnostics.length;
    ws.removeFile('places.arc');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: places, type: 3 }] });
    const gone = await client.waitForDiagnostics((p) => p.uri === lonely && p.diagnostics.length > 0, 10_000, since);
    assert.deepEqual(codes(gone.diagnostics), ['E002', 'E004']);
  });

  it('applies `arc.rules` from the settings over the story', async () => {
    const since = client.diagnostics.length;
    await client.setSettings({ analysisDelay: 20, rules: { C201: 'off', W405: 'error' } });
    const published = await client.waitForDiagnostics((p) => p.uri === main && !p.diagnostics.some((d) => d.code === 'C201'), 10_000, since);
    assert.deepEqual(codes(published.diagnostics), ['W405', 'W405']);
    assert.ok(published.diagnostics.every((d) => d.severity === 1), 'W405 raised to error');
    const back = client.diagnostics.length;
    await client.setSettings({ analysisDelay: 20 });
    const restored = await client.waitForDiagnostics((p) => p.uri === main && p.diagnostics.some((d) => d.code === 'C201'), 10_000, back);
    assert.deepEqual(codes(restored.diagnostics), ['C201', 'W405', 'W405']);
  });

  it('keeps logs off stdout: every byte on stdout was protocol', () => {
    assert.ok(client.alive);
    assert.equal(client.stderr.join(''), '', 'nothing on stderr either');
  });
});
