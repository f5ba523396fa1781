/**
 * The story map view: a webview beside the story that draws the map the
 * language server computes (`arc/storyMap`) and follows the project live.
 * This side only asks the server and relays: it asks for what the view
 * draws (the open arcs, the filters, a search, a conflict to show: the
 * server answers with only that, collapsed arcs as one box each), re-asks
 * whenever the diagnostics of an Arc file change or an Arc document is
 * edited, reveals a node's declaration when the webview asks, and tells the
 * webview which node (or collapsed arc) holds the cursor. Every message
 * from the webview is checked first (protocol.ts).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  askAgain, createLiveWebview, followProject, innermost, PanelSlot, revealDeclaration, SerialRequests, toRange, type LivePanel,
} from '../live-panel.js';
import { webviewHtml } from '../webview-html.js';
import {
  parseFromWebview, STORY_MAP_REQUEST, type Expanded, type FromWebview, type MapFilters, type PageView, type StoryMapAnswer,
  type ToWebview, type ViewCollapsedArc, type ViewNode,
} from './protocol.js';

type ClientProvider = () => LanguageClient | undefined;


/** What the panel last drew, for tests and other extensions. */
export interface StoryMapViewState {
  readonly open: boolean;
  readonly version: number | undefined;
  /** Beats and options drawn (not those inside collapsed arcs). */
  readonly nodes: number;
  /** Collapsed arcs drawn. */
  readonly collapsed: number;
  /** Beats and options of the whole map. */
  readonly total: number;
  /** The open arcs. */
  readonly expanded: Expanded | undefined;
  /** How many times the webview drew a map. */
  readonly renders: number;
  readonly lastRenderMillis: number | undefined;
}

/** The open story map. */
const opened = new PanelSlot<StoryMapPanel>();

export class StoryMapPanel implements vscode.Disposable, LivePanel {
  /** Fires when the view has drawn a map, or closed. */
  static readonly onDidChangeState = opened.onDidChange;

  private readonly disposables: vscode.Disposable[] = [];
  private answer: StoryMapAnswer | undefined;
  private postedJson: string | undefined;
  private readonly requests = new SerialRequests(() => this.request());
  private ready = false;
  private queued: ToWebview[] = [];
  private renders = 0;
  private lastRenderMillis: number | undefined;
  private lastRenderedVersion: number | undefined;
  /** What the view draws: the open arcs (undefined: the server's default), the filters. */
  private expanded: Expanded | undefined;
  private filters: MapFilters = {};
  /** Asked once, answered by the next map: a search (`find`) and a conflict to show. */
  private find: string | undefined;
  private conflict: string | undefined;
  /** Grows when the webview asks for another view, so that an answer to an older one is not drawn. */
  private viewGeneration = 0;
  private selectedPosted: string | null | undefined;

  static get active(): StoryMapPanel | undefined {
    return opened.current;
  }

  /** Opens the map of `document`'s project beside it, or brings the open one forward. */
  static show(extensionUri: vscode.Uri, getClient: ClientProvider, document: vscode.TextDocument, column?: vscode.ViewColumn): StoryMapPanel {
    const existing = opened.current;
    if (existing) {
      existing.document = document.uri;
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      existing.refresh();
      return existing;
    }
    const { panel, bundle } = createLiveWebview('arc.storyMap', 'Story map', extensionUri);
    return opened.hold(new StoryMapPanel(panel, bundle, getClient, document.uri, column ?? vscode.ViewColumn.One));
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    bundle: vscode.Uri,
    private readonly getClient: ClientProvider,
    private document: vscode.Uri,
    private textColumn: vscode.ViewColumn,
  ) {
    panel.webview.html = webviewHtml({ webview: panel.webview, bundle, name: 'story-map', title: 'Story map', body: BODY });
    this.disposables.push(...followProject(panel, this));
    this.refresh();
  }

  get state(): StoryMapViewState {
    return {
      open: opened.current === this,
      version: this.answer?.version,
      nodes: this.answer?.view.nodes.length ?? 0,
      collapsed: this.answer?.view.collapsed.length ?? 0,
      total: this.answer?.view.totals.nodes ?? 0,
      expanded: this.expanded,
      renders: this.renders,
      lastRenderMillis: this.lastRenderMillis,
    };
  }

  /** Marks a conflict on the map: its node, the beats it names and its witness path. */
  highlight(conflictId: string): void {
    this.conflict = conflictId;
    this.viewGeneration++;
    this.refresh();
  }

  dispose(): void {
    opened.closed(this);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  // -- the map -----------------------------------------------------------------

  /** Asks the server for the map again; requests never overlap (one more is made if asked meanwhile). */
  refresh(): void {
    this.requests.run();
  }

  /** A webview shown again is a new page: it asks with `ready` and gets the map again. */
  hidden(): void {
    this.ready = false;
    this.postedJson = undefined;
    this.selectedPosted = undefined;
  }

  private async request(): Promise<void> {
    const client = this.getClient();
    if (!client) return;
    const generation = this.viewGeneration;
    const { find, conflict } = this;
    const view = {
      ...(this.expanded !== undefined ? { expanded: this.expanded } : {}),
      ...(Object.keys(this.filters).length > 0 ? { filters: this.filters } : {}),
      ...(find !== undefined ? { find } : {}),
      ...(conflict !== undefined ? { conflict } : {}),
    };
    try {
      if (client.needsStart()) await client.start();
      const answer = await client.sendRequest<StoryMapAnswer>(STORY_MAP_REQUEST, { uri: client.code2ProtocolConverter.asUri(this.document), view });
      // The webview asked for another view meanwhile: that one is asked for next (with the same search or
      // conflict, if still unanswered), this one is not drawn.
      if (generation !== this.viewGeneration) {
        this.requests.retry();
        return;
      }
      if (this.find === find) this.find = undefined;
      if (this.conflict === conflict) this.conflict = undefined;
      this.answer = answer;
      this.expanded = answer.view.expanded;
      this.panel.title = answer.view.title ? `Story map: ${answer.view.title}` : 'Story map';
      this.sendMap();
    } catch (error) {
      if (askAgain(error)) {
        this.requests.retry();
        return;
      }
      void vscode.window.showWarningMessage(`Arc: the story map could not be made: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private sendMap(): void {
    if (!this.answer || !this.ready) return;
    // The page needs no ranges or URIs (reveals and the cursor are handled here).
    const { view } = this.answer;
    const slim: PageView = {
      ...view,
      nodes: view.nodes.map(({ uri: _u, range: _r, extent: _e, ...rest }) => rest),
      groups: view.groups.map(({ uri: _u, range: _r, extent: _e, ...rest }) => rest),
      collapsed: view.collapsed.map(({ uri: _u, range: _r, extent: _e, ...rest }) => rest),
    };
    const message: ToWebview = { type: 'map', version: this.answer.version, view: slim };
    const json = JSON.stringify(message);
    if (json === this.postedJson) return;
    this.postedJson = json;
    void this.panel.webview.postMessage(message);
    // What holds the cursor may be drawn differently now (an arc opened or collapsed).
    if (vscode.window.activeTextEditor) this.cursorMoved(vscode.window.activeTextEditor);
  }

  private post(message: ToWebview): void {
    if (!this.ready) {
      this.queued.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  received(raw: unknown): void {
    const message: FromWebview | undefined = parseFromWebview(raw);
    if (!message) return; // not a message this view sends: ignored
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.postedJson = undefined;
        this.selectedPosted = undefined;
        this.sendMap();
        for (const queued of this.queued.splice(0)) void this.panel.webview.postMessage(queued);
        if (vscode.window.activeTextEditor) this.cursorMoved(vscode.window.activeTextEditor);
        break;
      case 'expand':
        this.expanded = message.expanded;
        this.viewGeneration++;
        this.refresh();
        break;
      case 'filter':
        this.filters = message.filters;
        this.viewGeneration++;
        this.refresh();
        break;
      case 'find':
        this.find = message.query;
        this.viewGeneration++;
        this.refresh();
        break;
      case 'reveal':
        void this.reveal(message.id);
        break;
      case 'rendered':
        this.renders++;
        this.lastRenderMillis = message.millis;
        this.lastRenderedVersion = message.version;
        opened.drawn();
        break;
      case 'export':
        void this.export(message.format, message.data);
        break;
    }
  }

  /** Shows a node's (or an arc's) declaration in the text editor, the name selected. */
  private async reveal(id: string): Promise<void> {
    const view = this.answer?.view;
    const item = view?.nodes.find((n) => n.id === id) ?? view?.groups.find((g) => g.id === id) ?? view?.collapsed.find((a) => a.id === id);
    const client = this.getClient();
    if (!item || !client) return;
    await revealDeclaration(client.protocol2CodeConverter.asUri(item.uri), toRange(item.range), this.textColumn);
  }

  /**
   * The node whose declaration holds the cursor of an Arc editor (the
   * innermost), selected on the map; in a collapsed arc, the arc's box (it
   * stays collapsed: a click opens it).
   */
  cursorMoved(editor: vscode.TextEditor): void {
    if (editor.document.languageId !== 'arc' || !this.answer) return;
    if (editor.viewColumn !== undefined) this.textColumn = editor.viewColumn;
    const client = this.getClient();
    if (!client) return;
    const uri = client.code2ProtocolConverter.asUri(editor.document.uri);
    const cursor = editor.selection.active;
    const best = innermost<ViewNode | ViewCollapsedArc>([...this.answer.view.nodes, ...this.answer.view.collapsed], uri, cursor);
    const id = best?.id ?? null;
    if (id === this.selectedPosted) return;
    this.selectedPosted = id;
    this.post({ type: 'select', id });
  }

  private async export(format: 'svg' | 'png', data: string): Promise<void> {
    const base = this.answer?.view.title?.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'story-map';
    const folder = vscode.workspace.getWorkspaceFolder(this.document)?.uri ?? vscode.Uri.joinPath(this.document, '..');
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, `${base}.${format}`),
      filters: format === 'svg' ? { 'SVG picture': ['svg'] } : { 'PNG picture': ['png'] },
    });
    if (!target) return;
    const bytes = format === 'svg' ? new TextEncoder().encode(data) : Buffer.from(data, 'base64');
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(`Arc: the story map was saved to ${vscode.workspace.asRelativePath(target)}`);
  }
}

/** The page's fixed markup; everything from the story is added as text by the script. */
const BODY = `<div id="toolbar" role="toolbar" aria-label="Story map">
  <input id="search" type="search" placeholder="Search beats" aria-label="Search by name or title">
  <select id="filter-character" aria-label="Character"><option value="">All characters</option></select>
  <select id="filter-arc" aria-label="Arc"><option value="">All arcs</option></select>
  <select id="filter-scale" aria-label="Scale"><option value="">All scales</option><option value="macro">macro</option><option value="meso">meso</option><option value="micro">micro</option></select>
  <select id="filter-code" aria-label="Conflict code"><option value="">All conflicts</option></select>
  <button id="fit" type="button" title="Fit the map to the view">Fit</button>
  <button id="zoom-in" type="button" title="Zoom in" aria-label="Zoom in">+</button>
  <button id="zoom-out" type="button" title="Zoom out" aria-label="Zoom out">−</button>
  <button id="expand-all" type="button" title="Open every arc (on a big story: the arcs drawn collapsed, one level at a time)">Expand all</button>
  <button id="collapse-all" type="button" title="Collapse every arc">Collapse all</button>
  <button id="export-svg" type="button" title="Save the map as SVG">SVG</button>
  <button id="export-png" type="button" title="Save the map as PNG">PNG</button>
</div>
<div id="status" role="status" aria-live="polite"></div>
<div id="view" tabindex="-1"></div>`;
