/**
 * The player: a webview beside the story that plays one path of it, from
 * the start or from a beat, with the picks the writer makes. The run (where
 * it starts and the picks, by name) lives here, so it survives edits: every
 * analysed version is played again with the same picks, and a pick whose
 * option vanished stops the run with the server's note. The server computes
 * every playthrough (`arc/playthrough`) and the statistics over all paths
 * (`arc/pathStatistics`); this side only asks, relays and reveals. Every
 * message from the webview is checked first (protocol.ts).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  askAgain, createLiveWebview, followProject, innermost, PanelSlot, revealDeclaration, SerialRequests, toRange, type LivePanel,
} from '../live-panel.js';
import { webviewHtml } from '../webview-html.js';
import {
  parseFromWebview, PATH_STATISTICS_REQUEST, PLAYTHROUGH_REQUEST,
  type FromWebview, type LocatedStep, type PathStatisticsAnswer, type PathStep, type PlaythroughAnswer, type PlayView, type ToWebview,
} from './protocol.js';

type ClientProvider = () => LanguageClient | undefined;


/** Where a run starts and what it picks. */
export interface PlayRun {
  /** The beat to play from (by name); undefined: the start. */
  readonly from?: string;
  /** Or the beat at this position of the document (resolved by the server, then kept by name). */
  readonly position?: vscode.Position;
  /** The picks, in the order they were made. */
  readonly picks?: readonly PathStep[];
  /** A conflict to stop at: the run shows up to its beat. */
  readonly focus?: string;
}

/** What the player shows, for tests and other extensions. */
export interface PlayerViewState {
  readonly open: boolean;
  readonly version: number | undefined;
  readonly from: string | null;
  /** The path so far: `keep_watch → search`. */
  readonly path: string;
  readonly steps: readonly string[];
  /** The choice the run waits on, with its options. */
  readonly next: { readonly choice: string; readonly options: readonly string[] } | null;
  readonly ended: boolean;
  readonly notes: readonly string[];
  readonly stopAt: string | null;
  /** How many times the page drew a run. */
  readonly renders: number;
  /** The version the page drew last. */
  readonly renderedVersion: number | undefined;
}

/** The open player. */
const opened = new PanelSlot<PlayerPanel>();

export class PlayerPanel implements vscode.Disposable, LivePanel {
  /** Fires when the page has drawn a run, or closed. */
  static readonly onDidChangeState = opened.onDidChange;

  private readonly disposables: vscode.Disposable[] = [];
  private from: string | undefined;
  private position: vscode.Position | undefined;
  private picks: PathStep[] = [];
  private focus: string | undefined;
  /** Whether the run still stops at the focused conflict's beat ("Continue" clears it). */
  private stopping = false;
  private answer: PlaythroughAnswer | undefined;
  private statistics: PathStatisticsAnswer | undefined;
  private readonly requests = new SerialRequests(() => this.request());
  private ready = false;
  private renders = 0;
  private renderedVersion: number | undefined;
  /** What the page was last sent, per message type, so that only what changed is sent again. */
  private readonly posted = new Map<ToWebview['type'], string>();

  static get active(): PlayerPanel | undefined {
    return opened.current;
  }

  /** Opens the player on `document`'s project with `run`, or points the open one at it. */
  static show(extensionUri: vscode.Uri, getClient: ClientProvider, document: vscode.Uri, run: PlayRun, column?: vscode.ViewColumn): PlayerPanel {
    const existing = opened.current;
    if (existing) {
      existing.document = document;
      existing.start(run);
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const { panel, bundle } = createLiveWebview('arc.player', 'Play', extensionUri);
    return opened.hold(new PlayerPanel(panel, bundle, getClient, document, column ?? vscode.ViewColumn.One, run));
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    bundle: vscode.Uri,
    private readonly getClient: ClientProvider,
    private document: vscode.Uri,
    private textColumn: vscode.ViewColumn,
    run: PlayRun,
  ) {
    panel.webview.html = webviewHtml({ webview: panel.webview, bundle, name: 'player', title: 'Play', body: BODY });
    this.disposables.push(...followProject(panel, this));
    this.start(run);
  }

  get state(): PlayerViewState {
    const play = this.answer?.play;
    const view = this.view();
    return {
      open: opened.current === this,
      version: this.answer?.version,
      from: play?.from ?? null,
      path: (play?.picks ?? []).map((p) => `${p.choice} → ${p.option}`).join(', '),
      steps: view?.steps.map((s) => s.beat) ?? [],
      next: view?.next ? { choice: view.next.choice, options: view.next.options.map((o) => o.option) } : null,
      ended: view?.ended ?? false,
      notes: play?.notes ?? [],
      stopAt: view?.stopAt ?? null,
      renders: this.renders,
      renderedVersion: this.renderedVersion,
    };
  }

  dispose(): void {
    opened.closed(this);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  // -- the run -----------------------------------------------------------------

  private start(run: PlayRun): void {
    this.from = run.from;
    this.position = run.from === undefined ? run.position : undefined;
    this.picks = [...(run.picks ?? [])];
    this.focus = run.focus;
    this.stopping = run.focus !== undefined;
    this.refresh();
  }

  /** Asks the server again; requests never overlap (one more is made if asked meanwhile). */
  refresh(): void {
    this.requests.run();
  }

  /** A webview shown again is a new page: it asks with `ready` and gets the run again. */
  hidden(): void {
    this.ready = false;
    this.posted.clear();
  }

  private async request(): Promise<void> {
    const client = this.getClient();
    if (!client) return;
    try {
      if (client.needsStart()) await client.start();
      const uri = client.code2ProtocolConverter.asUri(this.document);
      const picks: Record<string, string> = {};
      for (const pick of this.picks) picks[pick.choice] = pick.option;
      const where = this.position ? { position: { line: this.position.line, character: this.position.character } } : this.from !== undefined ? { from: this.from } : {};
      const answer = await client.sendRequest<PlaythroughAnswer>(PLAYTHROUGH_REQUEST, { uri, ...where, picks });
      // A run opened at a position is kept by the beat's name from now on.
      if (this.position) {
        this.position = undefined;
        this.from = answer.play.from ?? undefined;
      }
      this.answer = answer;
      this.panel.title = answer.title ? `Play: ${answer.title}` : 'Play';
      this.send();
      if (this.statistics?.version !== answer.version) {
        this.statistics = await client.sendRequest<PathStatisticsAnswer>(PATH_STATISTICS_REQUEST, { uri });
        this.send();
      }
    } catch (error) {
      if (askAgain(error)) {
        this.requests.retry();
        return;
      }
      this.post({ type: 'error', message: `The story could not be played: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  /** The run as the page draws it: up to the focused conflict's beat while stopping there. */
  private view(): PlayView | undefined {
    const answer = this.answer;
    if (!answer) return undefined;
    const { play } = answer;
    const at = this.stopping && this.focus !== undefined ? play.steps.findIndex((s) => s.conflicts.includes(this.focus!)) : -1;
    const shown = at >= 0 ? play.steps.slice(0, at + 1) : play.steps;
    return {
      version: answer.version,
      title: answer.title,
      from: play.from,
      path: play.picks,
      picked: this.picks.length,
      steps: shown.map(({ uri: _u, range: _r, extent: _e, ...step }) => step),
      next: at >= 0 ? null : play.next,
      ended: at >= 0 ? false : play.ended,
      conflicts: play.conflicts,
      notes: play.notes,
      stopAt: at >= 0 ? play.steps[at]!.beat : null,
      focus: this.focus ?? null,
      limits: answer.limits,
    };
  }

  private send(): void {
    const view = this.view();
    if (!view || !this.ready) return;
    const messages: ToWebview[] = [{ type: 'play', play: view }];
    if (this.statistics) {
      messages.push({ type: 'statistics', version: this.statistics.version, statistics: this.statistics.statistics, worst: this.statistics.worst });
    }
    for (const message of messages) {
      const json = JSON.stringify(message);
      if (this.posted.get(message.type) === json) continue;
      this.posted.set(message.type, json);
      this.post(message);
    }
  }

  private post(message: ToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  received(raw: unknown): void {
    const message: FromWebview | undefined = parseFromWebview(raw);
    if (!message) return; // not a message this view sends: ignored
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.posted.clear();
        this.send();
        if (vscode.window.activeTextEditor) this.cursorMoved(vscode.window.activeTextEditor);
        break;
      case 'pick': {
        const next = this.view()?.next;
        // Only an option of the choice the run waits on.
        if (!next || next.choice !== message.choice || !next.options.some((o) => o.option === message.option)) return;
        this.picks = [...this.picks.filter((p) => p.choice !== message.choice), { choice: message.choice, option: message.option }];
        this.stopping = false;
        this.refresh();
        break;
      }
      case 'back':
        if (this.picks.length === 0) return;
        this.picks = this.picks.slice(0, -1);
        this.stopping = false;
        this.refresh();
        break;
      case 'restart':
        this.picks = [];
        this.stopping = false;
        this.refresh();
        break;
      case 'fromStart':
        this.from = undefined;
        this.picks = [];
        this.stopping = false;
        this.refresh();
        break;
      case 'continue':
        this.stopping = false;
        this.send();
        break;
      case 'reveal':
        void this.reveal(message.beat);
        break;
      case 'rendered':
        this.renders++;
        this.renderedVersion = message.version;
        opened.drawn();
        break;
    }
  }

  private step(beat: string): LocatedStep | undefined {
    return this.answer?.play.steps.find((s) => s.beat === beat);
  }

  /** Shows a beat's declaration in the text editor, the name selected (the story map follows the cursor). */
  private async reveal(beat: string): Promise<void> {
    const step = this.step(beat);
    const client = this.getClient();
    if (!step || !client) return;
    await revealDeclaration(client.protocol2CodeConverter.asUri(step.uri), toRange(step.range), this.textColumn);
  }

  /** The played beat whose declaration holds the cursor (the innermost), selected in the page. */
  cursorMoved(editor: vscode.TextEditor): void {
    if (editor.document.languageId !== 'arc' || !this.answer) return;
    if (editor.viewColumn !== undefined) this.textColumn = editor.viewColumn;
    const client = this.getClient();
    if (!client) return;
    const uri = client.code2ProtocolConverter.asUri(editor.document.uri);
    const best = innermost(this.answer.play.steps, uri, editor.selection.active);
    this.post({ type: 'select', beat: best?.beat ?? null });
  }
}

/** The page's fixed markup; everything from the story is added as text by the script. */
const BODY = `<div id="toolbar" role="toolbar" aria-label="Player">
  <button id="back" type="button" title="Undo the last pick">Back</button>
  <button id="restart" type="button" title="Play this run again from its first beat, without picks">Restart</button>
  <button id="from-start" type="button" title="Play from the start of the story">From the start</button>
  <label id="worst-toggle" title="Draw the paths with the highest peak and the worst rise over the curve"><input id="worst" type="checkbox"> Worst paths</label>
</div>
<div id="path" role="status" aria-live="polite"></div>
<div id="main">
  <section id="transcript" aria-label="Transcript" tabindex="-1"></section>
  <aside id="state" aria-label="State of the story"></aside>
</div>
<section id="pacing" aria-label="Pacing curve"><div id="chart"></div><ol id="chart-points" class="sr-only"></ol></section>`;
