/**
 * The therapeutic checks W401, W403, W405 and W406 beyond what fixture stories
 * can express: goals in stories with 2^60 paths (never enumerated), severities,
 * what happens without a header or a limit, and the repairs each check
 * proposes, applied to the text, re-analysed, and verified by the engine.
 */
import assert from 'node:assert/strict';
import { checkHarness, sixtyChoiceLines } from './check-harness.js';
import { THERAPEUTIC_CHECKS } from '../src/checks/therapeutic/index.js';

const CODES = new Set(['W401', 'W403', 'W405', 'W406']);
const { analyse, summary, tryRepairs } = checkHarness(THERAPEUTIC_CHECKS, CODES);

/** Sixty choices `choice_1`..`choice_60` at @10..@600, options `a` and `b` holding one event each (`a_i`, `b_i`). */
function sixtyChoices(extra: { header: string; a?: Record<number, string>; b?: Record<number, string>; wrap?: [string, string] }): string {
  const lines: string[] = [extra.header];
  if (extra.wrap) lines.push(extra.wrap[0]);
  lines.push('event opening @1', ...sixtyChoiceLines(extra));
  if (extra.wrap) lines.push(extra.wrap[1]);
  return lines.join('\n') + '\n';
}

describe('therapeutic checks', () => {
  describe('goals in stories with 60 sequential two-way choices (2^60 paths)', () => {
    const header = 'story "Sixty choices" { goal calm "Stay calm" }';

    it('W405: a goal addressed in one option only: one conflict, with the other option as witness', () => {
      const analysis = analyse(sixtyChoices({ header, a: { 20: 'addresses calm' } }));
      assert.deepEqual(summary(analysis), ['W405[choice_20 → b] calm']);
      assert.equal(analysis.diagnostics[0]!.message, 'the goal `calm` is not addressed on path choice_20 → b');
      assert.equal(analysis.diagnostics[0]!.severity, 'warning');
      assert.deepEqual(analysis.diagnostics[0]!.related.map((r) => r.message), ['`a_20` addresses `calm`, but not on that path']);
    });

    it('W405: addressed in both options of one choice, or on every path through different choices: no conflict', () => {
      assert.deepEqual(summary(analyse(sixtyChoices({ header, a: { 20: 'addresses calm' }, b: { 20: 'addresses calm' } }))), []);
      assert.deepEqual(summary(analyse(sixtyChoices({ header, a: { 5: 'addresses calm', 55: 'addresses calm' }, b: { 55: 'addresses calm' } }))), []);
    });

    it('W405: two partial addressers leave the path that avoids both', () => {
      assert.deepEqual(summary(analyse(sixtyChoices({ header, a: { 5: 'addresses calm' }, b: { 55: 'addresses calm' } }))),
        ['W405[choice_5 → b, choice_55 → a] calm']);
    });

    it('W405: an arc goal around all sixty choices', () => {
      const wrap: [string, string] = ['arc journey micro "Journey" {\n  goals calm', '}'];
      const analysis = analyse(sixtyChoices({ header, wrap, a: { 30: 'addresses calm' } }));
      assert.deepEqual(summary(analysis), ['W405[choice_30 → b] calm', 'W405[choice_30 → b] calm']);
      assert.equal(analysis.diagnostics[1]!.message,
        'arc `journey` lists the goal `calm`, but it is not addressed inside the arc on path choice_30 → b');
    });
  });

  describe('severities, headers and limits', () => {
    it('W401, W403 and W405 are warnings, W406 is information; each is marked on its item', () => {
      const text = [
        'story "S" {',
        '  goal rest "Rest"',
        '  limits { max 7  warn 6 }',
        '  avoid gore',
        '}',
        'event a @1 { intensity 8  tags gore, rain }',
        'event b @2 { intensity 6  warning "Storm"  addresses rest }',
        '',
      ].join('\n');
      const analysis = analyse(text);
      assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.severity} ${text.slice(d.span.start, d.span.end)}`), [
        'W401 warning intensity 8',
        'W406 information intensity 8',
        'W403 warning gore',
      ]);
      assert.equal(analysis.diagnostics[0]!.message, '`a` has intensity 8, above the story\'s limit `max 7`');
      assert.equal(analysis.diagnostics[1]!.message,
        '`a` has intensity 8 (the story asks for a warning from `warn 6`) but no content `warning`');
      assert.equal(analysis.diagnostics[2]!.message, '`a` is tagged `gore`, which the story avoids');
      // Related: the limit, and the `avoid` entry.
      assert.deepEqual(analysis.diagnostics.map((d) => d.related.map((r) => text.slice(r.span.start, r.span.end))),
        [['max 7'], ['warn 6'], ['gore']]);
    });

    it('without a header, or without the limit, the checks that need it do nothing', () => {
      const beats = 'event a @1 { intensity 10  tags gore }\n';
      assert.deepEqual(summary(analyse(beats)), []);
      assert.deepEqual(summary(analyse(`story "S" { limits { spike 2 } }\n${beats}`)), []);
      assert.deepEqual(summary(analyse(`story "S" { avoid violence }\n${beats}`)), []);
    });

    it('intensities outside 0..10 are E007 only', () => {
      const text = 'story "S" { limits { max 7  warn 6 } }\nevent a @1 { intensity 12 }\n';
      assert.deepEqual(summary(analyse(text, false)), ['E007 12']);
    });

    it('W405: a goal no beat addresses fails on every path; unresolved arc goals are left to E002', () => {
      const text = 'story "S" { goal rest "Rest" }\narc a micro "A" { goals rset  event x @1 }\n';
      const analysis = analyse(text, false);
      assert.deepEqual(summary(analysis), ['W405[] rest', 'E002 rset']);
      assert.equal(analysis.diagnostics[0]!.message, 'no beat addresses the goal `rest`');
    });
  });

  describe('repairs', () => {
    it('W401: lower the intensity to the limit', () => {
      const results = tryRepairs('story "S" { limits { max 6.5 } }\nevent a @1 { intensity 9 }\n', 'W401');
      assert.deepEqual(results.map((r) => r.title), ['Lower the intensity of `a` to 6.5']);
      assert.equal(results[0]!.text, 'story "S" { limits { max 6.5 } }\nevent a @1 { intensity 6.5 }\n');
      assert.deepEqual(results[0]!.remaining, []);
    });

    it('W403: remove the tag (the whole item when it is the only tag)', () => {
      const first = tryRepairs('story "S" { avoid gore }\nevent a @1 { tags gore, rain }\n', 'W403');
      assert.deepEqual(first.map((r) => r.title), ['Remove the tag `gore` from `a`']);
      assert.equal(first[0]!.text, 'story "S" { avoid gore }\nevent a @1 { tags rain }\n');
      const only = tryRepairs('story "S" { avoid gore }\nevent a @1 {\n  tags gore\n  intensity 2\n}\n', 'W403');
      assert.equal(only[0]!.text, 'story "S" { avoid gore }\nevent a @1 {\n  intensity 2\n}\n');
    });

    it('W406: add a placeholder warning, in a one-line block or in a block over several lines (after prose)', () => {
      const header = 'story "S" { limits { warn 6 } }\n';
      const oneLine = tryRepairs(`${header}event a @1 { intensity 7 }\n`, 'W406');
      assert.deepEqual(oneLine.map((r) => r.title), ['Add a content warning to `a`']);
      assert.equal(oneLine[0]!.text, `${header}event a @1 { intensity 7  warning "Content warning" }\n`);
      assert.deepEqual(oneLine[0]!.remaining, []);

      const lines = tryRepairs(`${header}event a @1 "A" {\n  intensity 7\n  > It came back at once.\n}\n`, 'W406');
      assert.equal(lines[0]!.text, `${header}event a @1 "A" {\n  intensity 7\n  > It came back at once.\n  warning "Content warning"\n}\n`);
    });

    it('W405 (story goal): add `addresses` to the best-fitting beat on every path, or add a new event at the end', () => {
      const text = [
        'story "S" { goal grounding "Practise grounding when overwhelmed" }',
        'event storm @1 "The storm"',
        'choice c @2 "?" {',
        '  option x "X" { event breathe @3 { addresses grounding } }',
        '  option y "Y" { event run @3 }',
        '}',
        'event ground_floor @4 "Back on the ground floor"',
        'event dawn @5',
        '',
      ].join('\n');
      const results = tryRepairs(text, 'W405');
      assert.deepEqual(results.map((r) => r.title), [
        'Add a new event `grounding_in_y` @2.5 in the option `c.y` that addresses `grounding`', // only where it is missing
        'Add `addresses grounding` to `ground_floor`', // shares a word with the goal
        'Add `addresses grounding` to `dawn`', // otherwise the latest
        'Add a new event `address_grounding` @6 at the end of the story that addresses `grounding`',
      ]);
      assert.match(results[0]!.text, /option y "Y" \{ event run @3 {2}event grounding_in_y @2\.5 \{ addresses grounding \} \}/);
      assert.match(results[1]!.text, /event ground_floor @4 "Back on the ground floor" \{ addresses grounding \}/);
      assert.match(results[3]!.text, /\nevent address_grounding @6 \{ addresses grounding \}\n$/);
      for (const result of results) assert.deepEqual(result.remaining, [], result.title);
    });

    it('W405 (arc goal): add `addresses` to a beat on every path through the arc, or add a new event at its end', () => {
      const text = [
        'story "S" { goal naming "Name the feeling" }',
        'choice outer @1 "?" {',
        '  option in "In" {',
        '    arc scene micro "Scene" {',
        '      goals naming',
        '      event arrive @2',
        '      choice inner @3 "?" {',
        '        option x "X" { event speak @4 { addresses naming } }',
        '        option y "Y" { event silent @4 }',
        '      }',
        '    }',
        '  }',
        '  option out "Out" { }',
        '}',
        'event after @9 { addresses naming }',
        '',
      ].join('\n');
      const analysis = analyse(text, false);
      assert.deepEqual(summary(analysis), ['W405[outer → in, inner → y] naming']);
      const results = tryRepairs(text, 'W405');
      assert.deepEqual(results.map((r) => r.title), [
        'Add a new event `naming_in_y` @3.5 in the option `inner.y` that addresses `naming`', // only where it is missing
        'Add `addresses naming` to `arrive`',
        'Add a new event `naming_in_scene` @4 at the end of arc `scene` that addresses `naming`',
      ]);
      assert.match(results[0]!.text, /option y "Y" \{ event silent @4 {2}event naming_in_y @3\.5 \{ addresses naming \} \}/);
      assert.match(results[1]!.text, /event arrive @2 \{ addresses naming \}/);
      assert.match(results[2]!.text, / {6}\}\n {6}event naming_in_scene @4 \{ addresses naming \}\n {4}\}/);
      for (const result of results) assert.deepEqual(result.remaining, [], result.title);
    });
  });
});
