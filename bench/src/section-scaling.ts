/**
 * How time and memory grow with the story: 1k, 5k, 20k and 100k beats, each
 * size measured in a fresh process (its own peak memory, a time limit).
 */
import { runChild, type Pipeline, type ScaleRecord } from './child.js';
import { mb, ms } from './measure.js';
import { figure, note, table, target } from './report.js';
import type { Section } from './section.js';

export const SCALING_SIZES = [1_000, 5_000, 20_000, 100_000] as const;
const CHILD_TIMEOUT_MS = 100_000;
/** Growth target: at most this factor in time for 5x the beats. */
const GROWTH_TARGET_FOR_5X = 5.5;

export const scalingSection: Section = {
  id: 'scaling',
  title: 'Scaling: 1k, 5k, 20k, 100k beats (each size in a fresh process)',
  async run(): Promise<void> {
    const pipelines: Pipeline[] = ['parse', 'check'];
    const records: ScaleRecord[] = [];
    const problems: string[] = [];
    for (const beats of SCALING_SIZES) for (const pipeline of pipelines) {
      const outcome = await runChild(['scale', String(beats), pipeline], CHILD_TIMEOUT_MS);
      for (const r of outcome.records) {
        if (r.kind === 'scale') records.push(r);
        else if (r.kind === 'error') problems.push(`${beats} beats, ${pipeline}: ${r.message.split('\n')[0]}`);
      }
      if (outcome.timedOut) problems.push(`${beats} beats, ${pipeline}: stopped after ${ms(CHILD_TIMEOUT_MS)}`);
      else if (outcome.exitCode !== 0 && outcome.records.every((r) => r.kind !== 'error')) {
        problems.push(`${beats} beats, ${pipeline}: exited with ${outcome.exitCode}: ${outcome.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
      }
    }

    for (const pipeline of ['parse', 'check'] as const) {
      const label = pipeline === 'parse' ? 'lex + parse (grammar)' : 'full check (checkProject)';
      console.log('');
      console.log(`  ${label}`);
      const rows = records.filter((r) => r.pipeline === pipeline).sort((a, b) => a.beats - b.beats);
      const growth: Array<{ beatsFactor: number; timeFactor: number }> = [];
      table(
        ['beats', 'bytes', 'median', 'min', 'runs', 'per 1k beats', 'beats x', 'time x', 'peak RSS', 'heap retained', ...(pipeline === 'check' ? ['diagnostics'] : [])],
        rows.map((r, i) => {
          const previous = rows[i - 1];
          const beatsFactor = previous ? r.beats / previous.beats : undefined;
          const timeFactor = previous ? r.medianMs / previous.medianMs : undefined;
          if (beatsFactor !== undefined && timeFactor !== undefined) growth.push({ beatsFactor, timeFactor });
          return [
            String(r.beats),
            mb(r.bytes),
            ms(r.medianMs),
            ms(r.minMs),
            String(r.runs),
            ms((r.medianMs / r.beats) * 1000),
            beatsFactor !== undefined ? `${beatsFactor.toFixed(1)}x` : '',
            timeFactor !== undefined ? `${timeFactor.toFixed(2)}x` : '',
            mb(r.rssPeak),
            mb(r.heapRetained),
            ...(pipeline === 'check' ? [String(r.diagnostics ?? '?')] : []),
          ];
        }),
      );
      const fiveFold = growth.filter((g) => Math.abs(g.beatsFactor - 5) < 0.2);
      if (fiveFold.length > 0) {
        const worst = Math.max(...fiveFold.map((g) => g.timeFactor));
        figure(`  worst time growth for 5x beats`, `${worst.toFixed(2)}x`, target(worst <= GROWTH_TARGET_FOR_5X, `at most ${GROWTH_TARGET_FOR_5X}x`));
      }
    }
    note('');
    note('Each size and pipeline in a fresh process, after a 5k-beat warm-up. peak RSS: highest RSS sampled');
    note('during the first run at that size;');
    note('heap retained: V8 heap the result keeps alive after GC.');
    for (const p of problems) note(`problem: ${p}`);
  },
};
