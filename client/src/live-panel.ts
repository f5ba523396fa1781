/**
 * What the story map and the player share as webview panels that follow
 * the project: one panel of each kind at a time (`PanelSlot`), opened
 * beside the story with scripts from the extension's bundle only
 * (`createLiveWebview`); their requests to the server run one at a time
 * (one more after it when asked meanwhile, or when the answer was
 * ContentModified), and they ask again on every change of an Arc document
 * or of the Arc diagnostics, forget their page when it is hidden (a page
 * shown again is a new one, which says `ready`), follow the editor's
 * cursor, and reveal a declaration in the text editor (`revealDeclaration`).
 * Each is opened on a conflict by a code action on its diagnostic
 * (`ConflictActions`).
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

/** The one open panel of a kind, and an event that fires when it has drawn or closed. */
export class PanelSlot<T> {
  private held: T | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  get current(): T | undefined {
    return this.held;
  }

  hold(panel: T): T {
    this.held = panel;
    return panel;
  }

  /** `panel` was closed: the slot is empty again if it held it. */
  closed(panel: T): void {
    if (this.held === panel) this.held = undefined;
    this.changed.fire();
  }

  /** The panel has drawn. */
  drawn(): void {
    this.changed.fire();
  }
}

/**
 * A webview panel beside the story, not taking the focus from it, that may
 * run scripts and load files only from the extension's webview bundle;
 * its page is dropped when hidden (`LivePanel.hidden`).
 */
export function createLiveWebview(viewType: string, title: string, extensionUri: vscode.Uri): { panel: vscode.WebviewPanel; bundle: vscode.Uri } {
  const bundle = vscode.Uri.joinPath(extensionUri, 'client', 'out', 'webview');
  const panel = vscode.window.createWebviewPanel(viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
    enableScripts: true,
    localResourceRoots: [bundle],
    retainContextWhenHidden: false,
  });
  return { panel, bundle };
}

/** Shows a declaration in the text editor of `column` with the focus, `range` (its name) selected and in view. */
export async function revealDeclaration(uri: vscode.Uri, range: vscode.Range, column: vscode.ViewColumn): Promise<void> {
  const editor = await vscode.window.showTextDocument(uri, { viewColumn: column, selection: range, preserveFocus: false });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/**
 * A quick fix on each Arc diagnostic that `argument` accepts (from the
 * document and the diagnostic's `data`; undefined: none), running `command`
 * with what it returns.
 */
export class ConflictActions implements vscode.CodeActionProvider {
  constructor(
    readonly kind: vscode.CodeActionKind,
    private readonly title: string,
    private readonly command: string,
    private readonly argument: (document: vscode.TextDocument, data: Readonly<Record<string, unknown>>) => unknown,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'arc') continue;
      const data = (diagnostic as { data?: unknown }).data;
      if (!data || typeof data !== 'object') continue;
      const argument = this.argument(document, data as Record<string, unknown>);
      if (argument === undefined) continue;
      const action = new vscode.CodeAction(this.title, this.kind);
      action.diagnostics = [diagnostic];
      action.command = { command: this.command, title: this.title, arguments: [argument] };
      actions.push(action);
    }
    return actions;
  }

  register(): vscode.Disposable {
    return vscode.languages.registerCodeActionsProvider({ language: 'arc' }, this, { providedCodeActionKinds: [this.kind] });
  }
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
