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
import type { ImpactViewProvider } from './impact-view.js';

export const SERVER_SHOW_IMPACT = 'arc.showImpact';
export const SERVER_FIX_ALL = 'arc.fixAll';
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('arc');
/** Commands the server's code lenses run (server/src/lsp/features/code-lens.ts). */
export const LENS_PEEK_LOCATIONS = 'arc.peekLocations';
export const LENS_SHOW_MARKDOWN = 'arc.showMarkdown';

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

/** What "Arc: Show impact of beat" says when the cursor is not on a beat. */
export const NOT_ON_A_BEAT = 'Place the cursor on a beat (an event or a choice) to see its impact.';

/** Turns what the server answered into markdown, or undefined when it answered nothing (not a beat). */
export function impactMarkdown(result: unknown): string | undefined {
  if (result === null || result === undefined) return undefined;
  if (typeof result === 'string') return result;
  if (typeof result === 'object') {
    const record = result as Record<string, unknown>;
    for (const key of ['markdown', 'value', 'contents']) {
      if (typeof record[key] === 'string') return record[key] as string;
    }
  }
  return '```json\n' + JSON.stringify(result, null, 2) + '\n```';
}

/** The beat an impact is about, from its heading (`**event** `lamp_fails` ...`). */
export function impactSubject(markdown: string): string | undefined {
  return /^\*\*(?:event|choice)\*\* `([^`]+)`/.exec(markdown)?.[1];
}

/** What "Arc: Show impact of beat" did: opened the impact view, or said why not. */
export type ShowImpactResult =
  | { readonly shown: 'impact'; readonly title: string; readonly uri: string; readonly markdown: string }
  | { readonly shown: 'message'; readonly message: string };

/**
 * "Arc: Show impact of beat": runs the server's `arc.showImpact` at the cursor
 * and shows the markdown it returns in the read-only impact view beside the
 * story ("Impact of lamp_fails"). Returns what it did (for tests and other
 * extensions).
 */
export async function showImpact(getClient: ClientProvider, view: ImpactViewProvider): Promise<ShowImpactResult | undefined> {
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
  if (markdown === undefined) {
    void vscode.window.showInformationMessage(NOT_ON_A_BEAT);
    return { shown: 'message', message: NOT_ON_A_BEAT };
  }
  const wordRange = editor.document.getWordRangeAtPosition(editor.selection.active);
  const subject = impactSubject(markdown) ?? (wordRange ? editor.document.getText(wordRange) : 'beat');
  const title = `Impact of ${subject}`;
  const uri = await view.show(title, markdown);
  return { shown: 'impact', title, uri: uri.toString(), markdown };
}

/** A protocol position or location, as the server puts them in a lens's arguments. */
interface ProtocolPosition { readonly line: number; readonly character: number }
interface ProtocolLocation { readonly uri: string; readonly range: { readonly start: ProtocolPosition; readonly end: ProtocolPosition } }

const asPosition = (p: ProtocolPosition): vscode.Position => new vscode.Position(p.line, p.character);

/**
 * `arc.peekLocations(uri, position, locations)`, run by the server's lenses
 * ("3 downstream", "resolved by dawn") with protocol types: peeks at the
 * locations from the position. Returns the locations it peeked at.
 */
export async function peekLocations(uri: unknown, position: unknown, locations: unknown): Promise<vscode.Location[]> {
  if (typeof uri !== 'string' || !isProtocolPosition(position) || !Array.isArray(locations)) {
    throw new Error('arc.peekLocations takes a document URI, a position and a list of locations');
  }
  const targets = (locations as ProtocolLocation[])
    .filter((l) => typeof l?.uri === 'string' && isProtocolPosition(l.range?.start) && isProtocolPosition(l.range?.end))
    .map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(asPosition(l.range.start), asPosition(l.range.end))));
  await vscode.commands.executeCommand('editor.action.peekLocations', vscode.Uri.parse(uri), asPosition(position), targets, 'peek');
  return targets;
}

function isProtocolPosition(value: unknown): value is ProtocolPosition {
  const p = value as ProtocolPosition | undefined;
  return typeof p?.line === 'number' && typeof p.character === 'number';
}

/**
 * `arc.showMarkdown(title, markdown)`, run by the server's lenses (an arc's
 * status, the impact of a beat with nothing downstream): the read-only
 * impact view. Returns the view's URI.
 */
export async function showMarkdown(view: ImpactViewProvider, title: unknown, markdown: unknown): Promise<string> {
  if (typeof title !== 'string' || typeof markdown !== 'string') throw new Error('arc.showMarkdown takes a title and markdown');
  return (await view.show(title, markdown)).toString();
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
