/**
 * The Arc language server: wiring between the protocol and the features.
 *
 * Phases: documents are synchronised incrementally into the workspace model;
 * the include graph decides which projects an edit touches; the analysis
 * service makes one snapshot per project version (linked, then analysed),
 * publishes its diagnostics, and every other feature answers from that same
 * snapshot. Every handler is guarded: a failure is logged and answered with
 * an empty result or an error response; it never stops the server.
 */
import {
  CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, ErrorCodes, FileChangeType,
  LSPErrorCodes, ResponseError, TextDocuments, TextDocumentSyncKind,
  type CancellationToken, type Connection, type InitializeParams, type InitializeResult, type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CancelledError } from '@narrative-arc/orchestrator';
import { AnalysisService, ContentModifiedError } from './analysis-service.js';
import { codeActions, FIX_ALL_KIND, resolveCodeAction } from './features/code-actions.js';
import { codeLenses, resolveCodeLens } from './features/code-lens.js';
import { completion } from './features/completion.js';
import { isPosition, snapshotFor, type ClientSupport, type FeatureContext } from './features/context.js';
import { fixAll } from './features/fix-all.js';
import { foldingRanges } from './features/folding.js';
import { formatDocument } from './features/formatting.js';
import { hover, showImpact } from './features/hover.js';
import { definition, prepareRename, references, rename } from './features/navigation.js';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens } from './features/semantic-tokens.js';
import { documentSymbols, workspaceSymbols } from './features/symbols.js';
import { readStoryMapParams, STORY_MAP_REQUEST, storyMapRequest, type StoryMapResult, type StoryMapViewResult } from './features/story-map.js';
import {
  checkPlaythroughParams, isPathStatisticsParams, PATH_STATISTICS_REQUEST, pathStatisticsRequest, PLAYTHROUGH_REQUEST, playthroughRequest,
} from './features/player.js';
import { describeError, Logger } from './logger.js';
import type { PendingOutput } from './output.js';
import { DEFAULT_SETTINGS, readSettings, type ArcSettings } from './settings.js';
import { isInsideFolder, normaliseUri, realPathInside } from './uris.js';
import { ArcWorkspace, findStoryFiles } from './workspace.js';

export const COMMANDS = { fixAll: 'arc.fixAll', showImpact: 'arc.showImpact' } as const;
export const MEMORY_REQUEST = 'arc/memoryUsage';

export class ArcLanguageServer {
  private readonly workspace = new ArcWorkspace();
  private readonly documents = new TextDocuments(TextDocument);
  private readonly logger: Logger;
  private readonly analysis: AnalysisService;
  private settings: ArcSettings = DEFAULT_SETTINGS;
  private client: ClientSupport = {
    snippets: false, markdown: true, hierarchicalSymbols: false, codeActionResolve: false, workDoneProgress: false,
    configuration: false, watchedFilesRegistration: false, configurationRegistration: false,
  };
  private workspaceFoldersSupported = false;
  private initialSettings: unknown;
  /** While the workspace is being indexed, analysis waits (roots are not known yet). */
  private indexing = true;
  private roots = new Set<string>();
  /** The protocol's lifecycle: requests before `initialize` and after `shutdown` are errors. */
  private lifecycle: 'uninitialized' | 'running' | 'shut down' = 'uninitialized';

  /** `output`: the connection's writer, when it tells when messages are written (output.ts); analysis waits for them. */
  constructor(private readonly connection: Connection, output?: PendingOutput) {
    this.logger = new Logger(connection.console);
    this.analysis = new AnalysisService(this.workspace, {
      publish: (uri, version, diagnostics) => {
        void connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics })
          .catch((error: unknown) => this.logger.error(`could not publish diagnostics for ${uri}`, error));
      },
    }, this.logger, output);
    this.analysis.beforeRun = () => this.includesSettled();
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => void this.initialized().catch((error: unknown) => this.logger.error('starting up failed', error)));
    c.onShutdown(() => {
      if (this.lifecycle === 'uninitialized') {
        throw new ResponseError(ErrorCodes.ServerNotInitialized, 'shutdown: the server has not been initialized');
      }
      this.lifecycle = 'shut down';
      this.analysis.dispose();
    });
    c.onDidChangeConfiguration((params) => this.notification('didChangeConfiguration', () => this.configurationChanged(params.settings)));
    c.onDidChangeWatchedFiles((params) => this.notification('didChangeWatchedFiles', () => {
      for (const change of params.changes) this.fileChangedOnDisk(normaliseUri(change.uri), change.type);
    }));

    // Fired on open and on every change.
    this.documents.onDidChangeContent((event) => this.notification('didChange', () => this.documentChanged(event.document)));
    this.documents.onDidClose((event) => this.notification('didClose', () => this.documentClosed(normaliseUri(event.document.uri))));
    this.documents.listen(c);

    c.onHover(this.request('hover', null, (p, ctx) => hover(ctx, normaliseUri(p.textDocument.uri), p.position)));
    c.onCompletion(this.request('completion', null, (p, ctx) => completion(ctx, normaliseUri(p.textDocument.uri), p.position)));
    c.onDefinition(this.request('definition', null, (p, ctx) => definition(ctx, normaliseUri(p.textDocument.uri), p.position)));
    c.onReferences(this.request('references', null, (p, ctx) =>
      references(ctx, normaliseUri(p.textDocument.uri), p.position, p.context?.includeDeclaration !== false)));
    c.onPrepareRename(this.strictRequest('prepareRename', (p, ctx) => prepareRename(ctx, normaliseUri(p.textDocument.uri), p.position)));
    c.onRenameRequest(this.strictRequest('rename', (p, ctx) => rename(ctx, normaliseUri(p.textDocument.uri), p.position, p.newName)));
    c.onDocumentSymbol(this.request('documentSymbol', [], (p, ctx) => documentSymbols(ctx, normaliseUri(p.textDocument.uri))));
    c.onWorkspaceSymbol(this.request('workspaceSymbol', [], (p, ctx) => workspaceSymbols(ctx, typeof p.query === 'string' ? p.query : '')));
    c.languages.semanticTokens.on(this.request('semanticTokens', { data: [] }, (p, ctx) => semanticTokens(ctx, normaliseUri(p.textDocument.uri))));
    c.onFoldingRanges(this.request('foldingRange', [], (p, ctx) => foldingRanges(ctx, normaliseUri(p.textDocument.uri))));
    c.onDocumentFormatting(this.request('formatting', [], (p, ctx) => formatDocument(ctx, normaliseUri(p.textDocument.uri))));
    c.onCodeLens(this.request('codeLens', [], (p, ctx) => codeLenses(ctx, normaliseUri(p.textDocument.uri))));
    c.onCodeLensResolve(this.strictRequest('codeLens/resolve', (lens, ctx) => resolveCodeLens(ctx, lens)));
    c.onCodeAction(this.request('codeAction', [], (p, ctx) => codeActions(ctx, { ...p, textDocument: { uri: normaliseUri(p.textDocument.uri) } })));
    c.onCodeActionResolve(this.strictRequest('codeAction/resolve', (action, ctx) => resolveCodeAction(ctx, action)));
    c.onExecuteCommand(this.strictRequest('executeCommand', (p, ctx) => this.executeCommand(p.command, p.arguments ?? [], ctx)));
    const memory = this.strictRequest('memoryUsage', () => this.memoryUsage());
    c.onRequest(MEMORY_REQUEST, (params: unknown, token) => memory(params ?? {}, token));
    const map = this.strictRequest('storyMap', (p: unknown, ctx): Promise<StoryMapResult | StoryMapViewResult> => {
      const params = readStoryMapParams(p);
      if (!params) throw new ResponseError(ErrorCodes.InvalidParams, `${STORY_MAP_REQUEST} takes { uri, view? } (see docs/lsp.md)`);
      return params.view ? storyMapRequest(ctx, normaliseUri(params.uri), params.view) : storyMapRequest(ctx, normaliseUri(params.uri));
    });
    c.onRequest(STORY_MAP_REQUEST, (params: unknown, token) => map(params, token));
    const play = this.strictRequest('playthrough', (p: unknown, ctx) => {
      const checked = checkPlaythroughParams(p);
      if (typeof checked === 'string') throw new ResponseError(ErrorCodes.InvalidParams, checked);
      return playthroughRequest(ctx, { ...checked, uri: normaliseUri(checked.uri) });
    });
    c.onRequest(PLAYTHROUGH_REQUEST, (params: unknown, token) => play(params, token));
    const statistics = this.strictRequest('pathStatistics', (p: unknown, ctx) => {
      if (!isPathStatisticsParams(p)) throw new ResponseError(ErrorCodes.InvalidParams, `${PATH_STATISTICS_REQUEST} takes { uri }`);
      return pathStatisticsRequest(ctx, normaliseUri(p.uri));
    });
    c.onRequest(PATH_STATISTICS_REQUEST, (params: unknown, token) => statistics(params, token));

    process.on('uncaughtException', (error) => this.logger.error('uncaught exception (the server keeps running)', error));
    process.on('unhandledRejection', (reason) => this.logger.error('unhandled rejection (the server keeps running)', reason));
    c.listen();
  }

  // -- guards ----------------------------------------------------------------

  private context(token: CancellationToken | undefined): FeatureContext {
    return {
      workspace: this.workspace,
      analysis: this.analysis,
      logger: this.logger,
      settings: this.settings,
      token: token ?? { isCancellationRequested: false },
      client: this.client,
    };
  }

  /**
   * Wraps a request handler: cancellation becomes RequestCancelled, a
   * ResponseError passes through, any other failure is logged and answered
   * with `fallback`.
   */
  private request<P, R, F>(name: string, fallback: F, handler: (params: P, context: FeatureContext) => R | Promise<R>) {
    return this.guarded<P, R, F>(name, handler, () => fallback);
  }

  /** Like `request`, but a failure is answered with an InternalError response (for commands, rename, resolves). */
  private strictRequest<P, R>(name: string, handler: (params: P, context: FeatureContext) => R | Promise<R>) {
    return this.guarded<P, R, ResponseError<void>>(name, handler, (error) =>
      new ResponseError(ErrorCodes.InternalError, `Arc: ${name} failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  private guarded<P, R, F>(name: string, handler: (params: P, context: FeatureContext) => R | Promise<R>, onFailure: (error: unknown) => F) {
    return async (params: P, token?: CancellationToken): Promise<R | F | ResponseError<void>> => {
      const started = performance.now();
      try {
        if (this.lifecycle === 'uninitialized') {
          throw new ResponseError(ErrorCodes.ServerNotInitialized, `${name}: the server has not been initialized`);
        }
        if (this.lifecycle === 'shut down') throw new ResponseError(ErrorCodes.InvalidRequest, `${name}: the server is shutting down`);
        checkParams(name, params);
        return await handler(params, this.context(token));
      } catch (error) {
        if (error instanceof CancelledError || token?.isCancellationRequested) {
          return new ResponseError(LSPErrorCodes.RequestCancelled, `${name} was cancelled`);
        }
        if (error instanceof ContentModifiedError) {
          return new ResponseError(LSPErrorCodes.ContentModified, `${name}: ${error.message}`);
        }
        if (error instanceof ResponseError) {
          this.logger.debug(`${name}: ${error.message}`);
          return error as ResponseError<void>;
        }
        this.logger.error(`${name} failed`, error);
        return onFailure(error);
      } finally {
        const millis = performance.now() - started;
        if (millis > 200) this.logger.debug(`${name} took ${millis.toFixed(0)} ms`);
      }
    };
  }

  private notification(name: string, handler: () => void): void {
    // Notifications before `initialize` or after `shutdown` are dropped, as the protocol says.
    if (this.lifecycle !== 'running') return;
    try {
      handler();
    } catch (error) {
      this.logger.error(`${name} failed`, error);
    }
  }

  // -- lifecycle -------------------------------------------------------------

  private initialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities ?? {};
    this.client = {
      snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
      markdown: caps.textDocument?.hover?.contentFormat?.includes('markdown') ?? true,
      hierarchicalSymbols: caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
      codeActionResolve: caps.textDocument?.codeAction?.resolveSupport?.properties?.includes('edit') === true,
      workDoneProgress: caps.window?.workDoneProgress === true,
      configuration: caps.workspace?.configuration === true,
      watchedFilesRegistration: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      configurationRegistration: caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    };
    this.workspaceFoldersSupported = caps.workspace?.workspaceFolders === true;
    const folders = params.workspaceFolders?.map((f) => normaliseUri(f.uri))
      ?? (params.rootUri ? [normaliseUri(params.rootUri)] : []);
    this.workspace.folders = folders;
    const options = params.initializationOptions as { settings?: unknown } | undefined;
    this.initialSettings = options?.settings;
    this.applySettings(this.initialSettings, false);

    const capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      completionProvider: { triggerCharacters: [' ', ','], resolveProvider: false },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: false },
      foldingRangeProvider: true,
      documentFormattingProvider: true,
      codeLensProvider: { resolveProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
      executeCommandProvider: { commands: [COMMANDS.fixAll, COMMANDS.showImpact] },
    };
    if (this.workspaceFoldersSupported) {
      capabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
    }
    this.lifecycle = 'running';
    return { capabilities, serverInfo: { name: 'nao-language-server', version: '0.1.0' } };
  }

  private async initialized(): Promise<void> {
    const c = this.connection;
    // Only a client that says it can take the registration gets it; the
    // others send workspace/didChangeConfiguration on their own (eglot warns
    // about registrations it did not ask for).
    if (this.client.configurationRegistration) {
      void c.client.register(DidChangeConfigurationNotification.type, { section: 'arc' })
        .catch((error: unknown) => this.logger.warn(`could not register for configuration changes: ${describeError(error)}`));
    }
    if (this.client.configuration) await this.pullConfiguration();
    if (this.client.watchedFilesRegistration) {
      void c.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.arc' }] })
        .catch((error: unknown) => this.logger.warn(`could not watch *.arc files: ${describeError(error)}`));
    }
    if (this.workspaceFoldersSupported) {
      c.workspace.onDidChangeWorkspaceFolders((event) => void this.foldersChanged(
        event.added.map((f) => normaliseUri(f.uri)), event.removed.map((f) => normaliseUri(f.uri)),
      ).catch((error: unknown) => this.logger.error('updating workspace folders failed', error)));
    }
    await this.indexFolders(this.workspace.folders);
    this.indexing = false;
    this.updateRoots();
    this.analysis.invalidate(this.workspace.roots(), 0);
    this.analysis.start();
  }

  /** Finds and indexes every `*.arc` file of the folders, reporting work-done progress. */
  private async indexFolders(folders: readonly string[]): Promise<void> {
    const started = performance.now();
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Indexing Arc stories', 0, 'finding files', false);
    let files: string[] = [];
    for (const folder of folders) files = files.concat(await findStoryFiles(folder));
    let lastReport = performance.now();
    for (let i = 0; i < files.length; i++) {
      const uri = files[i]!;
      this.workspace.workspaceFiles.add(uri);
      try {
        this.workspace.refreshIncludes(uri);
      } catch (error) {
        this.logger.error(`indexing ${uri} failed`, error);
      }
      if (performance.now() - lastReport > 20 || i === files.length - 1) {
        progress?.report(Math.round(((i + 1) / files.length) * 100), `${i + 1} of ${files.length} files`);
        lastReport = performance.now();
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    progress?.done();
    this.logger.info(`indexed ${files.length} story file(s) in ${(performance.now() - started).toFixed(0)} ms`);
  }

  private async foldersChanged(added: readonly string[], removed: readonly string[]): Promise<void> {
    const removedSet = new Set(removed);
    this.workspace.folders = [...this.workspace.folders.filter((f) => !removedSet.has(f)), ...added];
    for (const uri of [...this.workspace.workspaceFiles]) {
      if (removed.some((folder) => uri.startsWith(folder.endsWith('/') ? folder : `${folder}/`))) {
        this.workspace.workspaceFiles.delete(uri);
        this.forgetFile(uri);
      }
    }
    await this.indexFolders(added);
    this.updateRoots();
    // Include boundaries changed: every project is read again.
    this.analysis.invalidateAll(this.workspace.roots());
  }

  // -- settings --------------------------------------------------------------

  private async pullConfiguration(): Promise<void> {
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration('arc');
      this.applySettings(raw ?? this.initialSettings, true);
    } catch (error) {
      this.logger.warn(`could not read the \`arc\` settings: ${describeError(error)}`);
    }
  }

  private configurationChanged(pushed: unknown): void {
    if (this.client.configuration) {
      void this.pullConfiguration();
      return;
    }
    const section = pushed && typeof pushed === 'object' ? (pushed as { arc?: unknown }).arc : undefined;
    this.applySettings(section ?? this.initialSettings, true);
  }

  private applySettings(raw: unknown, reanalyse: boolean): void {
    const problems: string[] = [];
    const next = readSettings(raw, problems);
    for (const problem of problems) this.logger.warn(`settings: ${problem}`);
    const rulesChanged = JSON.stringify([...next.rules]) !== JSON.stringify([...this.settings.rules]);
    this.settings = next;
    this.logger.level = next.logLevel;
    this.analysis.delay = next.analysisDelay;
    if (rulesChanged) {
      this.workspace.severityOverrides = next.rules;
      if (reanalyse && !this.indexing) this.analysis.invalidateAll(this.workspace.roots());
    }
  }

  // -- documents and files ---------------------------------------------------

  private documentChanged(document: TextDocument): void {
    const uri = normaliseUri(document.uri);
    this.workspace.store.setOpen(uri, document.getText(), document.version);
    this.fileChanged(uri);
  }

  private documentClosed(uri: string): void {
    this.workspace.store.close(uri);
    if (!this.workspace.workspaceFiles.has(uri)) {
      this.forgetFile(uri);
      this.updateRoots();
      return;
    }
    this.fileChanged(uri);
  }

  private fileChangedOnDisk(uri: string, type: FileChangeType): void {
    if (type === FileChangeType.Deleted) this.workspace.workspaceFiles.delete(uri);
    else if (uri.endsWith('.arc') && this.workspace.folders.some((f) => isInsideFolder(f, uri) && realPathInside(f, uri))) {
      // A story file of the workspace; a link that leads outside the workspace folders is not one.
      this.workspace.workspaceFiles.add(uri);
    }
    this.workspace.store.diskChanged(uri);
    if (!this.workspace.isKnown(uri)) {
      const dependents = this.analysis.rootsDependingOn(uri);
      this.forgetFile(uri);
      this.updateRoots();
      this.analysis.invalidate(dependents);
      return;
    }
    if (this.workspace.store.isOpen(uri)) return; // the editor's text wins
    this.fileChanged(uri);
  }

  /**
   * After any change to a known file's text: re-analyse what it touches. Its
   * include items are read when the analysis next runs (`includesSettled`),
   * once for a burst of edits.
   */
  private fileChanged(uri: string): void {
    const affected = new Set<string>([...this.workspace.rootsOf(uri), ...this.analysis.rootsDependingOn(uri)]);
    this.workspace.includesChanged(uri);
    if (this.indexing) return;
    // A file no project holds (open on its own) is analysed as its own root, like any other.
    this.analysis.invalidate([...affected]);
  }

  /** Reads the include items of the files changed since the last run; re-analyses the roots a changed graph makes or touches. */
  private includesSettled(): void {
    const affected = new Set<string>();
    try {
      const changed = this.workspace.settleIncludes();
      // The graph is whole again: its roots are made once, for every file whose includes changed.
      if (changed.length > 0) for (const root of this.updateRoots()) affected.add(root);
      for (const uri of changed) for (const root of this.workspace.rootsOf(uri)) affected.add(root);
    } catch (error) {
      this.logger.error('reading include items failed', error);
    }
    if (affected.size > 0 && !this.indexing) this.analysis.invalidate([...affected]);
  }

  /** Stops tracking a file that is neither open nor in the workspace. */
  private forgetFile(uri: string): void {
    this.workspace.includes.remove(uri);
    this.workspace.dropCaches(uri);
    this.analysis.forgetRoot(uri);
    this.analysis.clearFile(uri);
  }

  /** Recomputes the roots; forgets old ones; returns the new ones. */
  private updateRoots(): string[] {
    const next = new Set(this.workspace.roots());
    const added: string[] = [];
    for (const root of this.roots) if (!next.has(root)) this.analysis.forgetRoot(root);
    for (const root of next) if (!this.roots.has(root)) added.push(root);
    this.roots = next;
    return added;
  }

  // -- commands --------------------------------------------------------------

  private async executeCommand(command: string, args: readonly unknown[], context: FeatureContext): Promise<unknown> {
    switch (command) {
      case COMMANDS.showImpact: {
        const arg = args[0] as { uri?: unknown; position?: unknown } | undefined;
        if (!arg || typeof arg.uri !== 'string' || !isPosition(arg.position)) {
          throw new ResponseError(ErrorCodes.InvalidParams, `${COMMANDS.showImpact} takes { uri, position }`);
        }
        return showImpact(context, normaliseUri(arg.uri), arg.position);
      }
      case COMMANDS.fixAll: {
        const arg = args[0];
        const uri = typeof arg === 'string' ? arg : (arg as { uri?: unknown } | undefined)?.uri;
        if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${COMMANDS.fixAll} takes a document URI or { uri, scope? }`);
        const scope = (arg as { scope?: unknown } | undefined)?.scope === 'project' ? 'project' : 'document';
        const normalised = normaliseUri(uri);
        const snapshot = await snapshotFor(context, normalised, 'analysed');
        if (!snapshot) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not an Arc document the server knows`);
        const result = fixAll(context, snapshot, scope === 'project' ? {} : { file: normalised });
        let applied = false;
        if (Object.keys(result.edit.changes ?? {}).length > 0) {
          const response = await this.connection.workspace.applyEdit({ label: 'Fix all conflicts', edit: result.edit });
          applied = response.applied;
        }
        return { applied, repairs: result.applied, remaining: result.remaining };
      }
      default:
        throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${command}`);
    }
  }

  private memoryUsage(): unknown {
    return {
      process: process.memoryUsage(),
      maxRssKb: process.resourceUsage().maxRSS,
      analyses: { ...this.analysis.counters },
      parses: this.workspace.parses.misses,
    };
  }
}

/**
 * Parameters a person can read an error about: an object, whose
 * `textDocument` (when the request has one) names a URI, and whose
 * `position` (when present) is a line and a character.
 */
function checkParams(name: string, params: unknown): void {
  if (params === undefined || params === null || typeof params !== 'object') {
    throw new ResponseError(ErrorCodes.InvalidParams, `${name}: the parameters must be an object`);
  }
  const p = params as { textDocument?: unknown; position?: unknown };
  if ('textDocument' in p || TEXT_DOCUMENT_REQUESTS.has(name)) {
    const document = p.textDocument as { uri?: unknown } | null | undefined;
    if (!document || typeof document !== 'object' || typeof document.uri !== 'string') {
      throw new ResponseError(ErrorCodes.InvalidParams, `${name}: \`textDocument.uri\` must be a string`);
    }
  }
  if ('position' in p && !isPosition(p.position)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `${name}: \`position\` must be { line, character }`);
  }
}

const TEXT_DOCUMENT_REQUESTS = new Set([
  'hover', 'completion', 'definition', 'references', 'prepareRename', 'rename', 'documentSymbol', 'semanticTokens',
  'foldingRange', 'formatting', 'codeLens', 'codeAction',
]);
