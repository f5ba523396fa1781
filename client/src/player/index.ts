/**
 * The player in VS Code: the command *Arc: Play from here* (the beat at the
 * cursor, or the start outside every beat; also the code lens the server
 * puts on the story header and on every beat), and the code action *Play the
 * path that shows this* on each path-sensitive Arc diagnostic, which plays
 * the conflict's witness path and stops at its beat.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ConflictActions } from '../live-panel.js';
import { PlayerPanel, type PlayerViewState, type PlayRun } from './panel.js';
import { isId } from '../message-checks.js';
import type { PathStep } from './protocol.js';

export const PLAY_FROM_HERE = 'arc.playFromHere';
export const PLAY_CONFLICT_PATH = 'arc.playConflictPath';

/** The argument of `arc.playFromHere` from a code lens (no argument: the cursor of the active editor). */
export interface PlayFromHereArgument {
  readonly uri: string;
  readonly from?: string;
}

/** The argument of `arc.playConflictPath`. */
export interface PlayConflictPathArgument {
  readonly uri: string;
  readonly conflictId: string;
  readonly path: readonly PathStep[];
}

type ClientProvider = () => LanguageClient | undefined;


function isPath(value: unknown): value is PathStep[] {
  return Array.isArray(value) && value.every((s: unknown) => !!s && typeof s === 'object' &&
    isId((s as { choice?: unknown }).choice) && isId((s as { option?: unknown }).option));
}

async function arcDocument(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? await vscode.workspace.openTextDocument(uri);
  return document.languageId === 'arc' ? document : undefined;
}

function open(extensionUri: vscode.Uri, getClient: ClientProvider, document: vscode.TextDocument, run: PlayRun): PlayerViewState {
  const column = vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn;
  return PlayerPanel.show(extensionUri, getClient, document.uri, run, column).state;
}

async function playFromHere(extensionUri: vscode.Uri, getClient: ClientProvider, argument?: unknown): Promise<PlayerViewState | undefined> {
  if (argument !== undefined && argument !== null && !(argument instanceof vscode.Uri)) {
    const a = argument as Partial<PlayFromHereArgument>;
    if (typeof a.uri !== 'string' || (a.from !== undefined && !isId(a.from))) return undefined;
    const document = await arcDocument(vscode.Uri.parse(a.uri));
    if (!document) return undefined;
    return open(extensionUri, getClient, document, a.from === undefined ? {} : { from: a.from });
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'arc') {
    void vscode.window.showWarningMessage('Open an Arc story script (.arc) first: the player plays the story it belongs to, from the beat at the cursor.');
    return undefined;
  }
  return open(extensionUri, getClient, editor.document, { position: editor.selection.active });
}

/** *Play the path that shows this*, on the Arc diagnostics of path-sensitive conflicts: they carry their witness path (empty: every path). */
const playPath = new ConflictActions(vscode.CodeActionKind.QuickFix.append('play'), 'Play the path that shows this', PLAY_CONFLICT_PATH,
  (document, data): PlayConflictPathArgument | undefined => {
    const { id, path } = data;
    return isId(id) && isPath(path) ? { uri: document.uri.toString(), conflictId: id, path } : undefined;
  });

export function registerPlayer(context: vscode.ExtensionContext, getClient: ClientProvider): {
  state: () => PlayerViewState | undefined;
  onDidChange: vscode.Event<void>;
} {
  context.subscriptions.push(
    vscode.commands.registerCommand(PLAY_FROM_HERE, (argument?: unknown) => playFromHere(context.extensionUri, getClient, argument)),
    vscode.commands.registerCommand(PLAY_CONFLICT_PATH, async (argument?: unknown) => {
      const a = argument as Partial<PlayConflictPathArgument> | undefined;
      if (!a || typeof a.uri !== 'string' || !isId(a.conflictId) || !isPath(a.path)) return undefined;
      const document = await arcDocument(vscode.Uri.parse(a.uri));
      if (!document) return undefined;
      return open(context.extensionUri, getClient, document, { picks: a.path, focus: a.conflictId });
    }),
    playPath.register(),
    { dispose: () => PlayerPanel.active?.dispose() },
  );
  return { state: () => PlayerPanel.active?.state, onDidChange: PlayerPanel.onDidChangeState };
}
