/**
 * Measurements that run in a fresh process, so that each has its own peak
 * memory and a time limit (a check that enumerated paths would never finish
 * on 2^60 paths): `node --expose-gc bench/out/child.js <mode> <args...>`.
 * Prints one JSON object per line on stdout; run.js collects them.
 *
 *   scale <beats> <pipeline>      time and memory of a pipeline on a story of that size
 *   memory <beats> <pipeline>     memory only (one run after a warm-up)
 *   deep <n>...                   check the deep-choices story for each n
 *
 * Pipelines: lex (tokenize), parse (lex + parse + tree), load (loadProject), check (checkProject).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse, tokenize } from '@nao/grammar';
import { generateDeepChoices, generateStory, projectBytes, type GeneratedProject } from './generate.js';
import { collectGarbage, measureMemory, RssSampler, time } from './measure.js';
import { orchestrator as o, type Orchestrator } from './orchestrator.js';

export type Pipeline = 'lex' | 'parse' | 'load' | 'check';

export interface ScaleRecord {
  readonly kind: 'scale';
  readonly beats: number;
  readonly bytes: number;
  readonly pipeline: Pipeline;
  readonly medianMs: number;
  readonly minMs: number;
  readonly runs: number;
  readonly rssPeak: number;
  readonly heapRetained: number;
  readonly heapAfterRun: number;
  readonly diagnostics?: number;
}

export interface MemoryRecord {
  readonly kind: 'memory';
  readonly beats: number;
  readonly bytes: number;
  readonly pipeline: Pipeline;
  readonly rssBefore: number;
  readonly rssPeak: number;
  readonly heapBefore: number;
  readonly heapAfterRun: number;
  readonly heapRetained: number;
}

export interface DeepRecord {
  readonly kind: 'deep';
  readonly choices: number;
  readonly medianMs: number;
  readonly runs: number;
  readonly diagnostics: ReadonlyArray<{ code: string; message: string; path?: string }>;
  readonly expected: ReadonlyArray<{ code: string; witness: string; description: string }>;
}

export interface ErrorRecord {
  readonly kind: 'error';
  readonly message: string;
}

export type ChildRecord = ScaleRecord | MemoryRecord | DeepRecord | ErrorRecord;

const SEED = 1;

function emit(record: ChildRecord): void {
  process.stdout.write(JSON.stringify(record) + '\n');
}

function pipelineFunction(o: Orchestrator, pipeline: Pipeline, story: GeneratedProject): () => unknown {
  switch (pipeline) {
    case 'lex': {
      const texts = [...story.files.values()];
      return () => texts.map((text) => tokenize(text));
    }
    case 'parse': {
      const texts = [...story.files.values()];
      return () => texts.map((text) => parse(text));
    }
    case 'load': {
      return () => o.loadProject(o.makeHost(story.files, story.workspace), story.root);
    }
    case 'check': {
      return () => o.checkProject(o.makeHost(story.files, story.workspace), story.root);
    }
  }
}

/**
 * The grammar's shared parser keeps the tokens of the last parsed text until
 * the next parse; parsing an empty text releases the warm-up's tokens, so
 * that they do not count against (or for) the measured run.
 */
function forgetLastParse(): void {
  parse('');
}

async function scale(beats: number, pipelines: Pipeline[]): Promise<void> {
  const sampler = new RssSampler();
  sampler.start();
  // The same warm-up for every size: the JIT has seen the code before the measured size.
  const warm = generateStory({ beats: 5000, seed: SEED + 1 });
  for (const p of pipelines) time(pipelineFunction(o, p, warm), { warmup: 1, minRuns: 1, maxRuns: 1 });
  forgetLastParse();

  const story = generateStory({ beats, seed: SEED });
  const bytes = projectBytes(story.files);
  for (const p of pipelines) {
    const fn = pipelineFunction(o, p, story);
    collectGarbage();
    // The memory run doubles as the warm-up run at this size.
    let diagnostics: number | undefined;
    const started = performance.now();
    const memory = measureMemory(fn, sampler, (result) => {
      if (p === 'check') diagnostics = (result as { diagnostics: readonly unknown[] }).diagnostics.length;
    });
    const firstRunMs = performance.now() - started;
    // Small sizes are cheap: more warm-up and more runs, for a steadier median on a busy machine.
    // Large ones are already warm (5k warm-up): their first run counts as a sample.
    const timing =
      firstRunMs < 1000
        ? time(fn, { warmup: 3, minRuns: 3, maxRuns: 15, budgetMs: 2500 })
        : time(fn, { warmup: 0, minRuns: 3, maxRuns: 5, budgetMs: 2500, initialSamples: [firstRunMs] });
    emit({
      kind: 'scale',
      beats: story.beats,
      bytes,
      pipeline: p,
      medianMs: timing.median,
      minMs: timing.min,
      runs: timing.runs,
      rssPeak: memory.rssPeak,
      heapRetained: memory.heapRetained,
      heapAfterRun: memory.heapAfterRun,
      ...(diagnostics !== undefined ? { diagnostics } : {}),
    });
  }
  await sampler.stop();
}

async function memory(beats: number, pipeline: Pipeline): Promise<void> {
  const sampler = new RssSampler();
  sampler.start();
  const warm = generateStory({ beats: 2000, seed: SEED + 1 });
  time(pipelineFunction(o, pipeline, warm), { warmup: 1, minRuns: 1, maxRuns: 1 });
  forgetLastParse();
  const story = generateStory({ beats, seed: SEED });
  const m = measureMemory(pipelineFunction(o, pipeline, story), sampler);
  emit({
    kind: 'memory',
    beats: story.beats,
    bytes: projectBytes(story.files),
    pipeline,
    rssBefore: m.rssBefore,
    rssPeak: m.rssPeak,
    heapBefore: m.heapBefore,
    heapAfterRun: m.heapAfterRun,
    heapRetained: m.heapRetained,
  });
  await sampler.stop();
}

async function deep(sizes: number[]): Promise<void> {
  const check = o.checkProject;
  // Warm up on a small clean story (not on a deep one: that is what is being measured).
  const warm = generateStory({ beats: 2000, seed: SEED + 2 });
  time(() => check(o.makeHost(warm.files, warm.workspace), warm.root), { warmup: 1, minRuns: 1, maxRuns: 1 });
  for (const n of sizes) {
    const story = generateDeepChoices(n);
    const run = () => check(o.makeHost(story.files, story.workspace), story.root);
    const result = run();
    const timing = time(run, { warmup: 0, minRuns: 3, maxRuns: 7, budgetMs: 1000 });
    emit({
      kind: 'deep',
      choices: n,
      medianMs: timing.median,
      runs: timing.runs,
      diagnostics: result.diagnostics.map((d) => ({
        code: d.code,
        message: d.message,
        ...(d.path ? { path: d.path.map((s) => `${s.choice} → ${s.option}`).join(', ') } : {}),
      })),
      expected: story.expected.map((e) => ({ code: e.code, witness: `${e.witness.choice} → ${e.witness.option}`, description: e.description })),
    });
  }
}

// ---------------------------------------------------------------------------
// Parent side

export interface ChildOutcome {
  readonly records: ChildRecord[];
  readonly timedOut: boolean;
  readonly exitCode: number | null;
  readonly stderr: string;
  readonly elapsedMs: number;
}

/** Runs this module in a fresh `node --expose-gc` process and collects its records. */
export function runChild(args: readonly string[], timeoutMs: number): Promise<ChildOutcome> {
  const script = fileURLToPath(import.meta.url);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const records: ChildRecord[] = [];
      for (const line of stdout.split('\n')) {
        if (line.trim() === '') continue;
        try {
          records.push(JSON.parse(line) as ChildRecord);
        } catch {
          // Not a record (stray output): ignored.
        }
      }
      resolve({ records, timedOut, exitCode: code, stderr, elapsedMs: performance.now() - started });
    });
  });
}

/** Memory figures of one pipeline run in a fresh process, or why there are none. */
export async function memoryInChild(beats: number, pipeline: Pipeline, timeoutMs = 60_000): Promise<MemoryRecord | string> {
  const outcome = await runChild(['memory', String(beats), pipeline], timeoutMs);
  const record = outcome.records.find((r): r is MemoryRecord => r.kind === 'memory');
  if (record) return record;
  const error = outcome.records.find((r): r is ErrorRecord => r.kind === 'error');
  if (error) return error.message.split('\n')[0]!;
  return outcome.timedOut ? `no result within ${timeoutMs} ms` : `exited with ${outcome.exitCode}: ${outcome.stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
}

// ---------------------------------------------------------------------------
// Entry point (only when run as a script)

async function main(argv: string[]): Promise<void> {
  const [mode, ...rest] = argv;
  try {
    if (mode === 'scale') await scale(Number(rest[0]), rest.slice(1) as Pipeline[]);
    else if (mode === 'memory') await memory(Number(rest[0]), rest[1] as Pipeline);
    else if (mode === 'deep') await deep(rest.map(Number));
    else throw new Error(`unknown mode ${String(mode)}`);
  } catch (error) {
    emit({ kind: 'error', message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main(process.argv.slice(2));
}
