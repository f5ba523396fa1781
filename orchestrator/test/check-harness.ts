/**
 * What the per-family check tests share: analysing a one-file story, a
 * readable summary of its diagnostics, a check's own repairs for a conflict,
 * and applying a repair to the text.
 */
import assert from 'node:assert/strict';
import { checkProject, formatPath, MemoryHost, proposeResolutions, repairContext, type Analysis, type Diagnostic } from '../src/index.js';
import type { Check, Repair } from '../src/checks/check.js';

/** The file id of the one-file stories these tests analyse. */
export const ROOT = '/story/main.arc';

export interface CheckHarness {
  /** Checks `text` as the whole project; only the family's codes unless `onlyTheseCodes` is false. */
  analyse(text: string, onlyTheseCodes?: boolean): Analysis;
  /** `CODE[path] primary-text` for each diagnostic, in order. */
  summary(analysis: Analysis): string[];
  /** The repairs the family's own module proposes for a conflict (unverified). */
  repairsFor(analysis: Analysis, conflict: Diagnostic): Repair[];
  /**
   * The single conflict of `code` in `text` (which must hold nothing else), its
   * repairs, and for each: its title, the new text and what remains. Also checks
   * that the resolution engine verifies every one of them.
   */
  tryRepairs(text: string, code: string): TriedRepair[];
}

export interface TriedRepair {
  readonly title: string;
  readonly text: string;
  /** Every diagnostic left after the repair (code and primary text). */
  readonly remaining: string[];
}

export function checkHarness(checks: readonly Check[], codes: ReadonlySet<string>): CheckHarness {
  const harness: CheckHarness = {
    analyse(text, onlyTheseCodes = true) {
      return checkProject(new MemoryHost(new Map([[ROOT, text]])), ROOT, onlyTheseCodes ? { onlyCodes: codes } : {});
    },
    summary(analysis) {
      const text = analysis.project.files.get(ROOT)!.text;
      return analysis.diagnostics.map((d) =>
        `${d.code}${d.path ? `[${formatPath(d.path)}]` : ''} ${text.slice(d.span.start, d.span.end)}`);
    },
    repairsFor(analysis, conflict) {
      const check = checks.find((c) => c.codes.includes(conflict.code));
      assert.ok(check?.repairs, `no repairs for ${conflict.code}`);
      return check.repairs(conflict, repairContext(analysis, conflict));
    },
    tryRepairs(text, code) {
      const analysis = harness.analyse(text, false);
      assert.deepEqual(analysis.diagnostics.map((d) => d.code), [code], `expected one ${code}, got: ${harness.summary(analysis).join('; ')}`);
      const conflict = analysis.diagnostics[0]!;
      const repairs = harness.repairsFor(analysis, conflict);
      const verified = proposeResolutions(analysis, conflict).filter((r) => !r.silences).map((r) => r.repairTitle);
      assert.deepEqual([...verified].sort(), repairs.map((r) => r.title).sort(), 'every repair verifies');
      return repairs.map((repair) => {
        const repaired = applyRepair(text, repair);
        return { title: repair.title, text: repaired, remaining: harness.summary(harness.analyse(repaired, false)) };
      });
    },
  };
  return harness;
}

/** Applies a repair's edits (all in ROOT) to `text`. */
export function applyRepair(text: string, repair: Repair): string {
  const edits = [...repair.edits].sort((a, b) => b.span.start - a.span.start);
  let result = text;
  for (const edit of edits) {
    assert.equal(edit.file, ROOT);
    result = result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end);
  }
  return result;
}

/**
 * Sixty sequential two-way choices (2^60 paths) `choice_1`..`choice_60` at
 * @10..@600, options `a` and `b` holding one event each (`a_i`, `b_i`) with
 * `always` and the option's `a[i]`/`b[i]` items; `after50` is written after
 * choice 50. Returns the lines, for a story header to go above.
 */
export function sixtyChoiceLines(extra: { a?: Record<number, string>; b?: Record<number, string>; after50?: string; always?: string }): string[] {
  const block = (item: string | undefined): string => {
    const items = [extra.always, item].filter((x): x is string => Boolean(x)).join('  ');
    return items ? ` { ${items} }` : '';
  };
  const lines: string[] = [];
  for (let i = 1; i <= 60; i++) {
    const t = i * 10;
    lines.push(`choice choice_${i} @${t} "Choice ${i}" {`);
    lines.push(`  option a "A" { event a_${i} @${t + 1}${block(extra.a?.[i])} }`);
    lines.push(`  option b "B" { event b_${i} @${t + 1}${block(extra.b?.[i])} }`);
    lines.push('}');
    if (i === 50 && extra.after50) lines.push(extra.after50);
  }
  return lines;
}
