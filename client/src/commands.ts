/**
 * The extension's own commands. They are thin: each asks the language
 * server and presents what it answers.
 *
 * Client command ids differ from the server's (`arc.showImpact`,
 * `arc.fixAll`), which vscode-languageclient registers as VS Code commands
 * of their own from the server's executeCommandProvider.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

export const SERVER_SHOW_IMPACT = 'arc.showImpact';
export const SERVER_FIX_ALL = 'arc.fixAll';
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('arc');

/** The argument of the server's `arc.showImpact`: a document and a position in it. */
export interface ShowImpactArgument {
  readonly uri: string;
  readonly position: { readonly line: number; readonly character: number };
}

type ClientProvider = () => LanguageClient | undefined;

function activeArcEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'arc') {
    void vscode.window.showWarningMessage('Open an Arc story script (.arc) and put the cursor on a beat first.');
    return undefined;
  }
  return editor;
}

async function runningClient(getClient: ClientProvider): Promise<LanguageClient | undefined> {
  const client = getClient();
  if (!client) {
    void vscode.window.showErrorMessage('The Arc language server is not running (see the "Arc Language Server" output).');
    return undefined;
  }
  if (client.needsStart()) await client.start();
  return client;
}

/** Turns whatever the server answered into markdown. */
export function impactMarkdown(result: unknown): string {
  if (result === null || result === undefined) return 'No impact: nothing depends on this beat.';
  if (typeof result === 'string') return result;
  if (typeof result === 'object') {
    const record = result as Record<string, unknown>;
    for (const key of ['markdown', 'value', 'contents']) {
      if (typeof record[key] === 'string') return record[key] as string;
    }
  }
  return '```json\n' + JSON.stringify(result, null, 2) + '\n```';
}

/**
 * "Arc: Show impact of beat": runs the server's `arc.showImpact` at the cursor
 * and shows the markdown it returns in a preview beside the story. Returns the
 * markdown (for tests and other extensions).
 */
export async function showImpact(getClient: ClientProvider): Promise<string | undefined> {
  const editor = activeArcEditor();
  if (!editor) return undefined;
  const client = await runningClient(getClient);
  if (!client) return undefined;
  const argument: ShowImpactArgument = {
    uri: client.code2ProtocolConverter.asUri(editor.document.uri),
    position: { line: editor.selection.active.line, character: editor.selection.active.character },
  };
  const result: unknown = await client.sendRequest(ExecuteCommandRequest.type, {
    command: SERVER_SHOW_IMPACT,
    arguments: [argument],
  });
  const markdown = impactMarkdown(result);
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', document.uri);
  } catch {
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
  return markdown;
}

/**
 * "Arc: Fix all conflicts": asks for the `source.fixAll.arc` code action of
 * the active story and applies it; when the server offers none, runs its
 * `arc.fixAll` command. Returns how many actions were applied.
 */
export async function fixAll(getClient: ClientProvider): Promise<number> {
  const editor = activeArcEditor();
  if (!editor) return 0;
  const document = editor.document;
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider', document.uri, whole, FIX_ALL_KIND.value, 1,
  )) ?? [];
  let applied = 0;
  for (const action of actions) {
    if (action.kind && !FIX_ALL_KIND.contains(action.kind)) continue;
    if (action.edit && !(await vscode.workspace.applyEdit(action.edit))) continue;
    if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    applied++;
  }
  if (applied === 0) {
    const client = await runningClient(getClient);
    if (!client) return 0;
    const capabilities = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    if (capabilities.includes(SERVER_FIX_ALL)) {
      await client.sendRequest(ExecuteCommandRequest.type, {
        command: SERVER_FIX_ALL,
        arguments: [{ uri: client.code2ProtocolConverter.asUri(document.uri), scope: 'document' }],
      });
      applied = 1;
    }
  }
  if (applied === 0) void vscode.window.showInformationMessage('Arc: no verified fixes to apply.');
  return applied;
}
