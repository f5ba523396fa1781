/**
 * What the story map and the player share as webview panels that follow
 * the project: their requests to the server run one at a time (one more
 * after it when asked meanwhile, or when the answer was ContentModified),
 * and they ask again on every change of an Arc document or of the Arc
 * diagnostics, forget their page when it is hidden (a page shown again is
 * a new one, which says `ready`), and follow the editor's cursor.
 */
import * as vscode from 'vscode';

/** LSP's ContentModified (the document changed while the server was answering) and RequestCancelled: ask again. */
const CONTENT_MODIFIED = -32801;
const REQUEST_CANCELLED = -32800;

export function askAgain(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === CONTENT_MODIFIED || code === REQUEST_CANCELLED;
}

/** Runs `request` one at a time; a `run` while one is in flight, or a `retry` from it, makes one more after it. */
export class SerialRequests {
  private inFlight = false;
  private again = false;

  constructor(private readonly request: () => Promise<void>) {}

  run(): void {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = true;
    void this.request().finally(() => {
      this.inFlight = false;
      if (this.again) {
        this.again = false;
        this.run();
      }
    });
  }

  /** From inside the request: run once more when it is done. */
  retry(): void {
    this.again = true;
  }
}

export interface LivePanel {
  received(message: unknown): void;
  /** The page was hidden: it is dropped, and the next one starts afresh. */
  hidden(): void;
  refresh(): void;
  cursorMoved(editor: vscode.TextEditor): void;
  dispose(): void;
}

/** The subscriptions that keep `live` following its page, the project and the cursor. */
export function followProject(panel: vscode.WebviewPanel, live: LivePanel): vscode.Disposable[] {
  return [
    panel.onDidDispose(() => live.dispose()),
    panel.webview.onDidReceiveMessage((message: unknown) => live.received(message)),
    panel.onDidChangeViewState(() => {
      if (!panel.visible) live.hidden();
    }),
    vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((uri) => uri.path.endsWith('.arc'))) live.refresh();
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.languageId === 'arc' && event.contentChanges.length > 0) live.refresh();
    }),
    vscode.window.onDidChangeTextEditorSelection((event) => live.cursorMoved(event.textEditor)),
  ];
}

/** An LSP range, as the server sends it. */
export interface ProtocolRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

export function toRange(range: ProtocolRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** Of the items declared in `uri`, the innermost whose extent holds `position`. */
export function innermost<T extends { readonly uri: string; readonly extent: ProtocolRange }>(
  items: Iterable<T>, uri: string, position: vscode.Position,
): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (item.uri !== uri || !toRange(item.extent).contains(position)) continue;
    if (!best || toRange(best.extent).contains(toRange(item.extent))) best = item;
  }
  return best;
}
