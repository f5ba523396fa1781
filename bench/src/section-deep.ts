/**
 * Path explosion: n sequential two-way choices (2^n paths) with planted
 * violations; the check must finish quickly (it must never enumerate paths)
 * and report each planted violation exactly once, with its witness path.
 */
import { runChild, type DeepRecord } from './child.js';
import { DEEP_CHOICES_EXPECTED_CODES } from './generate.js';
import { ms } from './measure.js';
import { figure, note, table } from './report.js';
import type { Section } from './section.js';

/** Sizes checked in order; 60 is the one the report is about (2^60 paths). */
export const DEEP_SIZES = [15, 30, 60] as const;
const CHILD_TIMEOUT_MS = 45_000;

export const deepSection: Section = {
  id: 'deep',
  title: `Deep choices: ${DEEP_SIZES.map((n) => `2^${n}`).join(', ')} paths, planted ${DEEP_CHOICES_EXPECTED_CODES.join(', ')}`,
  async run(): Promise<void> {
    const outcome = await runChild(['deep', ...DEEP_SIZES.map(String)], CHILD_TIMEOUT_MS);
    const records = outcome.records.filter((r): r is DeepRecord => r.kind === 'deep');
    table(
      ['choices', 'paths', 'check median', 'runs', 'diagnostics', 'planted found once', 'witness paths right', 'unexpected'],
      records.map((r) => {
        const v = verify(r);
        return [
          String(r.choices),
          `2^${r.choices}`,
          ms(r.medianMs),
          String(r.runs),
          String(r.diagnostics.length),
          `${v.foundOnce}/${r.expected.length}`,
          `${v.witnessRight}/${r.expected.length}`,
          v.unexpected.join(', ') || '-',
        ];
      }),
    );
    const last = records.find((r) => r.choices === DEEP_SIZES[DEEP_SIZES.length - 1]);
    if (last) {
      console.log('');
      note(`2^${last.choices} paths, per planted violation:`);
      const rows = last.expected.map((e) => {
        const found = last.diagnostics.filter((d) => d.code === e.code);
        return [
          e.code,
          String(found.length),
          found.length === 1 ? (found[0]!.path ?? '(none)') : found.map((d) => d.path ?? '(none)').join(' | ') || '-',
          e.witness,
          e.description,
        ];
      });
      table(['code', 'reports', 'reported witness', 'expected witness', 'planted'], rows);
      const verdict = verify(last);
      figure(
        'reported exactly the planted codes, once each',
        verdict.exact ? 'yes' : 'NO',
        verdict.exact ? undefined : `reported: ${last.diagnostics.map((d) => d.code).join(', ') || 'nothing'}`,
      );
      for (const d of last.diagnostics.filter((d) => !last.expected.some((e) => e.code === d.code)).slice(0, 5)) {
        note(`unexpected: ${d.code} ${d.message}`);
      }
    }
    if (outcome.timedOut) {
      const done = records.map((r) => r.choices);
      const stuck = DEEP_SIZES.find((n) => !done.includes(n));
      note(`problem: the check of 2^${stuck ?? '?'} paths did not finish within ${ms(CHILD_TIMEOUT_MS)} (paths enumerated?)`);
    }
    for (const r of outcome.records) if (r.kind === 'error') note(`problem: ${r.message.split('\n')[0]}`);
    if (!outcome.timedOut && outcome.exitCode !== 0 && !outcome.records.some((r) => r.kind === 'error')) {
      note(`problem: the child process exited with ${outcome.exitCode}: ${outcome.stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
    }
  },
};

interface Verdict {
  readonly foundOnce: number;
  readonly witnessRight: number;
  readonly unexpected: string[];
  readonly exact: boolean;
}

function verify(r: DeepRecord): Verdict {
  let foundOnce = 0;
  let witnessRight = 0;
  for (const e of r.expected) {
    const found = r.diagnostics.filter((d) => d.code === e.code);
    if (found.length === 1) {
      foundOnce++;
      // The witness must take the planted option at the planted choice (other steps may be listed too).
      if ((found[0]!.path ?? '').split(', ').includes(e.witness)) witnessRight++;
    }
  }
  const unexpected = [...new Set(r.diagnostics.map((d) => d.code).filter((c) => !r.expected.some((e) => e.code === c)))];
  const exact = foundOnce === r.expected.length && unexpected.length === 0 && r.diagnostics.length === r.expected.length;
  return { foundOnce, witnessRight, unexpected, exact };
}
