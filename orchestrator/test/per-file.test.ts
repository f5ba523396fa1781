/**
 * Checks judged per file (`Check.perFile`): after an edit, even one that
 * changes the structure, a check that reported nothing runs on the files
 * whose syntax tree changed alone, and reports what a full analysis does.
 */
import assert from 'node:assert/strict';
import type { Analysis, Check } from '../src/index.js';
import { w401 } from '../src/checks/therapeutic/w401-max-intensity.js';
import { analyseFirst, analyseFrom, analyseFully, ROOT } from './versions.js';

function project(header: string, extra: string): Map<string, string> {
  return new Map([
    [ROOT, `include "a.arc"\ninclude "b.arc"\n${header}\n`],
    ['/ws/a.arc', `event storm @1 { intensity 3 }\n${extra}`],
    ['/ws/b.arc', 'event dawn @3 { intensity 4 }\n'],
  ]);
}

/** The analysis of `files` made from `previous`, and the files W401's per-file run was given. */
function incrementally(files: ReadonlyMap<string, string>, previous: Analysis): { analysis: Analysis; judged: string[] } {
  const judged: string[] = [];
  const check = w401 as { perFile: NonNullable<Check['perFile']> };
  const perFile = check.perFile;
  check.perFile = (context, file) => {
    judged.push(file);
    perFile(context, file);
  };
  try {
    return { analysis: analyseFrom(files, previous), judged };
  } finally {
    check.perFile = perFile;
  }
}

describe('checks judged per file', () => {
  const header = 'story "Harbor" { limits { max 8 } }';

  it('a beat added to one file (a structure edit) is judged on that file alone, as a full analysis judges it', () => {
    const before = analyseFirst(project(header, ''));
    assert.deepEqual(before.diagnostics.map((d) => d.code), []);
    const after = project(header, 'event surge @2 { intensity 9 }\n');
    const { analysis, judged } = incrementally(after, before);
    const full = analyseFully(after);
    assert.deepEqual(judged, ['/ws/a.arc']);
    assert.deepEqual(full.diagnostics.map((d) => d.code), ['W401']);
    assert.deepEqual(analysis.diagnostics, full.diagnostics);
  });

  it('runs in full when the story header changed, or when it reported something before', () => {
    const before = analyseFirst(project(header, ''));
    const lowered = project('story "Harbor" { limits { max 3 } }', '');
    const first = incrementally(lowered, before);
    assert.deepEqual(first.judged, []);
    assert.deepEqual(first.analysis.diagnostics.map((d) => d.code), ['W401']);
    assert.deepEqual(first.analysis.diagnostics, analyseFully(lowered).diagnostics);
    // W401 reported something: the next edit runs it in full too.
    const next = project('story "Harbor" { limits { max 3 } }', 'event surge @2 { intensity 2 }\n');
    const second = incrementally(next, first.analysis);
    assert.deepEqual(second.judged, []);
    assert.deepEqual(second.analysis.diagnostics, analyseFully(next).diagnostics);
  });
});
