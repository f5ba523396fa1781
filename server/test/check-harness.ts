/**
 * What the per-family check tests share: analysing a one-file story, a
 * readable summary of its diagnostics, a check's own repairs for a conflict,
 * and applying a repair to the text.
 */
import assert from 'node:assert/strict';
import { checkProject, formatPath, MemoryHost, type Analysis, type Diagnostic } from '../src/orchestrator/index.js';
import type { Check, Repair } from '../src/orchestrator/checks/check.js';

/** The file id of the one-file stories these tests analyse. */
export const ROOT = '/story/main.arc';

export interface CheckHarness {
  /** Checks `text` as the whole project; only the family's codes unless `onlyTheseCodes` is false. */
  analyse(text: string, onlyTheseCodes?: boolean): Analysis;
  /** `CODE[path] primary-text` for each diagnostic, in order. */
  summary(analysis: Analysis): string[];
  /** The repairs the family's own module proposes for a conflict (unverified). */
  repairsFor(analysis: Analysis, conflict: Diagnostic): Repair[];
}

export function checkHarness(checks: readonly Check[], codes: ReadonlySet<string>): CheckHarness {
  return {
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
      return check.repairs(conflict, analysis); // an Analysis holds everything a RepairContext does
    },
  };
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
