/**
 * Timing and memory measurement for the benchmarks: warm-up runs, the median
 * of several runs, GC between runs (`node --expose-gc`), and a peak-RSS
 * sampler that runs on a worker thread so it keeps sampling while the main
 * thread is busy with synchronous work.
 */
import { Worker } from 'node:worker_threads';

const MB = 1024 * 1024;

/** Runs a full GC when the process was started with `--expose-gc`. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

export const gcExposed = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';

/** Results are stored here so that the engine cannot drop the measured work. */
export let sink: unknown;
export function keep(value: unknown): void {
  sink = value;
}

export interface Timing {
  /** Milliseconds. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export interface TimingOptions {
  /** Unmeasured runs first (default 2). */
  readonly warmup?: number;
  /** At least this many measured runs (default 3). */
  readonly minRuns?: number;
  /** At most this many (default 7). */
  readonly maxRuns?: number;
  /** Stop adding runs (beyond minRuns) once the measured runs took this long in total (default 2000 ms). */
  readonly budgetMs?: number;
  /** Samples already taken (for example a first run that also measured memory); they count as runs. */
  readonly initialSamples?: readonly number[];
}

/** Times a synchronous function: warm-up, then the median of several runs, with a GC before each. */
export function time(fn: () => unknown, options: TimingOptions = {}): Timing {
  const { warmup = 2, minRuns = 3, maxRuns = 7, budgetMs = 2000, initialSamples = [] } = options;
  for (let i = 0; i < warmup; i++) keep(fn());
  const samples: number[] = [...initialSamples];
  let total = samples.reduce((a, b) => a + b, 0);
  while (samples.length < minRuns || (samples.length < maxRuns && total < budgetMs)) {
    keep(undefined);
    collectGarbage();
    const start = performance.now();
    keep(fn());
    const elapsed = performance.now() - start;
    samples.push(elapsed);
    total += elapsed;
  }
  keep(undefined);
  return summarize(samples);
}

/**
 * Times several synchronous functions in rounds: each round runs every one
 * of them once (with a GC before each), in an order that rotates from round
 * to round, until each has `minRuns` runs and then while the rounds stay
 * within `budgetMs` (up to `maxRuns`). A shared machine's speed drifts
 * within seconds; timed one after the other, a ratio of two of them would
 * compare different machines. Options as for `time`, per function.
 */
export function timeTogether(fns: readonly (() => unknown)[], options: Omit<TimingOptions, 'initialSamples'> = {}): Timing[] {
  const { warmup = 2, minRuns = 3, maxRuns = 7, budgetMs = 2000 } = options;
  for (const fn of fns) for (let i = 0; i < warmup; i++) keep(fn());
  const samples: number[][] = fns.map(() => []);
  let total = 0;
  for (let round = 0; round < minRuns || (round < maxRuns && total < budgetMs * fns.length); round++) {
    for (let k = 0; k < fns.length; k++) {
      const at = (round + k) % fns.length;
      keep(undefined);
      collectGarbage();
      const start = performance.now();
      keep(fns[at]!());
      const elapsed = performance.now() - start;
      samples[at]!.push(elapsed);
      total += elapsed;
    }
  }
  keep(undefined);
  return samples.map(summarize);
}

export function summarize(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

// ---------------------------------------------------------------------------
// Memory

/**
 * Samples the process's resident set size every couple of milliseconds on a
 * worker thread and keeps the maximum since the last `reset()`.
 */
export class RssSampler {
  private readonly shared = new Int32Array(new SharedArrayBuffer(8));
  private worker: Worker | undefined;

  start(intervalMs = 2): void {
    if (this.worker) return;
    const code = `
      const { workerData } = require('node:worker_threads');
      const cell = workerData.cell;
      const sample = () => {
        const kb = Math.round(process.memoryUsage.rss() / 1024);
        if (kb > Atomics.load(cell, 0)) Atomics.store(cell, 0, kb);
      };
      setInterval(sample, ${intervalMs});
    `;
    this.worker = new Worker(code, { eval: true, workerData: { cell: this.shared } });
    this.worker.unref();
  }

  /** Forgets the maximum (and records the current RSS as the new starting point). */
  reset(): void {
    Atomics.store(this.shared, 0, Math.round(process.memoryUsage.rss() / 1024));
  }

  /** The highest RSS seen since `reset()`, in bytes (at least the current RSS). */
  peakBytes(): number {
    return Math.max(Atomics.load(this.shared, 0) * 1024, process.memoryUsage.rss());
  }

  async stop(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

export interface MemoryFigures {
  /** RSS before the run, after a GC. */
  readonly rssBefore: number;
  /** The highest RSS sampled during the run. */
  readonly rssPeak: number;
  /** V8 heap in use before the run, after a GC. */
  readonly heapBefore: number;
  /** V8 heap in use right after the run, before any GC: live data plus the run's garbage. */
  readonly heapAfterRun: number;
  /** V8 heap committed right after the run: an upper bound on the heap the run needed. */
  readonly heapCommittedAfterRun: number;
  /** V8 heap still in use after a GC while the run's result is kept alive: what the result costs. */
  readonly heapRetained: number;
}

/**
 * Runs `fn` once and reports its memory figures (bytes). The result is kept
 * alive until measured, then handed to `inspect` (if given) and dropped.
 */
export function measureMemory<T>(fn: () => T, sampler: RssSampler, inspect?: (result: T) => void): MemoryFigures {
  keep(undefined);
  collectGarbage();
  const before = process.memoryUsage();
  sampler.reset();
  const result = fn();
  const after = process.memoryUsage();
  const rssPeak = sampler.peakBytes();
  collectGarbage();
  const retained = process.memoryUsage().heapUsed - before.heapUsed;
  keep(result);
  inspect?.(result);
  keep(undefined);
  return {
    rssBefore: before.rss,
    rssPeak,
    heapBefore: before.heapUsed,
    heapAfterRun: after.heapUsed,
    heapCommittedAfterRun: after.heapTotal,
    heapRetained: retained,
  };
}

// ---------------------------------------------------------------------------
// Formatting

export const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;
export const ms = (millis: number): string => (millis >= 100 ? `${millis.toFixed(0)} ms` : `${millis.toFixed(1)} ms`);
export const mbPerSecond = (bytes: number, millis: number): string => `${(bytes / MB / (millis / 1000)).toFixed(1)} MB/s`;
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
