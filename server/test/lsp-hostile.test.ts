/**
 * The server against hostile clients and files: protocol misuse (requests
 * before `initialize` and after `shutdown`, bad parameters, broken framing),
 * URIs outside the workspace (never read from disk), special files that
 * would block or never end, and story text that tries to become markdown,
 * HTML or command links in hovers.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import {
  createProtocolConnection, ErrorCodes, StreamMessageReader, StreamMessageWriter, type Hover, type ProtocolConnection,
} from 'vscode-languageserver/node';
import { createWorkspace, LspTestClient, positionOf, SERVER_BIN, type TempWorkspace } from './lsp-client.js';

function rawServer(): { child: ChildProcess; connection: ProtocolConnection; stderr: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [SERVER_BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  return { child, connection, stderr, exited };
}

async function errorCode(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: number }).code;
  }
  assert.fail('the request was answered without an error');
}

const HOVER = (uri: string) => ({ textDocument: { uri }, position: { line: 0, character: 0 } });

describe('language server: protocol lifecycle', () => {
  it('answers requests before `initialize` with ServerNotInitialized, and refuses an early `shutdown`', async () => {
    const { child, connection, exited } = rawServer();
    try {
      assert.equal(await errorCode(connection.sendRequest('textDocument/hover', HOVER('file:///x.arc'))), ErrorCodes.ServerNotInitialized);
      assert.equal(await errorCode(connection.sendRequest('shutdown')), ErrorCodes.ServerNotInitialized);
      // Still usable afterwards: initialize works and requests are answered.
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {} });
      await connection.sendNotification('initialized', {});
      assert.equal(await connection.sendRequest('textDocument/hover', HOVER('file:///x.arc')), null);
      // After shutdown: InvalidRequest.
      await connection.sendRequest('shutdown');
      assert.equal(await errorCode(connection.sendRequest('textDocument/hover', HOVER('file:///x.arc'))), ErrorCodes.InvalidRequest);
      await connection.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    }
  });

  it('answers bad parameters with InvalidParams and a message a person can read', async () => {
    const ws = createWorkspace({ 'main.arc': 'event a @1\n' });
    const client = await LspTestClient.start({ folders: [ws.folder] });
    try {
      for (const [method, params] of [
        ['textDocument/documentSymbol', { textDocument: null }],
        ['textDocument/hover', { textDocument: { uri: 42 }, position: { line: 0, character: 0 } }],
        ['textDocument/hover', { textDocument: { uri: ws.uri('main.arc') }, position: 'start' }],
        ['textDocument/completion', 7],
      ] as const) {
        try {
          await client.request(method, params);
          assert.fail(`${method} answered ${JSON.stringify(params)}`);
        } catch (error) {
          const { code, message } = error as { code: number; message: string };
          assert.equal(code, ErrorCodes.InvalidParams, `${method} ${JSON.stringify(params)}`);
          assert.doesNotMatch(message, /TypeError|Cannot read|undefined/);
          assert.match(message, /must be|parameters/);
        }
      }
      assert.ok(client.alive);
    } finally {
      assert.equal(await client.stop(), 0);
      ws.remove();
    }
  });
});

describe('language server: framing errors end the process (the client restarts it)', () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['no Content-Length', 'Content-Type: application/vscode-jsonrpc\r\n\r\n{}'],
    ['a Content-Length that is not a number', 'Content-Length: many\r\n\r\n{}'],
    ['a Content-Length too small for its body', 'Content-Length: 5\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}'],
    ['a negative Content-Length', 'Content-Length: -40\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"x"}'],
  ];
  for (const [name, bytes] of cases) {
    it(`exits with 1 and says why on ${name}`, async () => {
      const run = spawnSync(process.execPath, [SERVER_BIN, '--stdio'], { input: bytes, encoding: 'utf8', timeout: 20_000 });
      assert.equal(run.status, 1, `${name}: exit ${run.status}, signal ${run.signal}, stderr ${run.stderr}`);
      assert.match(run.stderr, /nao-language-server: cannot read the protocol stream|incomplete/);
      assert.equal(run.stdout, '');
    });
  }

  it('exits with 1 when a message stays incomplete (a Content-Length too large)', async function () {
    this.timeout(30_000);
    const child = spawn(process.execPath, [SERVER_BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin!.write('Content-Length: 100000\r\n\r\n{"jsonrpc":"2.0"');
    assert.equal(await exited, 1);
    assert.match(stderr.join(''), /incomplete/);
  });
});

describe('language server: nothing outside the workspace is read', () => {
  let ws: TempWorkspace;
  let client: LspTestClient;

  before(async () => {
    ws = createWorkspace({ 'main.arc': 'character mara\nevent a @1 { with mara }\n' });
    client = await LspTestClient.start({ folders: [ws.folder] });
    await client.diagnosticsFor(ws.uri('main.arc'), undefined, 20_000);
  });

  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
    ws?.remove();
  });

  it('answers requests about files it does not know as unknown documents, without reading them', async () => {
    const fifo = path.join(ws.dir, 'pipe.arc');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    for (const uri of ['file:///etc/passwd', 'file:///dev/zero', `file://${fifo}`]) {
      assert.equal(await client.request('textDocument/hover', HOVER(uri)), null, uri);
      assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), [], uri);
      try {
        await client.request('workspace/executeCommand', { command: 'arc.fixAll', arguments: [uri] });
        assert.fail(`arc.fixAll answered for ${uri}`);
      } catch (error) {
        assert.equal((error as { code: number }).code, ErrorCodes.InvalidParams, uri);
      }
    }
    const memory = await client.request<{ process: { rss: number } }>('arc/memoryUsage', {});
    assert.ok(memory.process.rss < 1024 * 1024 * 1024, `RSS ${memory.process.rss}`);
  });

  it('ignores a watched-file event for a link that leads out of the workspace', async () => {
    const link = path.join(ws.dir, 'zero.arc');
    symlinkSync('/dev/zero', link);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('zero.arc'), type: 1 }] });
    // Still answering, promptly, and nothing was published for the link.
    const main = ws.uri('main.arc');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: main }, position: positionOf('character mara\nevent a @1 { with mara }\n', 'a @1') });
    assert.ok(hover);
    assert.equal(client.diagnostics.some((p) => p.uri === ws.uri('zero.arc') && p.diagnostics.length > 0), false);
  });
});

describe('language server: story text in markdown is only ever text', () => {
  const PAYLOADS = [
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '[run](command:workbench.action.terminal.new)',
    '`` closes the span ` **bold** _em_',
    '![image](https://example.com/x.png)',
  ];
  const hostile = (i: number) => PAYLOADS[i % PAYLOADS.length]!.replace(/"/g, "'");
  const STORY = [
    `story "${hostile(0)}" {`,
    '  themes grief',
    `  goal calm_down "${hostile(1)}"`,
    '  limits { max 5  warn 4 }',
    '}',
    `character mara "${hostile(2)}"`,
    `place harbor "${hostile(3)}"`,
    `arc storm meso "${hostile(4)}" {`,
    `  event a @1 "${hostile(0)}" { with mara  at harbor  intensity 6  warning "${hostile(1)}"  causes b`,
    `    > ${PAYLOADS.join(' ')}`,
    '  }',
    `  choice c @2 "${hostile(2)}" {`,
    `    option left "${hostile(3)}" { event b @3 "${hostile(4)}" { with mara  addresses calm_down } }`,
    `    option right "${hostile(0)}" { event d @3 { with mara  kills mara } }`,
    '  }',
    '  event e @4 { with mara  resolves storm }',
    '}',
    '',
  ].join('\n');

  it('escapes every title, description, warning and prose line in hovers and the impact command', async () => {
    const ws = createWorkspace({ 'main.arc': STORY });
    const client = await LspTestClient.start({ folders: [ws.folder] });
    try {
      const uri = ws.uri('main.arc');
      await client.open(uri, STORY, 1);
      const published = await client.diagnosticsFor(uri, 1, 20_000);
      assert.ok(published.diagnostics.length > 0, 'the story has conflicts to hover');
      const markdowns: string[] = [];
      const lines = STORY.split('\n');
      // Every word start of every line, and every diagnostic.
      for (let line = 0; line < lines.length; line++) {
        for (const m of lines[line]!.matchAll(/\b\w/g)) {
          const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: m.index! } });
          if (hover) markdowns.push(typeof hover.contents === 'string' ? hover.contents : 'value' in hover.contents ? hover.contents.value : JSON.stringify(hover.contents));
        }
      }
      for (const d of published.diagnostics) {
        const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: d.range.start });
        if (hover && 'value' in (hover.contents as object)) markdowns.push((hover.contents as { value: string }).value);
      }
      for (const needle of ['a @1', 'c @2', 'b @3']) {
        const impact = await client.request<string | null>('workspace/executeCommand', { command: 'arc.showImpact', arguments: [{ uri, position: positionOf(STORY, needle) }] });
        if (impact) markdowns.push(impact);
      }
      assert.ok(markdowns.length > 10, `hovers were answered (${markdowns.length})`);
      assert.ok(markdowns.some((m) => m.includes('img src')), 'the titles are shown');
      for (const markdown of markdowns) {
        // Unescaped: not preceded by the backslash that makes markdown show the character as it is.
        const found = /(?<!\\)<(img|script)|(?<!\\)\]\(command:|(?<!\\)!(?<!\\)\[image|(?<!\\)\*\*bold/.exec(markdown);
        assert.equal(found, null, `${found?.[0]} in:\n${markdown}`);
      }
    } finally {
      assert.equal(await client.stop(), 0);
      ws.remove();
    }
  });
});
