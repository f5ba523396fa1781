/**
 * A beat moved in time (the time order changed): the link and character
 * checks that reported nothing run on what the move touched alone (their
 * `incremental` run, `Changes.moved`), and find what a full analysis finds,
 * in files the edit left as they were too. (test/incremental.test.ts holds
 * the property over random edits.)
 */
import assert from 'node:assert/strict';
import { parse, type ParseResult } from '@nao/grammar';
import { analyseProject, checkProject, loadProject, MemoryHost, type Analysis, type Check } from '../src/index.js';
import { c201 } from '../src/checks/character/c201-involved-after-exit.js';
import { t101 } from '../src/checks/temporal/t101-cause-before-effect.js';
import { t102 } from '../src/checks/temporal/t102-requirement-met.js';

const ROOT = '/ws/main.arc';

const parses = new Map<string, ParseResult>();
function parseFile(_file: string, text: string): ParseResult {
  let parsed = parses.get(text);
  if (!parsed) parses.set(text, (parsed = parse(text)));
  return parsed;
}

function project(a: string, b: string): Map<string, string> {
  return new Map([
    [ROOT, 'include "a.arc"\ninclude "b.arc"\ncharacter mara "Mara"\ncharacter tom "Tom"\n'],
    ['/ws/a.arc', a],
    ['/ws/b.arc', b],
  ]);
}

function check(files: ReadonlyMap<string, string>): Analysis {
  return analyseProject(loadProject(new MemoryHost(files, '/ws'), ROOT, { parseFile }));
}

/** The analysis of `files` made from `previous`, whether `watched`'s incremental run was taken, and a full analysis. */
function incrementally(files: ReadonlyMap<string, string>, previous: Analysis, watched: Check): { analysis: Analysis; incremental: boolean; full: Analysis } {
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
    const analysis = analyseProject(loadProject(new MemoryHost(files, '/ws'), ROOT, { parseFile, previousProject: previous.project }), { previous });
    return { analysis, incremental, full: checkProject(new MemoryHost(files, '/ws'), ROOT) };
  } finally {
    check.incremental = { ...check.incremental, run };
  }
}

describe('a beat moved in time', () => {
  it('a link whose effect moved before its cause is judged again where it is written, in a file left as it was', () => {
    const linking = 'event spark @5 { with mara, tom  causes fire }\n';
    const before = check(project('event fire @6 { with mara }\n', linking));
    assert.deepEqual(before.diagnostics, []);
    const { analysis, incremental, full } = incrementally(project('event fire @3 { with mara }\n', linking), before, t101);
    assert.ok(incremental, 'T101 ran on what the move touched');
    assert.deepEqual(full.diagnostics.map((d) => [d.code, d.file]), [['T101', '/ws/b.arc']]);
    assert.deepEqual(analysis.diagnostics, full.diagnostics);
  });

  it('a requirement whose alternative moved after the beat that requires it is judged again', () => {
    const requiring = 'event answer @5 { with mara, tom  requires question }\n';
    const before = check(project('event question @4 { with mara }\n', requiring));
    assert.deepEqual(before.diagnostics, []);
    const { analysis, incremental, full } = incrementally(project('event question @7 { with mara }\n', requiring), before, t102);
    assert.ok(incremental, 'T102 ran on what the move touched');
    assert.deepEqual(full.diagnostics.map((d) => [d.code, d.file]), [['T102', '/ws/b.arc']]);
    assert.deepEqual(analysis.diagnostics, full.diagnostics);
  });

  it('a departure moved before an involvement makes the involvement late, in a file left as it was', () => {
    const visiting = 'event visit @2 { with mara, tom }\nevent farewell @4 { with tom }\n';
    const before = check(project('event leave @3 { exits mara }\n', visiting));
    assert.deepEqual(before.diagnostics, []);
    const { analysis, incremental, full } = incrementally(project('event leave @1 { exits mara }\n', visiting), before, c201);
    assert.ok(incremental, 'C201 ran on what the move touched');
    assert.deepEqual(full.diagnostics.map((d) => [d.code, d.file]), [['C201', '/ws/b.arc']]);
    assert.deepEqual(analysis.diagnostics, full.diagnostics);
  });
});
