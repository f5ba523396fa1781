/**
 * A minimal LSP client for the latency benchmark: spawns the real language
 * server over stdio and records what it publishes. (The protocol tests have
 * a fuller one in server/test/lsp-client.ts.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  type ProtocolConnection, type PublishDiagnosticsParams, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';

export const SERVER_BIN = fileURLToPath(new URL('../../server/bin/nao-language-server.js', import.meta.url));

interface Waiter {
  readonly predicate: (params: PublishDiagnosticsParams) => boolean;
  readonly resolve: (at: number) => void;
}

export class BenchLspClient {
  private readonly waiters: Waiter[] = [];
  /** Arrival time of the last publication per `uri#version`. */
  readonly arrivals = new Map<string, number>();
  readonly stderr: string[] = [];

  private constructor(readonly child: ChildProcess, readonly connection: ProtocolConnection, private settings: Record<string, unknown>) {}

  /** New `arc` settings (answered to workspace/configuration from now on). */
  setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    return this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { arc: settings } });
  }

  static async start(folder: string, settings: Record<string, unknown>): Promise<BenchLspClient> {
    const child = spawn(process.execPath, [SERVER_BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new BenchLspClient(child, connection, settings);
    child.stderr!.on('data', (chunk: Buffer) => client.stderr.push(chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const at = performance.now();
      client.arrivals.set(`${params.uri}#${params.version ?? ''}`, at);
      for (let i = client.waiters.length - 1; i >= 0; i--) {
        const waiter = client.waiters[i]!;
        if (waiter.predicate(params)) {
          client.waiters.splice(i, 1);
          waiter.resolve(at);
        }
      }
    });
    connection.onNotification('window/logMessage', () => undefined);
    connection.onNotification('$/progress', () => undefined);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => client.settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown'] } },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** Resolves with the arrival time of the first publication matching (already received ones count). */
  diagnostics(uri: string, version: number | undefined, timeoutMs: number): Promise<number> {
    const already = this.arrivals.get(`${uri}#${version ?? ''}`);
    if (already !== undefined) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} version ${version} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        predicate: (p) => p.uri === uri && (version === undefined || p.version === version),
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      });
    });
  }

  open(uri: string, text: string, version: number): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'arc', version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.child.kill('SIGKILL');
    }
    await exited;
    clearTimeout(kill);
    this.connection.dispose();
  }
}
