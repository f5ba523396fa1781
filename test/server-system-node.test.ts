/**
 * `nao-language-server` as an editor starts it after `npm link`: the bin
 * script run through its `#!/usr/bin/env node` line, so on the system's Node
 * (whatever `node` is on PATH once this project's node_modules/.bin is taken
 * away; Debian 12's is Node 20). Over stdio it must answer `initialize` and
 * publish the diagnostics of an opened story, which come from the analysis
 * worker thread.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(root, 'server', 'bin', 'nao-language-server.js');

/** PATH without this project's node_modules/.bin folders (where Node 22 is). */
function systemPath(): string {
  return (process.env.PATH ?? '').split(path.delimiter)
    .filter((dir) => dir !== '' && !path.resolve(dir).startsWith(path.join(root, 'node_modules')) && !/node_modules[\\/]\.bin$/.test(dir))
    .join(path.delimiter);
}

interface Message { id?: number; method?: string; result?: unknown; error?: unknown; params?: any }

describe('nao-language-server on the system Node (as `npm link` installs it)', function () {
  this.timeout(60_000);
  const env = { ...process.env, PATH: systemPath() };
  const version = spawnSync('node', ['--version'], { env, encoding: 'utf8' });

  it(`answers initialize and publishes diagnostics over stdio on the system node (${version.stdout?.trim() || 'none'})`, async () => {
    assert.equal(version.status, 0, `no node on PATH without node_modules/.bin (PATH=${env.PATH})`);
    assert.ok(Number(/^v(\d+)/.exec(version.stdout)?.[1]) >= 20, `the system node is ${version.stdout}`);
    const folder = mkdtempSync(path.join(tmpdir(), 'nao-system-node-'));
    cpSync(path.join(root, 'test', 'editors', 'workspace'), folder, { recursive: true });
    // Started as a symlinked bin is: the file itself, through its shebang line.
    const server = spawn(BIN, ['--stdio'], { cwd: folder, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));

    const messages: Message[] = [];
    const waiters: Array<{ match: (m: Message) => boolean; resolve: (m: Message) => void }> = [];
    let buffer = Buffer.alloc(0);
    server.stdout.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as Message;
        buffer = buffer.subarray(headerEnd + 4 + length);
        messages.push(message);
        // Answer the server's own requests (workspace/configuration, progress) with nothing.
        if (message.method && message.id !== undefined) send({ id: message.id, result: message.method === 'workspace/configuration' ? [null] : null });
        for (const waiter of [...waiters]) if (waiter.match(message)) { waiters.splice(waiters.indexOf(waiter), 1); waiter.resolve(message); }
      }
    });
    function send(message: object): void {
      const text = JSON.stringify({ jsonrpc: '2.0', ...message });
      server.stdin.write(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    }
    function waitFor(description: string, match: (m: Message) => boolean, timeoutMs = 20_000): Promise<Message> {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${description} within ${timeoutMs} ms; stderr:\n${stderr}\nmessages:\n${JSON.stringify(messages, null, 1)}`)), timeoutMs);
        waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
        void exited.then((code) => { clearTimeout(timer); reject(new Error(`the server exited (${code}) before ${description}; stderr:\n${stderr}`)); });
      });
    }

    try {
      const folderUri = pathToFileURL(folder).href;
      send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: folderUri, workspaceFolders: [{ uri: folderUri, name: 'workspace' }], capabilities: {} } });
      const initialize = await waitFor('initialize response', (m) => m.id === 1 && m.method === undefined);
      assert.equal(initialize.error, undefined, JSON.stringify(initialize.error));
      assert.equal((initialize.result as { serverInfo?: { name?: string } }).serverInfo?.name, 'nao-language-server');
      send({ method: 'initialized', params: {} });
      const storyUri = pathToFileURL(path.join(folder, 'story.arc')).href;
      send({ method: 'textDocument/didOpen', params: { textDocument: { uri: storyUri, languageId: 'arc', version: 1, text: readFileSync(path.join(folder, 'story.arc'), 'utf8') } } });
      const published = await waitFor('diagnostics with E002 for story.arc', (m) => m.method === 'textDocument/publishDiagnostics' &&
        m.params.uri === storyUri && m.params.diagnostics.some((d: { code?: string }) => d.code === 'E002'));
      const internal = published.params.diagnostics.filter((d: { message: string }) => /internal error/.test(d.message));
      assert.deepEqual(internal, [], 'internal errors');
      const e002 = published.params.diagnostics.find((d: { code?: string }) => d.code === 'E002');
      assert.match(e002.message, /bnn/);
      send({ id: 2, method: 'shutdown' });
      await waitFor('shutdown response', (m) => m.id === 2 && m.method === undefined);
      send({ method: 'exit' });
      assert.equal(await exited, 0, `exit code; stderr:\n${stderr}`);
    } finally {
      server.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
