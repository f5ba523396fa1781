/**
 * The story map in VS Code: the command *Arc: Open story map* (also a button
 * in the title bar of an Arc editor), and the code action *Show on the story
 * map* on each Arc diagnostic, which opens the map with the conflict's node,
 * the beats it names and its witness path highlighted.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ConflictActions } from '../live-panel.js';
import { StoryMapPanel, type StoryMapViewState } from './panel.js';

export const OPEN_STORY_MAP = 'arc.openStoryMap';
export const SHOW_ON_STORY_MAP = 'arc.showOnStoryMap';

/** The argument of `arc.showOnStoryMap`. */
export interface ShowOnStoryMapArgument {
  readonly uri: string;
  readonly conflictId: string;
}

type ClientProvider = () => LanguageClient | undefined;

function arcDocument(uri?: vscode.Uri): vscode.TextDocument | undefined {
  if (uri) return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'arc');
  return editor?.document.languageId === 'arc' ? editor.document : vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'arc')?.document;
}

/** Opens the map of the active story (or of `uri`, from the editor title button). */
async function openStoryMap(extensionUri: vscode.Uri, getClient: ClientProvider, uri?: vscode.Uri): Promise<StoryMapViewState | undefined> {
  let document = arcDocument(uri instanceof vscode.Uri ? uri : undefined);
  if (!document && uri instanceof vscode.Uri) document = await vscode.workspace.openTextDocument(uri);
  if (!document || document.languageId !== 'arc') {
    void vscode.window.showWarningMessage('Open an Arc story script (.arc) first: the map shows the story it belongs to.');
    return undefined;
  }
  const column = vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn;
  return StoryMapPanel.show(extensionUri, getClient, document, column).state;
}

/** *Show on the story map*, on every Arc diagnostic (each carries its conflict's id). */
const showOnMap = new ConflictActions(vscode.CodeActionKind.QuickFix.append('storyMap'), 'Show on the story map', SHOW_ON_STORY_MAP,
  (document, data): ShowOnStoryMapArgument | undefined =>
    typeof data['id'] === 'string' ? { uri: document.uri.toString(), conflictId: data['id'] } : undefined);

export function registerStoryMap(context: vscode.ExtensionContext, getClient: ClientProvider): {
  state: () => StoryMapViewState | undefined;
  onDidChange: vscode.Event<void>;
} {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_STORY_MAP, (uri?: vscode.Uri) => openStoryMap(context.extensionUri, getClient, uri)),
    vscode.commands.registerCommand(SHOW_ON_STORY_MAP, async (argument?: ShowOnStoryMapArgument) => {
      if (!argument || typeof argument.uri !== 'string' || typeof argument.conflictId !== 'string') return undefined;
      const state = await openStoryMap(context.extensionUri, getClient, vscode.Uri.parse(argument.uri));
      StoryMapPanel.active?.highlight(argument.conflictId);
      return state;
    }),
    showOnMap.register(),
    { dispose: () => StoryMapPanel.active?.dispose() },
  );
  return { state: () => StoryMapPanel.active?.state, onDidChange: StoryMapPanel.onDidChangeState };
}
