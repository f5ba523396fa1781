/**
 * The VS Code extension for Arc story scripts: a thin client that starts the
 * Arc language server, forwards the `arc.*` settings, and adds its commands
 * (in the palette, and those code lenses run), a read-only impact view, the
 * story map and the player (webviews drawing what the server computes), and
 * a status-bar item with the project's conflict counts. Everything else
 * (diagnostics, hover, completion, rename, quick fixes) comes from the server.
 */
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification, LanguageClient, State, type LanguageClientOptions,
} from 'vscode-languageclient/node';
import { fixAll, LENS_PEEK_LOCATIONS, LENS_SHOW_MARKDOWN, peekLocations, showImpact, showMarkdown } from './commands.js';
import { IMPACT_SCHEME, ImpactViewProvider } from './impact-view.js';
import { locateServer, serverOptions } from './server-launch.js';
import { ConflictStatus, type ConflictCounts } from './status.js';
import { registerPlayer } from './player/index.js';
import { registerStoryMap } from './story-map/index.js';

/** What `activate` returns, for tests and other extensions. */
export interface ArcExtensionApi {
  /** The running client, or undefined when the server could not be found. */
  readonly client: () => LanguageClient | undefined;
  /** Resolves once the server has answered `initialize` (rejects if it failed to start). */
  readonly ready: Promise<void>;
  readonly conflictCounts: () => ConflictCounts;
  /** What the story map view shows, when it is open. */
  readonly storyMap?: () => unknown;
  /** Fires when the story map view has drawn a map, or closed. */
  readonly onDidChangeStoryMap?: vscode.Event<void>;
  /** What the player shows, when it is open. */
  readonly player?: () => unknown;
  /** Fires when the player has drawn a run, or closed. */
  readonly onDidChangePlayer?: vscode.Event<void>;
}

let client: LanguageClient | undefined;

/**
 * The `arc` settings as the server reads them (server/src/lsp/settings.ts):
 * the editor setting `arc.severity` is the server's `rules` map (code ->
 * off/error/warning/info/hint, winning over the story's `rules` block).
 * Sent the same way on every channel: initializationOptions.settings, the
 * answer to workspace/configuration for section `arc`, and
 * workspace/didChangeConfiguration as `{ arc: ... }`.
 */
export interface ServerSettings {
  readonly analysisDelay: number;
  readonly rules: Record<string, string>;
  readonly codeLens: { readonly enabled: boolean; readonly showEmpty: boolean };
  readonly logLevel: string;
}

export function settingsForServer(resource?: vscode.Uri): ServerSettings {
  const config = vscode.workspace.getConfiguration('arc', resource);
  return {
    analysisDelay: config.get<number>('analysisDelay') ?? 50,
    rules: { ...(config.get<Record<string, string>>('severity') ?? {}) },
    codeLens: {
      enabled: config.get<boolean>('codeLens.enabled') ?? true,
      showEmpty: config.get<boolean>('codeLens.showEmpty') ?? false,
    },
    logLevel: config.get<string>('logLevel') ?? 'info',
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<ArcExtensionApi> {
  const output = vscode.window.createOutputChannel('Arc Language Server', { log: true });
  context.subscriptions.push(output);

  const status = new ConflictStatus();
  context.subscriptions.push(status);

  const impactView = new ImpactViewProvider();
  context.subscriptions.push(impactView, vscode.workspace.registerTextDocumentContentProvider(IMPACT_SCHEME, impactView));

  context.subscriptions.push(
    vscode.commands.registerCommand('arc.showImpactOfBeat', () => showImpact(() => client, impactView)),
    vscode.commands.registerCommand(LENS_PEEK_LOCATIONS, peekLocations),
    vscode.commands.registerCommand(LENS_SHOW_MARKDOWN, (title: unknown, markdown: unknown) => showMarkdown(impactView, title, markdown)),
    vscode.commands.registerCommand('arc.fixAllConflicts', () => fixAll(() => client)),
    vscode.commands.registerCommand('arc.restartServer', async () => {
      if (client) await client.restart();
    }),
  );

  const storyMap = registerStoryMap(context, () => client);
  const player = registerPlayer(context, () => client);

  const location = locateServer(context);
  if (!location) {
    const message = 'Arc: the language server is missing (neither client/out/server/main.js nor ' +
      'server/out/src/lsp/main.js exists). Run `npm run build:client`.';
    output.error(message);
    void vscode.window.showErrorMessage(message);
    const failed = Promise.reject(new Error(message));
    failed.catch(() => undefined);
    return { client: () => undefined, ready: failed, conflictCounts: () => status.counts };
  }
  output.info(`Starting the ${location.kind} Arc language server: ${location.module}`);

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'arc' },
      { scheme: 'untitled', language: 'arc' },
    ],
    synchronize: {
      configurationSection: 'arc',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.arc'),
    },
    initializationOptions: () => ({ settings: settingsForServer() }),
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return answers.map((answer: unknown, index) => {
            const item = params.items[index];
            if (item?.section !== 'arc') return answer;
            return settingsForServer(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined);
          });
        },
        didChangeConfiguration: async (sections, next) => {
          if (!client || !sections?.includes('arc')) return next(sections);
          await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { arc: settingsForServer() } });
        },
      },
    },
    outputChannel: output,
    diagnosticCollectionName: 'arc',
  };

  // The id 'arc' makes vscode-languageclient read the `arc.trace.server` setting.
  client = new LanguageClient('arc', 'Arc Language Server', serverOptions(location), clientOptions);
  context.subscriptions.push(client.onDidChangeState((event) => {
    if (event.newState === State.Stopped) status.update();
  }));
  const ready = client.start();
  ready.catch((error: unknown) => {
    output.error(`The Arc language server failed to start: ${String(error)}`);
  });

  return { client: () => client, ready, conflictCounts: () => status.counts, storyMap: storyMap.state, onDidChangeStoryMap: storyMap.onDidChange,
    player: player.state, onDidChangePlayer: player.onDidChange,
  };
}

export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running && running.needsStop()) await running.stop();
}
