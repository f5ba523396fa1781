/**
 * The theme checks (M301-M304) beyond what fixture stories can express:
 * stories with 2^60 paths (the checks must never enumerate them), severities,
 * and the repairs each check proposes, applied to the text, re-analysed, and
 * verified by the resolution engine.
 */
import assert from 'node:assert/strict';
import { formatPath } from '../src/index.js';
import { checkHarness, sixtyChoiceLines } from './check-harness.js';
import { THEME_CHECKS } from '../src/checks/theme/index.js';

const THEME_CODES = new Set(['M301', 'M302', 'M303', 'M304']);
const { analyse, summary, tryRepairs } = checkHarness(THEME_CHECKS, THEME_CODES);

/** Sixty choices `choice_1`..`choice_60` at @10..@600, options `a` and `b` holding one event each (`a_i`, `b_i`). */
function sixtyChoices(extra: { a?: Record<number, string>; b?: Record<number, string>; before?: string; after50?: string }): string {
  const lines: string[] = ['story "Sixty choices" { }', extra.before ?? 'event opening @1', ...sixtyChoiceLines(extra)];
  return lines.join('\n') + '\n';
}

describe('theme checks', () => {
  describe('stories with 60 sequential two-way choices (2^60 paths)', () => {
    it('M303: a payoff in one option only: one conflict, with the other option as witness', () => {
      const text = sixtyChoices({ before: 'event opening @1 { setup letter }', a: { 30: 'payoff letter' } });
      const analysis = analyse(text);
      assert.deepEqual(summary(analysis), ['M303[choice_30 → b] letter']);
      assert.equal(analysis.diagnostics[0]!.severity, 'warning');
      assert.equal(analysis.diagnostics[0]!.message, '`letter` is set up in `opening` but not paid off after it on path choice_30 → b');
      assert.deepEqual(analysis.diagnostics[0]!.related.map((r) => r.message), ['`payoff letter` in `a_30` is not on that path']);
    });

    it('M303: payoffs in both options of one choice, or in different choices covering every path: no conflict', () => {
      assert.deepEqual(summary(analyse(sixtyChoices({
        before: 'event opening @1 { setup letter }', a: { 30: 'payoff letter' }, b: { 30: 'payoff letter' },
      }))), []);
      // choice_10 → a pays off; on choice_10 → b, both options of choice_40 pay off.
      assert.deepEqual(summary(analyse(sixtyChoices({
        before: 'event opening @1 { setup letter }', a: { 10: 'payoff letter', 40: 'payoff letter' }, b: { 40: 'payoff letter' },
      }))), []);
    });

    it('M303: two partial payoffs in different choices leave the path that avoids both', () => {
      const text = sixtyChoices({ before: 'event opening @1 { setup letter }', a: { 10: 'payoff letter' }, b: { 40: 'payoff letter' } });
      assert.deepEqual(summary(analyse(text)), ['M303[choice_10 → b, choice_40 → a] letter']);
    });

    it('M304: a setup in one option, a payoff after the join', () => {
      const text = sixtyChoices({ a: { 10: 'setup scar' }, after50: 'event reveal @505 { payoff scar }' });
      assert.deepEqual(summary(analyse(text)), ['M304[choice_10 → b] scar']);
      assert.equal(analyse(text).diagnostics[0]!.message, '`scar` is paid off in `reveal` without being set up before it on path choice_10 → b');
    });

    it('M304: a payoff inside an option needs a setup only on the paths through that option', () => {
      const text = sixtyChoices({ a: { 10: 'setup scar', 20: 'payoff scar' }, b: { 20: 'setup scar' } });
      assert.deepEqual(summary(analyse(text)), [
        'M303[choice_10 → a, choice_20 → b] scar', // the setup in a_10 is paid off in a_20 only
        'M304[choice_10 → b, choice_20 → a] scar',
        'M303[choice_20 → b] scar', // the setup in b_20 is never paid off
      ]);
    });
  });

  describe('severities and messages', () => {
    it('M301 and M303/M304 are warnings, M302 is information', () => {
      const text = [
        'story "S" { themes grief }',
        'arc storm micro "Storm" {',
        '  themes fear',
        '  event a @1 { themes grief, hope  setup gun }',
        '  event b @2 { payoff ring }',
        '}',
        '',
      ].join('\n');
      const analysis = analyse(text);
      assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.severity} ${text.slice(d.span.start, d.span.end)} [${formatPath(d.path ?? [])}]`), [
        'M302 information fear []',
        'M301 warning hope []',
        'M303 warning gun []',
        'M304 warning ring []',
      ]);
      assert.equal(analysis.diagnostics[1]!.message, '`a` carries the theme `hope`, which is not among the themes of its arc (`storm`) or of the story');
      assert.equal(analysis.diagnostics[2]!.message, '`gun` is set up in `a` but never paid off (no beat has `payoff gun`)');
      assert.equal(analysis.diagnostics[3]!.message, '`ring` is paid off in `b` but never set up (no beat has `setup ring`)');
    });

    it('M301 suggests the nearest declared theme and names every enclosing arc', () => {
      const text = [
        'story "S" { themes grief }',
        'arc outer micro "O" { themes courage',
        '  arc inner micro "I" { themes fear  event a @1 { themes fear, courage, greif } }',
        '}',
        '',
      ].join('\n');
      const analysis = analyse(text);
      assert.deepEqual(summary(analysis), ['M301 greif']);
      assert.equal(analysis.diagnostics[0]!.message,
        '`a` carries the theme `greif`, which is not among the themes of its arcs (`inner`, `outer`) or of the story; did you mean `grief`?');
    });

    it('M303/M304: a setup and a payoff of one label in the same beat do not pair', () => {
      assert.deepEqual(summary(analyse('story "S" { }\nevent a @1 { setup x  payoff x }\n')), ['M303[] x', 'M304[] x']);
    });

    it('M301 does nothing without a story header; M302-M304 still apply', () => {
      const text = 'arc storm micro "S" { themes fear  event a @1 { themes hope  setup x } }\n';
      assert.deepEqual(summary(analyse(text)), ['M302 fear', 'M303[] x']);
    });
  });

  describe('repairs', () => {
    it('M301: replace a typo, add the theme to the innermost arc, or remove it', () => {
      const text = [
        'story "S" { themes grief }',
        'arc storm micro "Storm" {',
        '  themes fear',
        '  event a @1 { themes fear, greif }',
        '}',
        '',
      ].join('\n');
      const results = tryRepairs(text, 'M301');
      assert.deepEqual(results.map((r) => r.title), [
        'Replace `greif` with `grief`',
        'Add `greif` to the themes of arc `storm`',
        'Remove the theme `greif` from `a`',
      ]);
      assert.match(results[0]!.text, /event a @1 \{ themes fear, grief \}/);
      assert.match(results[1]!.text, /themes fear, greif\n {2}event a/);
      assert.match(results[2]!.text, /event a @1 \{ themes fear \}/);
      for (const result of results) assert.deepEqual(result.remaining, [], result.title);
    });

    it('M301: creates a `themes` item in an arc without one; for a beat outside arcs, adds to the story', () => {
      const inArc = tryRepairs('story "S" { }\narc storm micro "Storm" {\n  event a @1 { themes hope }\n}\n', 'M301');
      assert.deepEqual(inArc.map((r) => r.title), ['Add `hope` to the themes of arc `storm`', 'Remove the theme `hope` from `a`']);
      assert.equal(inArc[0]!.text, 'story "S" { }\narc storm micro "Storm" {\n  themes hope\n  event a @1 { themes hope }\n}\n');
      assert.equal(inArc[1]!.text, 'story "S" { }\narc storm micro "Storm" {\n  event a @1 { }\n}\n');

      const noThemes = tryRepairs('story "S" { }\nevent a @1 { themes hope }\n', 'M301');
      assert.equal(noThemes[0]!.title, 'Add `hope` to the story\'s themes');
      assert.equal(noThemes[0]!.text, 'story "S" { themes hope }\nevent a @1 { themes hope }\n');

      const withThemes = tryRepairs('story "S" {\n  themes grief\n  limits { max 9 }\n}\nevent a @1 { themes grief, joy }\n', 'M301');
      assert.equal(withThemes[0]!.title, 'Add `joy` to the story\'s themes');
      assert.match(withThemes[0]!.text, /themes grief, joy\n/);
      assert.equal(withThemes[1]!.title, 'Replace `joy` with `grief`'); // not a likely typo: offered after adding
    });

    it('M302: add the theme to the arc\'s first beat with a block, or remove it from the arc', () => {
      const text = [
        'story "S" { }',
        'arc storm micro "Storm" {',
        '  themes fear, hope',
        '  event late @5 { themes fear }',
        '  event bare @1',
        '  event early @2 {',
        '    > The lamp flickers.',
        '  }',
        '}',
        '',
      ].join('\n');
      const results = tryRepairs(text, 'M302');
      assert.deepEqual(results.map((r) => r.title), ['Add the theme `hope` to `early`', 'Remove the theme `hope` from arc `storm`']);
      assert.match(results[0]!.text, / {2}event early @2 \{\n {4}> The lamp flickers\.\n {4}themes hope\n {2}\}/);
      assert.match(results[1]!.text, /\n {2}themes fear\n/);
      for (const result of results) assert.deepEqual(result.remaining, [], result.title);

      // A beat with a `themes` item gets the name appended; a single-name item is removed whole.
      const single = tryRepairs('arc storm micro "S" {\n  themes hope\n  event a @1 { themes fear }\n}\n', 'M302');
      assert.match(single[0]!.text, /event a @1 \{ themes fear, hope \}/);
      assert.equal(single[1]!.text, 'arc storm micro "S" {\n  event a @1 { themes fear }\n}\n');
    });

    it('M303: add the payoff to the last beat on every path holding the setup, or remove the setup', () => {
      const text = [
        'story "S" { }',
        'arc night micro "Night" {',
        '  event letter_found @1 { setup letter }',
        '  choice open_it @2 "Open it?" {',
        '    option yes "Yes" { event reads @3 { payoff letter } }',
        '    option no "No" { event burns @3 }',
        '  }',
        '  event dawn @4',
        '}',
        'event epilogue @9',
        '',
      ].join('\n');
      const results = tryRepairs(text, 'M303');
      assert.deepEqual(results.map((r) => r.title), [
        'Add a new event `letter_payoff` @2.5 with `payoff letter` in the option `open_it.no`', // only where it is missing
        'Add `payoff letter` to `epilogue`',
        'Add `payoff letter` to `dawn`',
        'Remove `setup letter` from `letter_found`',
      ]);
      assert.match(results[0]!.text, /option no "No" \{ event burns @3 {2}event letter_payoff @2\.5 \{ payoff letter \} \}/);
      assert.match(results[1]!.text, /event epilogue @9 \{ payoff letter \}/);
      assert.match(results[2]!.text, /event dawn @4 \{ payoff letter \}/);
      assert.match(results[3]!.text, /event letter_found @1 \{ \}/);
      assert.deepEqual(results[0]!.remaining, []);
      assert.deepEqual(results[1]!.remaining, []);
      assert.deepEqual(results[2]!.remaining, []);
      assert.deepEqual(results[3]!.remaining, ['M304[open_it → yes] letter']); // a warning, not an error: the writer decides
    });

    it('M303: with no beat after the setup, a new event pays it off at the end of the story', () => {
      const results = tryRepairs('story "S" { }\nevent a @1 { setup gun }\nevent b @0.5\n', 'M303');
      assert.deepEqual(results.map((r) => r.title), ['Add a new event `gun_payoff` @2 with `payoff gun`', 'Remove `setup gun` from `a`']);
      assert.equal(results[0]!.text, 'story "S" { }\nevent a @1 { setup gun }\nevent b @0.5\n\nevent gun_payoff @2 { payoff gun }\n');
      assert.equal(results[1]!.text, 'story "S" { }\nevent a @1 { }\nevent b @0.5\n');
    });

    it('M304: add the setup to an earlier beat on every path holding the payoff, or remove the payoff', () => {
      const text = [
        'story "S" { }',
        'event opening @1',
        'choice fork @2 "Which way?" {',
        '  option left "Left" { event scarred @3 { setup scar } }',
        '  option right "Right" { event unhurt @3 }',
        '}',
        'event middle @4',
        'event reveal @5 { payoff scar }',
        '',
      ].join('\n');
      const results = tryRepairs(text, 'M304');
      assert.deepEqual(results.map((r) => r.title), [
        'Add a new event `scar_setup` @4.5 with `setup scar` in the option `fork.right`', // only where it is missing
        'Add `setup scar` to `middle`',
        'Add `setup scar` to `opening`',
        'Remove `payoff scar` from `reveal`',
      ]);
      assert.match(results[0]!.text, /option right "Right" \{ event unhurt @3 {2}event scar_setup @4\.5 \{ setup scar \} \}/);
      assert.match(results[1]!.text, /event middle @4 \{ setup scar \}/);
      assert.match(results[2]!.text, /event opening @1 \{ setup scar \}/);
      assert.match(results[3]!.text, /event reveal @5 \{ \}/);
      assert.deepEqual(results[0]!.remaining, []);
      assert.deepEqual(results[1]!.remaining, []);
      assert.deepEqual(results[2]!.remaining, []);
    });

    it('M304: with no earlier beat on every path, a new event sets it up just before', () => {
      const text = 'story "S" { }\nchoice c @1 "?" {\n  option x "X" { event p @3 { payoff key } }\n  option y "Y" { }\n}\n';
      const results = tryRepairs(text, 'M304');
      assert.deepEqual(results.map((r) => r.title), ['Add a new event `key_setup` @2 with `setup key` in the option `c.x`', 'Remove `payoff key` from `p`']);
      assert.equal(results[0]!.text,
        'story "S" { }\nchoice c @1 "?" {\n  option x "X" { event p @3 { payoff key }  event key_setup @2 { setup key } }\n  option y "Y" { }\n}\n');
      assert.deepEqual(results[0]!.remaining, []);
    });
  });
});
