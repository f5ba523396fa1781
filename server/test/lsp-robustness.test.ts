/**
 * The server survives what it is given: requests that fail inside, unknown
 * documents, nonsense positions, bad command arguments and garbage text.
 * Every failure is answered (an empty result or an error response) and
 * logged; the server keeps serving.
 */
import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import {
  createProtocolConnection, ErrorCodes, IPCMessageReader, IPCMessageWriter, type Diagnostic, type Hover, type InitializeResult,
} from 'vscode-languageserver/node';
import { createWorkspace, LspTestClient, SERVER_BIN, type TempWorkspace } from './lsp-client.js';
import { CHARACTERS, MAIN } from './lsp-stories.js';

/** Deterministic pseudo-random texts: Arc fragments, junk characters, deep nesting, NUL. */
function garbage(seed: number): string {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const pieces = [
    'event', 'choice', 'option', 'arc', 'story', 'include', '{', '}', '{', '}', '@', '@1', '@-2.5', '..', '->', ',', '"', '"str"',
    '"unclosed', '/*', '*/', '//', '> prose', '\n', '\n', ' ', '  ', '\t', 'with', 'causes', 'requires', 'or', 'stage', 'mara',
    'x', 'T101', 'macro', 'micro', '9', '-', '$', '€', '😀', '\u0301', '\r\n', '\\', 'intensity 99', 'allow', 'rules', 'limits',
  ];
  let text = '';
  const length = 20 + Math.floor(next() * 300);
  for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)]!;
  return text;
}

const GARBAGE: ReadonlyArray<readonly [string, string]> = [
  ['nothing', ''],
  ['only braces', '}}}}{{{{'],
  ['deep nesting', `${'arc a macro {'.repeat(300)}${'}'.repeat(300)}`],
  ['NUL bytes', 'event a @1 {\u0000\u0000}\n'],
  ['an unclosed comment', 'event a @1 { with mara } /* never closed\n event b @2'],
  ['an unclosed string', 'story "never closed\n event a @1'],
  ['a long line', `event a @1 { ${'with mara, '.repeat(2000)}mara }`],
  ['surrogates', '\ud800 event \udfff a @1 😀😀 { with ünïcödé }'],
  ...Array.from({ length: 8 }, (_, i) => [`random text #${i + 1}`, garbage(i + 1)] as const),
];

describe('language server: robustness', () => {
  let ws: TempWorkspace;
  let client: LspTestClient;
  let main: string;

  before(async () => {
    ws = createWorkspace({ 'main.arc': MAIN, 'characters.arc': CHARACTERS });
    main = ws.uri('main.arc');
    client = await LspTestClient.start({ folders: [ws.folder], settings: { analysisDelay: 0 } });
    await client.open(main, MAIN, 1);
    await client.diagnosticsFor(main, 1);
  });

  after(async () => {
    const code = await client.stop();
    ws.remove();
    assert.equal(code, 0);
  });

  /** The server still answers a real request correctly. */
  const stillServing = async () => {
    const result = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: main }, position: { line: 12, character: 9 } });
    assert.ok(result, 'hover on `storm` still answers');
    assert.ok(client.alive);
  };

  it('answers a request with broken parameters with InvalidParams, and keeps serving', async () => {
    await assert.rejects(client.request('textDocument/hover', { textDocument: { uri: main }, position: null }),
      (error: { code: number; message: string }) => error.code === ErrorCodes.InvalidParams && /position/.test(error.message));
    await stillServing();
  });

  it('answers requests on unknown documents and nonsense positions', async () => {
    const unknown = { uri: 'file:///no/such/file.arc' };
    assert.equal(await client.request('textDocument/hover', { textDocument: unknown, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: unknown }), []);
    assert.deepEqual(await client.request('textDocument/formatting', { textDocument: unknown, options: { tabSize: 2, insertSpaces: true } }), []);
    assert.deepEqual(await client.request('textDocument/semanticTokens/full', { textDocument: { uri: 'not a uri at all' } }), { data: [] });
    for (const position of [{ line: 1e9, character: 1e9 }, { line: -5, character: -1 }, { line: 3, character: 1e6 }]) {
      await client.request('textDocument/hover', { textDocument: { uri: main }, position });
      await client.request('textDocument/completion', { textDocument: { uri: main }, position });
      await client.request('textDocument/definition', { textDocument: { uri: main }, position });
    }
    await stillServing();
  });

  it('rejects bad command arguments and unknown commands with an error response', async () => {
    await assert.rejects(client.request('workspace/executeCommand', { command: 'arc.showImpact', arguments: [] }),
      (error: { code: number }) => error.code === ErrorCodes.InvalidParams);
    await assert.rejects(client.request('workspace/executeCommand', { command: 'arc.fixAll', arguments: [42] }),
      (error: { code: number }) => error.code === ErrorCodes.InvalidParams);
    await assert.rejects(client.request('workspace/executeCommand', { command: 'arc.nothing', arguments: [] }),
      (error: { code: number }) => error.code === ErrorCodes.InvalidParams);
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: main }, position: { line: 0, character: 0 }, newName: 'x' }));
    await stillServing();
  });

  for (const [name, text] of GARBAGE) {
    it(`survives ${name}: diagnostics and every feature answer`, async () => {
      const uri = ws.uri(`garbage-${name.replace(/\W+/g, '-')}.arc`);
      await client.open(uri, text, 1);
      const published = await client.diagnosticsFor(uri, 1, 15_000);
      assert.ok(Array.isArray(published.diagnostics));
      const lines = text.split('\n').length;
      const positions = [{ line: 0, character: 0 }, { line: Math.floor(lines / 2), character: 3 }, { line: lines - 1, character: 1000 }];
      const document = { uri };
      for (const position of positions) {
        await client.request('textDocument/hover', { textDocument: document, position });
        await client.request('textDocument/completion', { textDocument: document, position });
        await client.request('textDocument/definition', { textDocument: document, position });
        await client.request('textDocument/references', { textDocument: document, position, context: { includeDeclaration: true } });
        await client.request('textDocument/prepareRename', { textDocument: document, position }).catch(() => undefined);
      }
      await client.request('textDocument/documentSymbol', { textDocument: document });
      await client.request('textDocument/semanticTokens/full', { textDocument: document });
      await client.request('textDocument/foldingRange', { textDocument: document });
      const edits = await client.request<unknown[]>('textDocument/formatting', { textDocument: document, options: { tabSize: 2, insertSpaces: true } });
      if (published.diagnostics.some((d: Diagnostic) => d.code === 'E001')) assert.deepEqual(edits, [], 'no formatting with syntax errors');
      await client.request('textDocument/codeLens', { textDocument: document });
      await client.request('textDocument/codeAction', {
        textDocument: document, range: { start: positions[0]!, end: positions[1]! },
        context: { diagnostics: published.diagnostics, only: undefined },
      });
      await client.request('workspace/symbol', { query: 'a' });
      // An edit in the middle of the garbage, then close.
      await client.change(uri, 2, [{ range: { start: positions[1]!, end: positions[1]! }, text: '} event x @1 {' }]);
      await client.diagnosticsFor(uri, 2, 15_000);
      await client.close(uri);
      await stillServing();
    });
  }
});

describe('language server: transports', () => {
  it('speaks the protocol over --node-ipc (the VS Code client\'s transport)', async () => {
    const child = fork(SERVER_BIN, ['--node-ipc'], { execPath: process.execPath, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const stdout: string[] = [];
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk.toString()));
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    try {
      const result = await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {} }) as InitializeResult;
      assert.equal(result.serverInfo?.name, 'nao-language-server');
      assert.ok(result.capabilities.hoverProvider);
      await connection.sendRequest('shutdown');
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await connection.sendNotification('exit');
      assert.equal(await exited, 0);
      assert.equal(stdout.join(''), '', 'nothing on stdout');
    } finally {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    }
  });

  it('explains on stderr, and exits with 2, when no transport is given', () => {
    const run = spawnSync(process.execPath, [SERVER_BIN], { encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /choose a transport/);
  });
});
