/**
 * The full check (`checkProject`: front end + every conflict check) of the
 * 20,000-beat story, against inkle's ink compiler (inkjs) compiling an ink
 * story of the same size.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Compiler } from 'inkjs/compiler/Compiler';
import { memoryInChild } from './child.js';
import { generateInkStory, generateStory, projectBytes } from './generate.js';
import { collectGarbage, mb, mbPerSecond, ms, ratio, time } from './measure.js';
import type { BenchDiagnostic } from './orchestrator.js';
import { figure, note, target } from './report.js';
import { FRONTEND_BEATS, STORY_SEED } from './section-frontend.js';
import type { BenchContext, Section } from './section.js';
import { writeTempProject } from './temp-project.js';

/** Compiles ink source; returns the compiler's errors (an empty list when it compiled). */
export function compileInk(source: string): string[] {
  const compiler = new Compiler(source);
  try {
    compiler.Compile();
  } catch (error) {
    if (compiler.errors.length === 0) return [error instanceof Error ? error.message : String(error)];
  }
  return compiler.errors;
}

const NAO_BIN = fileURLToPath(new URL('../../server/bin/nao.js', import.meta.url));

/**
 * `nao check` of a project as a whole process (start-up, reading the files,
 * the check, the report): the story is written to a temporary folder.
 * Returns the wall times of the runs after one warm-up run, or an error.
 */
function naoCheckProcess(files: ReadonlyMap<string, string>, workspace: string, root: string, runs: number): number[] | string {
  const { dir, pathOf } = writeTempProject({ files, workspace }, 'arc-check-bench-');
  try {
    const args = [NAO_BIN, 'check', pathOf(root)];
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
      const elapsed = performance.now() - t0;
      if (result.status !== 0) return `nao check exited with ${result.status}: ${(result.stderr || result.stdout).slice(0, 200)}`;
      if (i > 0) times.push(elapsed);
    }
    return times;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function summarizeDiagnostics(diagnostics: readonly BenchDiagnostic[]): string {
  const byCode = new Map<string, number>();
  for (const d of diagnostics) byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
  return [...byCode].sort(([a], [b]) => a.localeCompare(b)).map(([code, n]) => `${code} x${n}`).join(', ');
}

export const checkSection: Section = {
  id: 'check',
  title: `Full check of the ${FRONTEND_BEATS.toLocaleString('en')}-beat story vs. ink's compiler (inkjs)`,
  async run({ orchestrator, sampler }: BenchContext): Promise<void> {
    const story = generateStory({ beats: FRONTEND_BEATS, seed: STORY_SEED });
    const bytes = projectBytes(story.files);

    const run = () => orchestrator.checkProject(orchestrator.makeHost(story.files, story.workspace), story.root);
    const diagnostics = run().diagnostics;
    const ours = time(run, { warmup: 1, minRuns: 3, maxRuns: 7, budgetMs: 4000 });
    figure('checkProject (Arc, full check)', `${ms(ours.median)} median of ${ours.runs}`, `${mbPerSecond(bytes, ours.median)}, ${mb(bytes)}`);
    const memory = await memoryInChild(FRONTEND_BEATS, 'check');
    figure(
      '  peak RSS / RSS growth / heap retained',
      typeof memory === 'string' ? '?' : `${mb(memory.rssPeak)} / ${mb(memory.rssPeak - memory.rssBefore)} / ${mb(memory.heapRetained)}`,
      typeof memory === 'string' ? memory : 'one run in a fresh process',
    );
    figure('  diagnostics on the clean story', String(diagnostics.length), target(diagnostics.length === 0, '0'));
    if (diagnostics.length > 0) {
      note(`  by code: ${summarizeDiagnostics(diagnostics)}`);
      for (const d of diagnostics.slice(0, 5)) note(`  e.g. ${d.code} ${d.file ?? ''}: ${d.message}`);
    }

    const ink = generateInkStory(bytes);
    const inkBytes = Buffer.byteLength(ink, 'utf8');
    // Warm up on a smaller story: a full-size compile takes seconds.
    const warm = generateInkStory(Math.min(bytes, 300_000), 11);
    for (let i = 0; i < 2; i++) compileInk(warm);
    let errors: string[] = [];
    let first = true;
    collectGarbage();
    const rssBefore = process.memoryUsage.rss();
    sampler.reset();
    const inkTiming = time(
      () => {
        const result = compileInk(ink);
        if (first) errors = result;
        first = false;
        return result;
      },
      { warmup: 0, minRuns: 3, maxRuns: 3 },
    );
    figure('inkjs Compiler (ink, same size)', `${ms(inkTiming.median)} median of ${inkTiming.runs}`, `${mbPerSecond(inkBytes, inkTiming.median)}, ${mb(inkBytes)}`);
    const inkPeak = sampler.peakBytes();
    figure('  peak RSS / RSS growth', `${mb(inkPeak)} / ${mb(inkPeak - rssBefore)}`, 'during the compiles, in this process');
    figure('  ink compile errors', String(errors.length), errors.length ? errors.slice(0, 2).join(' | ') : undefined);
    figure('Arc check in process / ink compile', ratio(ours.median, inkTiming.median));
    // Five runs: a whole process swings by a third between runs on a shared machine; the minimum is printed beside the median.
    const processTimes = naoCheckProcess(story.files, story.workspace, story.root, 5);
    if (typeof processTimes === 'string') {
      note(`nao check as a process failed: ${processTimes}`);
      return;
    }
    const sorted = [...processTimes].sort((a, b) => a - b);
    const processMedian = sorted[Math.floor(sorted.length / 2)]!;
    figure('nao check (a whole process)', `${ms(processMedian)} median of ${sorted.length} (min ${ms(sorted[0]!)})`, 'start-up, reading the files, the check, the report');
    figure('nao check / ink compile', ratio(processMedian, inkTiming.median), target(processMedian / inkTiming.median <= 0.08, 'at most 0.08'));
  },
};
