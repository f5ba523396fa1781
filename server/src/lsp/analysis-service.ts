/**
 * The one analysis of the language server: per project root, the newest
 * snapshot (see snapshot.ts), which is both what the editor's diagnostics
 * were published from and what every other feature answers from.
 *
 * - An edit bumps the generation of every root whose project it touches and
 *   marks them dirty. A run of an older generation stops at its next step,
 *   before parsing, before linking, or between two checks, so a burst of
 *   edits costs about one analysis: work for a superseded version is dropped
 *   before it starts.
 * - One run at a time, on the main thread, in short steps: between steps the
 *   event loop reads the next messages (edits cancel, requests wait). Runs
 *   of projects holding open documents go first.
 * - A run makes the *linked* snapshot first (project, path model, graph,
 *   scales: enough for hover, navigation, impact, lenses), then runs the
 *   checks and completes it as *analysed*. Only an analysed snapshot whose
 *   files are all unchanged is published, so diagnostics of an old version
 *   are never published after those of a newer one.
 * - Requests wait for the phase they need of a snapshot that is current for
 *   the document; if the document changes while they wait, they are answered
 *   with ContentModified, as the protocol asks.
 * - Edits that change no token but prose, comments and layout publish the
 *   previous conflicts with their ranges moved at once (exactly what a full
 *   analysis gives: no check reads prose, comments or layout), before any
 *   parsing or linking; the project is linked and analysed again only when
 *   a request needs its snapshot.
 */
import { performance } from 'node:perf_hooks';
import type { LineIndex, RuleLevel } from '@nao/grammar';
import {
  CancelledError, loadProject, startAnalysis, throwIfCancelled, type CancellationToken, type Diagnostic,
} from '@narrative-arc/orchestrator';
import { toLspDiagnostic } from './convert.js';
import { StoreHost } from './files.js';
import type { Logger } from './logger.js';
import type { PendingOutput } from './output.js';
import { shiftConflicts } from './prose-edits.js';
import { ProjectSnapshot, type SnapshotPhase } from './snapshot.js';
import type { ArcWorkspace } from './workspace.js';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';

/** Where published diagnostics go (the connection, or a test). */
export interface DiagnosticsSink {
  publish(uri: string, version: number | undefined, diagnostics: LspDiagnostic[]): void;
}

/** Why a request was not answered from a snapshot: the document changed while it waited. */
export class ContentModifiedError extends Error {
  constructor(uri: string) {
    super(`${uri} changed while the request waited for its analysis`);
    this.name = 'ContentModifiedError';
  }
}

interface RootState {
  /** Bumped by every change to a file of the project: older runs stop. */
  generation: number;
  dirty: boolean;
  /** A run of this root is under way. */
  running: boolean;
  /** A request waits for a current snapshot: the next run links and analyses even when the fast path served the diagnostics. */
  wanted: boolean;
  /** The newest snapshot made (linked or analysed). */
  latest: ProjectSnapshot | undefined;
  /** The analysed snapshot whose diagnostics are published, per file. */
  published: { readonly snapshot: ProjectSnapshot | undefined; readonly files: Record<string, LspDiagnostic[]> } | undefined;
}


export class AnalysisService {
  private readonly states = new Map<string, RootState>();
  private readonly publishedKeys = new Map<string, string>();
  private waiters: (() => void)[] = [];
  /** Counts invalidations, so that a run starts only after a turn of the event loop that brought none. */
  private changes = 0;
  private running = false;
  /** The pending start of the loop: a timer, or an immediate when there is no delay (a timer of 0 ms waits at least 1 ms). */
  private timer: { readonly cancel: () => void } | undefined;
  private disposed = false;
  /** While false (the workspace is being indexed), runs wait. */
  private started = false;
  /** Milliseconds to wait after the last change before a run starts (`arc.analysisDelay`). */
  delay = 0;
  /** Steps of a run take about this long before the event loop gets a turn (0: after every step). */
  sliceMs = 8;
  /** Turn off the prose-edit fast path (tests compare both). */
  fastPath = true;
  /**
   * Called before a run picks its root and before a request looks for its
   * snapshot: the server reads the include items of the files edited since
   * (the roots may change), once for a burst of edits.
   */
  beforeRun: () => void = () => undefined;
  /** How many runs finished, were superseded, published (for tests and the memory request). */
  readonly counters = { finished: 0, superseded: 0, shifted: 0 };

  constructor(
    private readonly workspace: ArcWorkspace,
    private readonly sink: DiagnosticsSink,
    private readonly logger: Logger,
    /** The messages on their way to the client: a run waits for them before each step (output.ts). */
    private readonly output?: PendingOutput,
  ) {}

  get severityOverrides(): ReadonlyMap<string, RuleLevel> {
    return this.workspace.severityOverrides;
  }

  /** Lets runs begin (after the workspace was indexed). */
  start(): void {
    this.started = true;
    this.kick(0);
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.cancel();
    for (const state of this.states.values()) state.generation++;
    this.wake();
  }

  // -- changes ------------------------------------------------------------------

  /** The projects of these roots must be analysed again (a file of theirs changed). */
  invalidate(roots: Iterable<string>, delay = this.delay): void {
    if (this.disposed) return;
    for (const root of roots) {
      const state = this.state(root);
      state.generation++;
      state.dirty = true;
    }
    this.changes++;
    this.kick(delay);
  }

  /** Every project is analysed again (settings changed). */
  invalidateAll(roots: Iterable<string>): void {
    for (const state of this.states.values()) {
      // Nothing earlier may be reused, not even by the fast path.
      state.latest = undefined;
      if (state.published) state.published = { snapshot: undefined, files: state.published.files };
    }
    this.invalidate(roots, 0);
  }

  /** Roots whose newest snapshot read (or tried to read) `uri`, beyond what the include index knows. */
  rootsDependingOn(uri: string): string[] {
    const roots: string[] = [];
    for (const [root, state] of this.states) {
      const snapshot = state.latest ?? state.published?.snapshot;
      if (snapshot?.dependencies.has(uri)) roots.push(root);
    }
    return roots;
  }

  /** A file is no longer a root: drop its state and republish the files its diagnostics covered. */
  forgetRoot(root: string): void {
    const state = this.states.get(root);
    if (!state) return;
    state.generation++;
    this.states.delete(root);
    for (const uri of Object.keys(state.published?.files ?? {})) this.publishFile(uri);
    this.wake();
  }

  /** Clears the diagnostics of a file the server no longer tracks. */
  clearFile(uri: string): void {
    const published = this.publishedKeys.get(uri);
    if (published === undefined || published === '[]') return;
    this.publishedKeys.set(uri, '[]');
    this.sink.publish(uri, undefined, []);
  }

  // -- what features read ---------------------------------------------------------

  /** The last published diagnostics of a file, over every project holding it. */
  diagnosticsOf(uri: string): LspDiagnostic[] {
    const merged: LspDiagnostic[] = [];
    for (const state of this.states.values()) merged.push(...(state.published?.files[uri] ?? []));
    return merged;
  }

  /** Whether nothing is dirty or running. */
  get idle(): boolean {
    return !this.running && ![...this.states.values()].some((s) => s.dirty);
  }

  /** Resolves once nothing is dirty or running (for tests and benchmarks in process). */
  async settled(): Promise<void> {
    while (!this.idle && !this.disposed) await this.nextProgress();
  }

  /**
   * The snapshot of the project holding `uri` (the first by root that holds
   * it), current for every file it read, in at least `phase`. Waits for the
   * run that makes it. Undefined when the server does not know the document.
   * Throws ContentModifiedError when `uri` changes while waiting, and
   * CancelledError when the request is cancelled.
   */
  async snapshotFor(uri: string, phase: SnapshotPhase, token: CancellationToken): Promise<ProjectSnapshot | undefined> {
    return (await this.snapshotsFor(uri, phase, token, true))[0];
  }

  /** Like `snapshotFor`, the snapshots of every project holding `uri` (for references and rename). */
  async snapshotsFor(uri: string, phase: SnapshotPhase, token: CancellationToken, firstOnly = false): Promise<ProjectSnapshot[]> {
    if (!this.workspace.isKnown(uri)) return [];
    const revision = this.workspace.store.revision(uri);
    for (;;) {
      throwIfCancelled(token);
      if (this.disposed || !this.workspace.isKnown(uri)) return [];
      if (this.workspace.store.revision(uri) !== revision) throw new ContentModifiedError(uri);
      this.beforeRun();
      const found = this.currentSnapshotsFor(uri, phase, firstOnly);
      if (found !== 'wait') return found;
      await this.nextProgress();
    }
  }

  /**
   * The newest snapshot holding `uri`, current or not, without waiting: for
   * completion, which only needs the project's names and must not wait for
   * the edit being typed to be linked. Undefined when there is none yet.
   */
  latestSnapshotFor(uri: string): ProjectSnapshot | undefined {
    for (const root of this.rootsHolding(uri)) {
      const snapshot = this.states.get(root)?.latest;
      if (snapshot?.project.files.has(uri)) return snapshot;
    }
    return undefined;
  }

  private rootsHolding(uri: string): string[] {
    const roots = [...this.workspace.rootsOf(uri)];
    if (!roots.includes(uri)) roots.push(uri); // a file no project holds stands alone
    return roots;
  }

  /** The current snapshots holding `uri` in `phase`, or 'wait' while one of them is still being made. */
  private currentSnapshotsFor(uri: string, phase: SnapshotPhase, firstOnly: boolean): ProjectSnapshot[] | 'wait' {
    const found: ProjectSnapshot[] = [];
    for (const root of this.rootsHolding(uri)) {
      if (root === uri && found.length > 0) break; // standing alone only when no project holds it
      const state = this.state(root);
      const snapshot = state.latest;
      if (!snapshot || !this.isCurrent(snapshot)) {
        state.wanted = true;
        if (!state.dirty && !state.running) this.invalidate([root], 0);
        return 'wait';
      }
      if (!snapshot.project.files.has(uri)) continue;
      if (phase === 'analysed' && snapshot.phase !== 'analysed') return 'wait';
      found.push(snapshot);
      if (firstOnly) break;
    }
    return found;
  }

  private nextProgress(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  // -- runs -----------------------------------------------------------------------

  private state(root: string): RootState {
    let state = this.states.get(root);
    if (!state) this.states.set(root, (state = { generation: 0, dirty: false, running: false, wanted: false, latest: undefined, published: undefined }));
    return state;
  }

  private isCurrent(snapshot: ProjectSnapshot): boolean {
    const store = this.workspace.store;
    for (const [uri, revision] of snapshot.dependencies) if (store.revision(uri) !== revision) return false;
    return true;
  }

  private kick(delay: number): void {
    if (this.disposed || !this.started || this.running) return;
    this.timer?.cancel();
    const begin = (): void => {
      this.timer = undefined;
      void this.loop();
    };
    if (delay > 0) {
      const timeout = setTimeout(begin, delay);
      this.timer = { cancel: () => clearTimeout(timeout) };
    } else {
      const immediate = setImmediate(begin);
      this.timer = { cancel: () => clearImmediate(immediate) };
    }
  }

  /** Runs dirty roots one at a time until none is left. */
  private async loop(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        // Let queued messages (the rest of a burst of edits) arrive first: the
        // protocol library hands over one message per turn of the event loop,
        // so wait for a turn that brought no change.
        let seen: number;
        do {
          seen = this.changes;
          await yieldToEventLoop();
        } while (this.changes !== seen && !this.disposed);
        this.beforeRun();
        const root = this.nextDirtyRoot();
        if (!root || this.disposed) break;
        const state = this.state(root);
        state.dirty = false;
        state.running = true;
        try {
          await this.run(root, state, state.generation);
        } finally {
          state.running = false;
        }
      }
    } finally {
      this.running = false;
      this.wake();
    }
    if (!this.disposed && [...this.states.values()].some((s) => s.dirty)) this.kick(this.delay);
  }

  private nextDirtyRoot(): string | undefined {
    const open = new Set(this.workspace.store.openUris().flatMap((uri) => [...this.workspace.rootsOf(uri), uri]));
    let best: string | undefined;
    for (const [root, state] of this.states) {
      if (!state.dirty) continue;
      if (best === undefined || (open.has(root) && !open.has(best)) || (open.has(root) === open.has(best) && root < best)) best = root;
    }
    return best;
  }

  private async run(root: string, state: RootState, generation: number): Promise<void> {
    const token: CancellationToken = {
      get isCancellationRequested() {
        return state.generation !== generation;
      },
    };
    const started = performance.now();
    try {
      const store = this.workspace.store;
      const previous = state.published;
      if (this.fastPath && previous?.snapshot) {
        const shifted = shiftConflicts(previous.snapshot, (uri) => store.text(uri), this.workspace.texts);
        if (shifted) {
          this.counters.shifted++;
          const files = [...previous.snapshot.project.files.keys()];
          this.publishRoot(root, state, files, (uri) => this.lineIndexNow(uri), shifted, undefined);
          // The diagnostics are current; the project is linked again only when a request needs it.
          if (!state.wanted) return;
        }
      }
      await this.parseChangedFiles(root, state, token);
      throwIfCancelled(token);
      const host = new StoreHost(store, root);
      // The last linked project of this root keeps the symbols and name uses of the files the edit left alone.
      const previousProject = state.latest?.project ?? previous?.snapshot?.project;
      const project = loadProject(host, root, { parseFile: this.workspace.parses.parseFile, ...(previousProject ? { previousProject } : {}) });
      const dependencies = new Map<string, number>();
      for (const uri of host.dependencies) dependencies.set(uri, store.revision(uri));
      // The previous analysis of this root lets checks whose inputs the edit did not touch be skipped
      // (they reported nothing and would again); settings changes drop it (invalidateAll).
      const previousAnalysis = state.latest?.analysis ?? previous?.snapshot?.analysis;
      const analysisRun = startAnalysis(project, {
        token, severityOverrides: this.severityOverrides, ...(previousAnalysis ? { previous: previousAnalysis } : {}),
      });
      const snapshot = new ProjectSnapshot(root, analysisRun.structure, dependencies, this.workspace.texts);
      state.latest = snapshot;
      state.wanted = false;
      this.wake();
      // Requests waiting for the linked snapshot (hover, navigation) are answered, and their answers written, before the first check runs.
      await this.nextTurn();
      throwIfCancelled(token);

      let sliceStarted = performance.now();
      for (;;) {
        const step = analysisRun.steps.next();
        if (step.done) {
          snapshot.completeAnalysis(step.value);
          break;
        }
        if (performance.now() - sliceStarted > this.sliceMs) {
          await this.nextTurn();
          sliceStarted = performance.now();
        }
      }
      throwIfCancelled(token);
      if (!this.isCurrent(snapshot)) {
        // A file changed without reaching `invalidate` (should not happen): analyse again.
        state.dirty = true;
        return;
      }
      this.counters.finished++;
      this.publishRoot(root, state, snapshot.project.files.keys(), (uri) => snapshot.lineIndex(uri), snapshot.analysis!.diagnostics, snapshot);
      this.logger.debug(`${root}: analysed in ${(performance.now() - started).toFixed(1)} ms`);
    } catch (error) {
      if (error instanceof CancelledError || token.isCancellationRequested) {
        this.counters.superseded++;
        return;
      }
      this.logger.error(`analysing ${root} failed`, error);
    } finally {
      this.wake();
    }
  }

  /**
   * Parses the project's files whose text changed since its last snapshot,
   * one file per turn of the event loop, so that a new edit can stop the run
   * between files; loading the project then finds every parse cached.
   */
  private async parseChangedFiles(root: string, state: RootState, token: CancellationToken): Promise<void> {
    const files = state.latest ? [...state.latest.project.files.keys()] : [root];
    let sliceStarted = performance.now();
    for (const uri of files) {
      throwIfCancelled(token);
      const text = this.workspace.store.text(uri);
      if (text === undefined) continue;
      this.workspace.parses.parse(uri, text);
      if (performance.now() - sliceStarted > this.sliceMs) {
        await this.nextTurn();
        sliceStarted = performance.now();
      }
    }
  }

  /**
   * A turn of the event loop for the messages that arrived, then the
   * messages on their way out: an answer is written before the next step,
   * not one step per turn of the protocol library's writer.
   */
  private async nextTurn(): Promise<void> {
    await yieldToEventLoop();
    await this.output?.flushed(OUTPUT_WAIT_LIMIT_MS);
  }

  // -- publishing ------------------------------------------------------------------

  private lineIndexNow(uri: string): LineIndex | undefined {
    const text = this.workspace.store.text(uri);
    return text === undefined ? undefined : this.workspace.texts.lineIndex(uri, text);
  }

  /** Publishes conflicts of the project of `root`, whose files are `uris`, positions from `lineIndexOf`. */
  private publishRoot(
    root: string, state: RootState, uris: Iterable<string>, lineIndexOf: (uri: string) => LineIndex | undefined,
    diagnostics: readonly Diagnostic[], analysed: ProjectSnapshot | undefined,
  ): void {
    if (!this.workspace.isRoot(root)) {
      // No longer a root (it became included by another file, or was deleted): its diagnostics come from its roots.
      return;
    }
    const files: Record<string, LspDiagnostic[]> = {};
    for (const uri of uris) files[uri] = [];
    for (const diagnostic of diagnostics) {
      const converted = toLspDiagnostic(diagnostic, lineIndexOf);
      if (converted) (files[diagnostic.file] ??= []).push(converted);
    }
    const before = Object.keys(state.published?.files ?? {});
    state.published = { snapshot: analysed ?? state.published?.snapshot, files };
    // Publish as pending-free: the root being published is not pending any more for these diagnostics.
    for (const uri of new Set([...before, ...Object.keys(files)])) this.publishFile(uri, root);
  }

  /** Publishes a file's diagnostics (the union over the projects holding it) when none of them is pending. */
  private publishFile(uri: string, publishing?: string): void {
    const holders: LspDiagnostic[][] = [];
    for (const [root, state] of this.states) {
      const files = state.published?.files;
      if (!files || !(uri in files)) continue;
      if (root !== publishing && (state.dirty || state.running)) return;
      holders.push(files[uri]!);
    }
    const seen = new Set<string>();
    const diagnostics: LspDiagnostic[] = [];
    for (const list of holders) {
      for (const diagnostic of list) {
        const key = JSON.stringify([diagnostic.code, diagnostic.range, diagnostic.message]);
        if (seen.has(key)) continue;
        seen.add(key);
        diagnostics.push(diagnostic);
      }
    }
    const version = this.workspace.store.version(uri);
    const key = JSON.stringify([version ?? null, diagnostics]);
    if (this.publishedKeys.get(uri) === key) return;
    this.publishedKeys.set(uri, key);
    this.sink.publish(uri, version, diagnostics);
  }
}

/** A run waits at most this long for messages to be written (a client that stops reading must not stop the analysis). */
const OUTPUT_WAIT_LIMIT_MS = 50;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
