/**
 * A small LSP client for protocol tests and the latency benchmark: spawns the
 * REAL server (`node server/bin/nao-language-server.js --stdio`) and talks
 * JSON-RPC to it over its stdio. Waits are on notifications, with timeouts;
 * nothing sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  type ClientCapabilities, type InitializeResult, type ProtocolConnection, type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';

export const SERVER_BIN = fileURLToPath(new URL('../../bin/nao-language-server.js', import.meta.url));

export interface LogMessage {
  readonly type: number;
  readonly message: string;
}

export interface ProgressEvent {
  readonly token: string | number;
  readonly value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number };
}

export interface StartOptions {
  /** Workspace folder URIs. */
  readonly folders: readonly string[];
  /** The `arc` settings returned for workspace/configuration. */
  readonly settings?: Record<string, unknown>;
  readonly serverArgs?: readonly string[];
  readonly capabilities?: ClientCapabilities;
}

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    applyEdit: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
  },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: false } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
      resolveSupport: { properties: ['edit'] },
      isPreferredSupport: true,
    },
    rename: { prepareSupport: true },
    semanticTokens: {
      requests: { full: true },
      tokenTypes: [],
      tokenModifiers: [],
      formats: ['relative'],
    },
  },
};

type Waiter<T> = { predicate: (value: T) => boolean; resolve: (value: T) => void };

export class LspTestClient {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessage[] = [];
  readonly progress: ProgressEvent[] = [];
  readonly progressCreated: Array<string | number> = [];
  readonly appliedEdits: unknown[] = [];
  /** Every registration the server asked for (`client/registerCapability`). */
  readonly registrations: Array<{ id: string; method: string; registerOptions?: unknown }> = [];
  readonly stderr: string[] = [];
  private readonly diagnosticWaiters: Waiter<PublishDiagnosticsParams>[] = [];
  private readonly progressWaiters: Waiter<ProgressEvent>[] = [];
  private exited: Promise<number | null>;
  initializeResult: InitializeResult | undefined;

  private constructor(readonly process: ChildProcess, readonly connection: ProtocolConnection, private settings: Record<string, unknown>) {
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
  }

  static async start(options: StartOptions): Promise<LspTestClient> {
    const child = spawn(process.execPath, [SERVER_BIN, '--stdio', ...(options.serverArgs ?? [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(child, connection, options.settings ?? {});
    child.stderr!.on('data', (chunk: Buffer) => client.stderr.push(chunk.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      client.diagnostics.push(params);
      client.notify(client.diagnosticWaiters, params);
    });
    connection.onNotification('window/logMessage', (params: LogMessage) => {
      client.logs.push(params);
    });
    connection.onNotification('$/progress', (params: ProgressEvent) => {
      client.progress.push(params);
      client.notify(client.progressWaiters, params);
    });
    connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
      client.progressCreated.push(params.token);
      return null;
    });
    connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
      params.items.map((item) => (item.section === 'arc' ? client.settings : null)));
    connection.onRequest('client/registerCapability', (params: { registrations: Array<{ id: string; method: string; registerOptions?: unknown }> }) => {
      client.registrations.push(...params.registrations);
      return null;
    });
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('workspace/applyEdit', (params: unknown) => {
      client.appliedEdits.push(params);
      return { applied: true };
    });
    connection.listen();
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.folders[0] ?? null,
      workspaceFolders: options.folders.map((uri, i) => ({ uri, name: `folder${i}` })),
      capabilities: options.capabilities ?? CLIENT_CAPABILITIES,
    }) as InitializeResult;
    await connection.sendNotification('initialized', {});
    return client;
  }

  private notify<T>(waiters: Waiter<T>[], value: T): void {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i]!;
      if (waiter.predicate(value)) {
        waiters.splice(i, 1);
        waiter.resolve(value);
      }
    }
  }

  private wait<T>(waiters: Waiter<T>[], seen: readonly T[], predicate: (value: T) => boolean, timeoutMs: number, what: string, since = 0): Promise<T> {
    const earlier = seen.slice(since).find(predicate);
    if (earlier) return Promise.resolve(earlier);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = waiters.indexOf(waiter);
        if (index >= 0) waiters.splice(index, 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const waiter: Waiter<T> = {
        predicate,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
      };
      waiters.push(waiter);
    });
  }

  /** The next (or an already received, from index `since`) publishDiagnostics matching. */
  waitForDiagnostics(predicate: (params: PublishDiagnosticsParams) => boolean, timeoutMs = 10_000, since = 0): Promise<PublishDiagnosticsParams> {
    return this.wait(this.diagnosticWaiters, this.diagnostics, predicate, timeoutMs, 'publishDiagnostics', since);
  }

  /** Diagnostics of `uri` at document `version` (or, for a closed file, any publication after `since`). */
  diagnosticsFor(uri: string, version?: number, timeoutMs = 10_000, since = 0): Promise<PublishDiagnosticsParams> {
    return this.waitForDiagnostics((p) => p.uri === uri && (version === undefined || p.version === version), timeoutMs, since);
  }

  waitForProgress(predicate: (event: ProgressEvent) => boolean, timeoutMs = 10_000): Promise<ProgressEvent> {
    return this.wait(this.progressWaiters, this.progress, predicate, timeoutMs, '$/progress');
  }

  /** The last publication for `uri`. */
  latestDiagnostics(uri: string): PublishDiagnosticsParams | undefined {
    for (let i = this.diagnostics.length - 1; i >= 0; i--) if (this.diagnostics[i]!.uri === uri) return this.diagnostics[i];
    return undefined;
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'arc', version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    return this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { arc: settings } });
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** shutdown + exit; kills the process if it does not exit in time. */
  async stop(): Promise<number | null> {
    if (!this.alive) return this.process.exitCode;
    try {
      await Promise.race([
        this.connection.sendRequest('shutdown'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('shutdown timed out')), 5000)),
      ]);
      await this.connection.sendNotification('exit');
    } catch {
      // fall through to the kill below
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 5000);
    const code = await this.exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}

// ---------------------------------------------------------------------------
// Workspaces and positions


export interface TempWorkspace {
  readonly dir: string;
  /** The folder's URI (no trailing slash). */
  readonly folder: string;
  uri(relative: string): string;
  write(relative: string, text: string): void;
  removeFile(relative: string): void;
  remove(): void;
}

/** A temporary folder holding `files` (relative path -> text). */
export function createWorkspace(files: Record<string, string>): TempWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'arc-lsp-'));
  const workspace: TempWorkspace = {
    dir,
    folder: pathToFileURL(dir).href,
    uri: (relative) => pathToFileURL(join(dir, relative)).href,
    write: (relative, text) => {
      mkdirSync(dirname(join(dir, relative)), { recursive: true });
      writeFileSync(join(dir, relative), text);
    },
    removeFile: (relative) => rmSync(join(dir, relative), { force: true }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  for (const [relative, text] of Object.entries(files)) workspace.write(relative, text);
  return workspace;
}

/** The LSP position of the `occurrence`-th `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, occurrence = 0): { line: number; character: number } {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`\`${needle}\` (occurrence ${occurrence}) is not in the text`);
  }
  const offset = index + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: ReadonlyArray<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
  return result;
}

/** A diagnostic's message as text (LSP 3.18 allows markup). */
export function messageOf(diagnostic: { message: string | { value: string } }): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}
