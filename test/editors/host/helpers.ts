/**
 * Helpers for the tests that run inside the real VS Code extension host.
 * Nothing here sleeps: every wait is on an event (diagnostics changed,
 * document changed) with a timeout, re-checking a condition each time.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'narrative-arc.narrative-arc-orchestrator';
export const DEFAULT_TIMEOUT_MS = 20_000;

export interface ArcExtensionApi {
  readonly client: () => { readonly state: number } | undefined;
  readonly ready: Promise<void>;
  readonly conflictCounts: () => { errors: number; warnings: number; infos: number; files: number };
}

/** Waits until `probe` returns a value (not undefined), re-checking whenever one of `events` fires. */
export function waitFor<T>(
  description: string,
  probe: () => T | undefined,
  events: readonly vscode.Event<unknown>[],
  timeoutMs = DEFAULT_TIMEOUT_MS,
  describeState: () => string = () => '',
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const subscriptions: vscode.Disposable[] = [];
    let settled = false;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const subscription of subscriptions) subscription.dispose();
      action();
    };
    const check = (): void => {
      try {
        const value = probe();
        if (value !== undefined) finish(() => resolve(value));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    const timer = setTimeout(() => {
      const state = describeState();
      finish(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${state ? `\n${state}` : ''}`)));
    }, timeoutMs);
    for (const event of events) subscriptions.push(event(check));
    check();
  });
}

/** Rejects a promise that takes longer than `timeoutMs`. */
export async function withTimeout<T>(promise: Thenable<T>, description: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      Promise.resolve(promise),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms: ${description}`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace (test/editors/workspace) opened as a folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openStory(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(document, { preview: false });
}

export async function activateExtension(): Promise<ArcExtensionApi> {
  const extension = vscode.extensions.getExtension<ArcExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  return withTimeout(extension.activate(), 'activating the extension');
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function describeDiagnostics(uri: vscode.Uri): string {
  const diagnostics = vscode.languages.getDiagnostics(uri);
  if (diagnostics.length === 0) return `no diagnostics for ${uri.path}`;
  return `diagnostics for ${uri.path}:\n` + diagnostics
    .map((d) => `  ${codeOf(d)} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`)
    .join('\n');
}

/** Waits for a diagnostic with `code` on `uri` that `matches` (by default, any). */
export function waitForDiagnostic(
  uri: vscode.Uri,
  code: string,
  matches: (diagnostic: vscode.Diagnostic) => boolean = () => true,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<vscode.Diagnostic> {
  return waitFor(
    `${code} on ${uri.path}`,
    () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === code && matches(d)),
    [vscode.languages.onDidChangeDiagnostics],
    timeoutMs,
    () => describeDiagnostics(uri),
  );
}

/** Waits until no diagnostic with `code` on `uri` matches. */
export function waitForNoDiagnostic(
  uri: vscode.Uri,
  code: string,
  matches: (diagnostic: vscode.Diagnostic) => boolean = () => true,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<true> {
  return waitFor(
    `${code} to disappear from ${uri.path}`,
    () => (vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === code && matches(d)) ? undefined : true),
    [vscode.languages.onDidChangeDiagnostics],
    timeoutMs,
    () => describeDiagnostics(uri),
  );
}

/** The position of the `occurrence`-th match of `text` in the document, plus `offset` characters. */
export function positionOf(document: vscode.TextDocument, text: string, offset = 0, occurrence = 1): vscode.Position {
  let index = -1;
  for (let seen = 0; seen < occurrence; seen++) {
    index = document.getText().indexOf(text, index + 1);
    assert.notEqual(index, -1, `"${text}" (occurrence ${occurrence}) not found in ${document.uri.path}`);
  }
  return document.positionAt(index + offset);
}

export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}
