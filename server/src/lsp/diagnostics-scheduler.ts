/**
 * Keeps the published diagnostics in step with the documents.
 *
 * - An edit marks the roots whose projects hold the edited file dirty,
 *   CANCELS any analysis in flight (it bumps the shared generation that the
 *   running analysis polls), and (re)starts a short delay (`arc.analysisDelay`).
 * - When the delay ends, one job analyses the dirty roots in the worker.
 * - A result is published only if no file it read has changed since its job
 *   was posted, so diagnostics of an old document version are never
 *   published; a stale result just marks its root dirty again.
 * - A file's diagnostics are the union over every root whose project holds
 *   it, published once none of those roots is still pending.
 */
import { Worker } from 'node:worker_threads';
import type { Connection, Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { RootResult } from './diagnostics-engine.js';
import { createEngineHandler, GENERATION, type FromEngine, type ToEngine } from './diagnostics-protocol.js';
import type { Logger } from './logger.js';
import type { ArcWorkspace } from './workspace.js';

interface Job {
  readonly id: number;
  readonly generation: number;
  /** The store clock when the job was posted: files changed after it make results stale. */
  readonly postedAt: number;
  readonly pending: Set<string>;
}

/** Where the engine runs: a worker thread, or (fallback) the main thread. */
interface EngineChannel {
  post(message: ToEngine): void;
  terminate(): void;
}

const MAX_RESTARTS = 5;

export class DiagnosticsScheduler {
  private readonly shared = new Int32Array(new SharedArrayBuffer(4));
  private channel: EngineChannel | undefined;
  private restarts = 0;
  private nextJobId = 1;
  private readonly jobs = new Map<number, Job>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly results = new Map<string, RootResult>();
  private readonly published = new Map<string, string>();
  private readonly memoryRequests = new Map<number, (usage: NodeJS.MemoryUsage | undefined) => void>();
  private disposed = false;
  delay = 0;

  constructor(
    private readonly connection: Connection,
    private readonly workspace: ArcWorkspace,
    private readonly logger: Logger,
    private readonly useWorker = true,
  ) {}

  start(): void {
    this.channel = this.createChannel();
    this.syncEngine();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.cancelInFlight();
    this.channel?.terminate();
    this.channel = undefined;
  }

  // -- engine state ---------------------------------------------------------

  private createChannel(): EngineChannel {
    if (this.useWorker) {
      try {
        return this.createWorker();
      } catch (error) {
        this.logger.error('could not start the diagnostics worker; analysing on the main thread', error);
      }
    }
    const handle = createEngineHandler(this.shared, (message) => setImmediate(() => this.receive(message)));
    return {
      post: (message) => setImmediate(() => handle(message)),
      terminate: () => undefined,
    };
  }

  private createWorker(): EngineChannel {
    const worker = new Worker(new URL('./diagnostics-worker.js', import.meta.url), {
      workerData: { shared: this.shared.buffer },
      // The worker's stdout must never reach the protocol stream.
      stdout: true,
      stderr: true,
    });
    worker.stdout.on('data', (chunk: Buffer) => this.logger.info(`[diagnostics worker] ${chunk.toString().trimEnd()}`));
    worker.stderr.on('data', (chunk: Buffer) => this.logger.warn(`[diagnostics worker] ${chunk.toString().trimEnd()}`));
    worker.on('message', (message: FromEngine) => this.receive(message));
    worker.on('error', (error) => this.logger.error('the diagnostics worker failed', error));
    worker.on('exit', (code) => {
      if (this.disposed) return;
      this.logger.error(`the diagnostics worker stopped (exit code ${code})`);
      this.restart();
    });
    worker.unref();
    return { post: (message) => worker.postMessage(message), terminate: () => void worker.terminate() };
  }

  private restart(): void {
    for (const job of this.jobs.values()) for (const root of job.pending) this.dirty.add(root);
    this.jobs.clear();
    for (const [, resolve] of this.memoryRequests) resolve(undefined);
    this.memoryRequests.clear();
    if (++this.restarts > MAX_RESTARTS) {
      this.logger.error('the diagnostics worker keeps stopping; analysing on the main thread from now on');
      const handle = createEngineHandler(this.shared, (message) => setImmediate(() => this.receive(message)));
      this.channel = { post: (message) => setImmediate(() => handle(message)), terminate: () => undefined };
    } else {
      this.channel = this.createChannel();
    }
    this.syncEngine();
    this.arm(0);
  }

  /** Sends the engine everything it must know (after a start or restart). */
  private syncEngine(): void {
    this.post({ type: 'folders', folders: this.workspace.folders });
    this.post({ type: 'settings', severityOverrides: [...this.workspace.severityOverrides] });
    for (const uri of this.workspace.store.openUris()) {
      const text = this.workspace.store.text(uri);
      if (text !== undefined) this.post({ type: 'open', uri, text, version: this.workspace.store.version(uri) ?? 0 });
    }
  }

  private post(message: ToEngine): void {
    try {
      this.channel?.post(message);
    } catch (error) {
      this.logger.error(`could not send \`${message.type}\` to the diagnostics engine`, error);
    }
  }

  // -- what the server tells the scheduler ---------------------------------

  foldersChanged(): void {
    this.post({ type: 'folders', folders: this.workspace.folders });
  }

  settingsChanged(): void {
    this.post({ type: 'settings', severityOverrides: [...this.workspace.severityOverrides] });
    this.schedule(this.workspace.roots(), 0);
  }

  documentChanged(uri: string): void {
    const text = this.workspace.store.text(uri);
    if (text !== undefined) this.post({ type: 'open', uri, text, version: this.workspace.store.version(uri) ?? 0 });
  }

  documentClosed(uri: string): void {
    this.post({ type: 'close', uri });
  }

  diskChanged(uri: string): void {
    this.post({ type: 'disk', uri });
  }

  /** Roots whose projects read `uri` in their last result (beyond what the include index knows). */
  rootsDependingOn(uri: string): string[] {
    const roots: string[] = [];
    for (const [root, result] of this.results) if (result.dependencies.includes(uri)) roots.push(root);
    return roots;
  }

  /** Marks roots dirty, cancels the analysis in flight, and starts the delay. */
  schedule(roots: Iterable<string>, delay = this.delay): void {
    if (this.disposed) return;
    for (const root of roots) this.dirty.add(root);
    this.cancelInFlight();
    this.arm(delay);
  }

  /** A file is no longer a root: drop its results and republish the files they covered. */
  forgetRoot(root: string): void {
    this.dirty.delete(root);
    for (const job of this.jobs.values()) job.pending.delete(root);
    this.post({ type: 'forget', roots: [root] });
    const result = this.results.get(root);
    if (!result) return;
    this.results.delete(root);
    for (const uri of Object.keys(result.files)) this.publish(uri);
  }

  /** Clears the diagnostics of a file the server no longer tracks. */
  clearFile(uri: string): void {
    if (this.published.get(uri) === '[]') return;
    this.published.set(uri, '[]');
    void this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
  }

  /** The last published diagnostics of a file (for hovers and code actions). */
  diagnosticsOf(uri: string): LspDiagnostic[] {
    const merged: LspDiagnostic[] = [];
    for (const result of this.results.values()) merged.push(...(result.files[uri] ?? []));
    return merged;
  }

  memoryUsage(): Promise<NodeJS.MemoryUsage | undefined> {
    const requestId = this.nextJobId++;
    return new Promise((resolve) => {
      this.memoryRequests.set(requestId, resolve);
      this.post({ type: 'memory', requestId });
      setTimeout(() => {
        if (this.memoryRequests.delete(requestId)) resolve(undefined);
      }, 2000).unref();
    });
  }

  /** Whether nothing is dirty or in flight. */
  get idle(): boolean {
    return this.dirty.size === 0 && this.jobs.size === 0;
  }

  // -- jobs -----------------------------------------------------------------

  private cancelInFlight(): void {
    if (this.jobs.size === 0) return;
    Atomics.add(this.shared, GENERATION, 1);
    for (const job of this.jobs.values()) for (const root of job.pending) this.dirty.add(root);
    this.jobs.clear();
  }

  private arm(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, delay);
  }

  private flush(): void {
    if (this.dirty.size === 0 || this.disposed) return;
    // Projects of open documents first: that is where the writer is looking.
    const open = new Set(this.workspace.store.openUris().flatMap((uri) => [...this.workspace.rootsOf(uri)]));
    const roots = [...this.dirty].sort((a, b) => Number(open.has(b)) - Number(open.has(a)) || (a < b ? -1 : a > b ? 1 : 0));
    this.dirty.clear();
    const job: Job = {
      id: this.nextJobId++,
      generation: Atomics.load(this.shared, GENERATION),
      postedAt: this.workspace.store.clock,
      pending: new Set(roots),
    };
    this.jobs.set(job.id, job);
    this.logger.debug(`analysing ${roots.length} project(s) (job ${job.id})`);
    this.post({ type: 'analyse', jobId: job.id, generation: job.generation, roots });
  }

  private receive(message: FromEngine): void {
    try {
      switch (message.type) {
        case 'result': this.onResult(message.jobId, message.result); break;
        case 'failed': {
          this.logger.error(`analysing ${message.root} failed: ${message.message}`);
          this.jobs.get(message.jobId)?.pending.delete(message.root);
          break;
        }
        case 'done': {
          const job = this.jobs.get(message.jobId);
          if (!job) break;
          this.jobs.delete(message.jobId);
          // Roots the job did not reach (it was cancelled) go back to the queue.
          for (const root of job.pending) this.dirty.add(root);
          if (this.dirty.size > 0 && !this.timer) this.arm(this.delay);
          break;
        }
        case 'memory': {
          const resolve = this.memoryRequests.get(message.requestId);
          this.memoryRequests.delete(message.requestId);
          resolve?.(message.usage);
          break;
        }
        case 'log':
          if (message.level === 'error') this.logger.error(message.message);
          else if (message.level === 'warn') this.logger.warn(message.message);
          else if (message.level === 'info') this.logger.info(message.message);
          else this.logger.debug(message.message);
          break;
      }
    } catch (error) {
      this.logger.error(`handling \`${message.type}\` from the diagnostics engine failed`, error);
    }
  }

  private onResult(jobId: number, result: RootResult): void {
    const job = this.jobs.get(jobId);
    if (!job || job.generation !== Atomics.load(this.shared, GENERATION)) return; // cancelled: its roots are dirty again
    job.pending.delete(result.root);
    const store = this.workspace.store;
    if (result.dependencies.some((uri) => store.revision(uri) > job.postedAt)) {
      // A file changed after the job was posted: never publish an old version.
      this.dirty.add(result.root);
      if (!this.timer) this.arm(this.delay);
      return;
    }
    if (!this.workspace.isRoot(result.root)) {
      // No longer a root (it became included by another file, or was deleted).
      this.forgetRoot(result.root);
      return;
    }
    this.logger.debug(`${result.root}: ${result.mode} analysis in ${result.millis.toFixed(1)} ms`);
    const previous = this.results.get(result.root);
    this.results.set(result.root, result);
    const files = new Set(Object.keys(result.files));
    if (previous) for (const uri of Object.keys(previous.files)) files.add(uri);
    for (const uri of files) this.publish(uri);
  }

  private isPending(root: string): boolean {
    if (this.dirty.has(root)) return true;
    for (const job of this.jobs.values()) if (job.pending.has(root)) return true;
    return false;
  }

  /** Publishes a file's diagnostics (the union over its projects) when none of them is pending. */
  private publish(uri: string): void {
    const holders: RootResult[] = [];
    for (const [root, result] of this.results) {
      if (!(uri in result.files)) continue;
      if (this.isPending(root)) return;
      holders.push(result);
    }
    const seen = new Set<string>();
    const diagnostics: LspDiagnostic[] = [];
    for (const result of holders) {
      for (const diagnostic of result.files[uri]!) {
        const key = JSON.stringify([diagnostic.code, diagnostic.range, diagnostic.message]);
        if (seen.has(key)) continue;
        seen.add(key);
        diagnostics.push(diagnostic);
      }
    }
    const version = this.workspace.store.version(uri);
    const key = JSON.stringify([version ?? null, diagnostics]);
    if (this.published.get(uri) === key) return;
    this.published.set(uri, key);
    void this.connection.sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics })
      .catch((error: unknown) => this.logger.error(`could not publish diagnostics for ${uri}`, error));
  }
}
