/**
 * A beat moved in time (the time order changed): the link, character and
 * resolution checks that reported nothing run on what the move touched alone (their
 * `incremental` run, `Changes.moved`), and find what a full analysis finds,
 * in files the edit left as they were too. (test/incremental.test.ts holds
 * the property over random edits.)
 */
import assert from 'node:assert/strict';
import type { Analysis, Check } from '../src/index.js';
import { c201 } from '../src/checks/character/c201-involved-after-exit.js';
import { t101 } from '../src/checks/temporal/t101-cause-before-effect.js';
import { t102 } from '../src/checks/temporal/t102-requirement-met.js';
import { s503 } from '../src/checks/scale/s503-after-resolution.js';
import { analyseFirst, analyseFrom, analyseFully, ROOT } from './versions.js';

function project(a: string, b: string): Map<string, string> {
  return new Map([
    [ROOT, 'include "a.arc"\ninclude "b.arc"\ncharacter mara "Mara"\ncharacter tom "Tom"\n'],
    ['/ws/a.arc', a],
    ['/ws/b.arc', b],
  ]);
}

/** The analysis of `files` made from `previous`, and whether `watched`'s incremental run was taken. */
function incrementally(files: ReadonlyMap<string, string>, previous: Analysis, watched: Check): { analysis: Analysis; incremental: boolean } {
  const check = watched as { incremental: NonNullable<Check['incremental']> };
  const { run } = check.incremental;
  let incremental = false;
  check.incremental = {
    ...check.incremental,
    run(context, changes) {
      incremental = true;
      run(context, changes);
    },
  };
  try {
    return { analysis: analyseFrom(files, previous), incremental };
  } finally {
    check.incremental = { ...check.incremental, run };
  }
}

/** A beat of a.arc moved (`before` to `after`); `code` then reports in b.arc, left as it is (unless `in` says a.arc). */
const CASES: readonly { title: string; check: Check; code: string; before: string; after: string; b: string; in?: string }[] = [
  {
    title: 'a link whose effect moved before its cause is judged again where it is written, in a file left as it was',
    check: t101, code: 'T101',
    before: 'event fire @6 { with mara }\n', after: 'event fire @3 { with mara }\n',
    b: 'event spark @5 { with mara, tom  causes fire }\n',
  },
  {
    title: 'a requirement whose alternative moved after the beat that requires it is judged again',
    check: t102, code: 'T102',
    before: 'event question @4 { with mara }\n', after: 'event question @7 { with mara }\n',
    b: 'event answer @5 { with mara, tom  requires question }\n',
  },
  {
    title: 'a departure moved before an involvement makes the involvement late, in a file left as it was',
    check: c201, code: 'C201',
    before: 'event leave @3 { exits mara }\n', after: 'event leave @1 { exits mara }\n',
    b: 'event visit @2 { with mara, tom }\nevent farewell @4 { with tom }\n',
  },
  {
    title: 'a beat of an arc moved after the beat that resolves it is judged again',
    check: s503, code: 'S503', in: '/ws/a.arc',
    before: 'arc storm meso {\n  event gust @1 { with mara }\n  event calm @2 { with mara  resolves storm }\n}\n',
    after: 'arc storm meso {\n  event gust @3 { with mara }\n  event calm @2 { with mara  resolves storm }\n}\n',
    b: 'event later @5 { with tom }\n',
  },
];

describe('a beat moved in time', () => {
  for (const { title, check, code, before, after, b, in: file = '/ws/b.arc' } of CASES) {
    it(title, () => {
      const first = analyseFirst(project(before, b));
      assert.deepEqual(first.diagnostics, []);
      const moved = project(after, b);
      const { analysis, incremental } = incrementally(moved, first, check);
      const full = analyseFully(moved);
      assert.ok(incremental, `${code} ran on what the move touched`);
      assert.deepEqual(full.diagnostics.map((d) => [d.code, d.file]), [[code, file]]);
      assert.deepEqual(analysis.diagnostics, full.diagnostics);
    });
  }
});
