/**
 * The temporal checks (T101-T106) beyond what fixture stories can express:
 * a story with 2^60 paths (the checks must never enumerate them), and the
 * repairs each check proposes, applied to the text and re-analysed.
 */
import assert from 'node:assert/strict';
import { addedErrors, checkProject, MemoryHost } from '../src/index.js';
import type { Analysis } from '../src/analysis.js';
import { applyRepair as apply, checkHarness, ROOT } from './check-harness.js';
import { TEMPORAL_CHECKS } from '../src/checks/temporal/index.js';

const TEMPORAL_CODES = new Set(['T101', 'T102', 'T103', 'T104', 'T105', 'T106']);
const { analyse, summary, repairsFor } = checkHarness(TEMPORAL_CHECKS, TEMPORAL_CODES);

/**
 * The single conflict of `code` in `text`, its repairs, and for each: its
 * title, the new text, and what remains (temporal conflicts, and any error the
 * repair added).
 */
function tryRepairs(text: string, code: string): { title: string; text: string; remaining: string[] }[] {
  const analysis = analyse(text);
  const conflicts = analysis.diagnostics.filter((d) => d.code === code);
  assert.equal(conflicts.length, 1, `expected one ${code}, got: ${summary(analysis).join('; ')}`);
  return repairsFor(analysis, conflicts[0]!).map((repair) => {
    const repaired = apply(text, repair);
    const after = checkProject(new MemoryHost(new Map([[ROOT, repaired]])), ROOT);
    return {
      title: repair.title,
      text: repaired,
      remaining: remainingAfter(analysis, after),
    };
  });
}

/** The temporal conflicts of `after`, and the errors it adds to `before` (in report order). */
function remainingAfter(before: Analysis, after: Analysis): string[] {
  const added = new Set(addedErrors(before, after));
  return after.diagnostics.filter((d) => TEMPORAL_CODES.has(d.code) || added.has(d)).map((d) => d.code);
}

describe('temporal checks', () => {
  describe('a story with 60 sequential two-way choices (2^60 paths)', () => {
    /** Choices c0..c59, each with options `l` and `r` holding one event each; `extra` is written inside c45's `l` option. */
    function bigStory(extra: string): string {
      const lines: string[] = [];
      for (let i = 0; i < 60; i++) {
        const t = i * 10 + 1;
        const requires = i > 0 ? ` { requires c${i - 1} }` : '';
        lines.push(`choice c${i} @${t} "Choice ${i}" {`);
        lines.push(`  option l "Left" {`);
        lines.push(`    event l${i} @${t + 1}${requires}`);
        if (i === 45) lines.push(`    ${extra}`);
        lines.push('  }');
        lines.push(`  option r "Right" {`);
        lines.push(`    event r${i} @${t + 1}${requires}`);
        lines.push('  }');
        lines.push('}');
      }
      lines.push('event ending @700 { requires l59 or r59 }');
      return lines.join('\n') + '\n';
    }

    it('reports a requirement met on only one branch exactly once, with a two-step witness', () => {
      const analysis = analyse(bigStory('event deep @453 { requires l30 }'));
      assert.deepEqual(summary(analysis), ['T102[c30 → r, c45 → l] requires l30']);
      const [conflict] = analysis.diagnostics;
      assert.deepEqual(conflict!.path, [{ choice: 'c30', option: 'r' }, { choice: 'c45', option: 'l' }]);
      assert.match(conflict!.message, /`deep` \(@453\) requires `l30`, but `l30` has not happened before it on path c30 → r, c45 → l/);
    });

    it('reports nothing when either branch of the choice meets the requirement', () => {
      const analysis = analyse(bigStory('event deep @453 { requires l30 or r30 }'));
      assert.deepEqual(summary(analysis), []);
    });
  });

  describe('repairs', () => {
    it('T101: moves the effect after the cause, the cause before the effect, or removes the link', () => {
      const text = 'event a @2 { causes b }\nevent b @1\nevent c @3\n';
      const results = tryRepairs(text, 'T101');
      assert.deepEqual(results.map((r) => r.title), [
        'Move `b` after `a` (@2.5)',
        'Move `a` before `b` (@0)',
        'Remove the link `a causes b`',
      ]);
      assert.equal(results[0]!.text, 'event a @2 { causes b }\nevent b @2.5\nevent c @3\n');
      assert.equal(results[1]!.text, 'event a @0 { causes b }\nevent b @1\nevent c @3\n');
      assert.equal(results[2]!.text, 'event a @2 { }\nevent b @1\nevent c @3\n');
      for (const result of results) assert.deepEqual(result.remaining, [], result.title);
    });

    it('T101: removes only the offending name from a list', () => {
      const text = 'event a @2 { causes c, b }\nevent b @1\nevent c @3\n';
      const remove = tryRepairs(text, 'T101').find((r) => r.title.startsWith('Remove'))!;
      assert.equal(remove.text, 'event a @2 { causes c }\nevent b @1\nevent c @3\n');
      assert.deepEqual(remove.remaining, []);
    });

    it('T101: equal times get a compact time in between', () => {
      const text = 'event a @2.5 { causes b }\nevent b @2.5\nevent c @3\n';
      const [moveEffect] = tryRepairs(text, 'T101');
      assert.equal(moveEffect!.title, 'Move `b` after `a` (@2.75)');
      assert.deepEqual(moveEffect!.remaining, []);
    });

    it('T102: moves the beat after the latest alternative that can happen with it, or removes the requirement', () => {
      const text = [
        'choice c @1 "?" {',
        '  option one "One" { event x @2 }',
        '  option other "Other" { event y @3 }',
        '}',
        'event b @2.5 { requires x or y }',
        'event z @4',
        '',
      ].join('\n');
      const results = tryRepairs(text, 'T102');
      assert.deepEqual(results.map((r) => r.title), [
        'Move `b` after `y` (@3.5)',
        'Remove the requirement `b requires x or y`',
      ]);
      assert.match(results[0]!.text, /event b @3\.5 \{ requires x or y \}/);
      assert.match(results[1]!.text, /event b @2\.5 \{ \}/);
      for (const result of results) assert.deepEqual(result.remaining, [], result.title);
    });

    it('T102: moves an alternative on every path to just before the beat', () => {
      const text = 'event b @2 {\n  requires x\n}\nevent x @3\n';
      const results = tryRepairs(text, 'T102');
      assert.deepEqual(results.map((r) => r.title), [
        'Move `b` after `x` (@4)',
        'Move `x` before `b` (@1)',
        'Remove the requirement `b requires x`',
      ]);
      assert.equal(results[2]!.text, 'event b @2 {\n}\nevent x @3\n');
      for (const result of results) assert.deepEqual(result.remaining, [], result.title);
    });

    it('T103: one conflict per cycle; removing the closing link first', () => {
      const text = [
        'event a @1 { causes b }',
        'event b @2 { causes c }',
        'event c @3 { causes d }',
        'event d @4 { causes a }',
        '',
      ].join('\n');
      const analysis = analyse(text);
      assert.deepEqual(summary(analysis), ['T101 a', 'T103 a']);
      const cycle = analysis.diagnostics.find((d) => d.code === 'T103')!;
      assert.match(cycle.message, /`a → b → c → d → a`/);
      assert.deepEqual(cycle.related.map((r) => text.slice(r.span.start, r.span.end)), ['a', 'b', 'c', 'd']);
      const results = tryRepairs(text, 'T103');
      assert.equal(results[0]!.title, 'Remove the link `d causes a`');
      assert.equal(results[0]!.text, text.replace('event d @4 { causes a }', 'event d @4 { }'));
      assert.deepEqual(results[0]!.remaining, []);
      assert.equal(results.length, 4);
    });

    it('T104: removes the link', () => {
      const text = [
        'choice c @1 "?" {',
        '  option one "One" { event x @2 { causes y } }',
        '  option other "Other" { event y @3 }',
        '}',
        '',
      ].join('\n');
      const results = tryRepairs(text, 'T104');
      assert.deepEqual(results.map((r) => r.title), ['Remove the link `x causes y`']);
      assert.match(results[0]!.text, /event x @2 \{ \}/);
      assert.deepEqual(results[0]!.remaining, []);
    });

    it('T105: moves the prevented beat before, the preventer after, or removes the link', () => {
      const text = 'event start @1\nevent a @2 { prevents b }\nevent b @3\n';
      const results = tryRepairs(text, 'T105');
      assert.deepEqual(results.map((r) => r.title), [
        'Move `b` before `a` (@1.5)',
        'Move `a` after `b` (@4)',
        'Remove the link `a prevents b`',
      ]);
      for (const result of results) assert.deepEqual(result.remaining, [], result.title);
    });

    it('T106: moves the beat just after its choice', () => {
      const text = 'choice c @5 "?" {\n  option one "One" { event x @4 }\n  option two "Two" { event y @6 }\n}\n';
      const results = tryRepairs(text, 'T106');
      assert.deepEqual(results.map((r) => r.title), ['Move `x` after its choice `c` (@5.5)']);
      assert.match(results[0]!.text, /event x @5\.5/);
      assert.deepEqual(results[0]!.remaining, []);
    });

    it('T106: a choice moved after its own choice takes its options along', () => {
      const text = [
        'choice outer @10 "?" {',
        '  option a "A" {',
        '    choice inner @9.5 "?" {',
        '      option x "X" { event e @9.75 }',
        '      option y "Y" { event f @9.75 }',
        '    }',
        '  }',
        '  option b "B" { event g @11 }',
        '}',
        '',
      ].join('\n');
      const results = tryRepairs(text, 'T106');
      assert.deepEqual(results.map((r) => r.title), [
        'Move `inner` and its options after its choice `outer` (@10.5)',
        'Move `inner` after its choice `outer` (@10.5)',
      ]);
      assert.match(results[0]!.text, /choice inner @10\.5 .*\n.*event e @10\.75 .*\n.*event f @10\.75/);
      assert.deepEqual(results[0]!.remaining, []);
      assert.deepEqual(results[1]!.remaining, ['T106', 'T106']); // the inner beats are now before `inner`
    });
  });
});
