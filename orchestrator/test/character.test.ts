/**
 * The character checks (C201-C204) beyond what fixture stories can express:
 * stories with 2^60 paths (the checks must never enumerate them), severities,
 * and the repairs each check proposes, applied to the text and re-analysed.
 */
import assert from 'node:assert/strict';
import { addedErrors, formatPath, proposeResolutions } from '../src/index.js';
import { applyRepair as apply, checkHarness, sixtyChoiceLines } from './check-harness.js';
import { CHARACTER_CHECKS } from '../src/checks/character/index.js';

const CHARACTER_CODES = new Set(['C201', 'C202', 'C203', 'C204']);
const { analyse, summary, repairsFor } = checkHarness(CHARACTER_CHECKS, CHARACTER_CODES);

interface Tried {
  readonly title: string;
  readonly text: string;
  /** Character conflicts left after the repair, and the errors it added. */
  readonly remaining: string[];
}

/** The single conflict of `code` in `text`, its repairs, and for each: its title, the new text, and what remains. */
function tryRepairs(text: string, code: string): Tried[] {
  const analysis = analyse(text, false);
  const conflicts = analysis.diagnostics.filter((d) => d.code === code);
  assert.equal(conflicts.length, 1, `expected one ${code}, got: ${summary(analysis).join('; ')}`);
  return repairsFor(analysis, conflicts[0]!).map((repair) => {
    const repaired = apply(text, repair);
    const after = analyse(repaired, false);
    const added = new Set(addedErrors(analysis, after));
    return {
      title: repair.title,
      text: repaired,
      remaining: after.diagnostics.filter((d) => CHARACTER_CODES.has(d.code) || added.has(d)).map((d) => d.code),
    };
  });
}

/** Sixty choices `choice_1`..`choice_60` at @10..@600, options `a` and `b` holding one event each (`a_i`, `b_i`). */
function sixtyChoices(extra: { a?: Record<number, string>; b?: Record<number, string>; after50?: string; header?: string }): string {
  const lines: string[] = [
    extra.header ?? 'character mara\ncharacter tom', 'event opening @1 { with mara }',
    ...sixtyChoiceLines({ ...extra, always: 'with mara' }),
  ];
  return lines.join('\n') + '\n';
}

describe('character checks', () => {
  describe('stories with 60 sequential two-way choices (2^60 paths)', () => {
    it('C201: a death in one option, a return in another option, an appearance after the join: one conflict with its witness', () => {
      const text = sixtyChoices({ a: { 10: 'kills tom' }, b: { 30: 'enters tom' }, after50: 'event finale @505 { with mara, tom }' });
      const analysis = analyse(text);
      assert.deepEqual(summary(analysis), ['C201[choice_10 → a, choice_30 → a] tom']);
      const [conflict] = analysis.diagnostics;
      assert.deepEqual(conflict!.path, [{ choice: 'choice_10', option: 'a' }, { choice: 'choice_30', option: 'a' }]);
      assert.equal(conflict!.severity, 'warning');
      assert.equal(conflict!.message,
        '`tom` is involved in `finale` after being killed in `a_10`, with no `enters tom` in between, on path choice_10 → a, choice_30 → a');
      assert.deepEqual(conflict!.related.map((r) => text.slice(r.span.start, r.span.end)), ['a_10']);
      // The whole story is otherwise clean.
      assert.deepEqual(summary(analyse(text, false)), ['C201[choice_10 → a, choice_30 → a] tom']);
    });

    it('C201: two deaths before one appearance are reported once, for the latest', () => {
      const text = sixtyChoices({ a: { 10: 'kills tom', 20: 'exits tom' }, b: { 30: 'enters tom' }, after50: 'event finale @505 { with mara, tom }' });
      assert.deepEqual(summary(analyse(text)), ['C201[choice_20 → a, choice_30 → a] tom']);
    });

    it('C201: no conflict when every path through the death brings the character back', () => {
      const text = sixtyChoices({ a: { 10: 'kills tom', 30: 'enters tom' }, b: { 30: 'enters tom' }, after50: 'event finale @505 { with mara, tom }' });
      assert.deepEqual(summary(analyse(text)), []);
    });

    it('C203: a stage reached in one option, a regress in another, a step back after the join', () => {
      const text = sixtyChoices({
        header: 'character mara { stages denial -> anger -> acceptance }',
        a: { 10: 'stage mara acceptance' },
        b: { 30: 'regress mara denial' },
        after50: 'event relapse @505 { stage mara anger }',
      });
      const analysis = analyse(text);
      assert.deepEqual(summary(analysis), ['C203[choice_10 → a, choice_30 → a] stage mara anger']);
      assert.equal(analysis.diagnostics[0]!.severity, 'information');
    });

    it('C204: an entry in one option leaves the other path without it', () => {
      const text = sixtyChoices({
        header: 'character mara\ncharacter nell',
        b: { 40: 'enters nell' },
        after50: 'event finale @505 { with mara, nell }',
      });
      assert.deepEqual(summary(analyse(text)), ['C204[choice_40 → a] nell']);
    });

    it('C202: two options of different choices at the same time', () => {
      const text = sixtyChoices({
        header: 'character mara\nplace harbor\nplace lighthouse',
        a: { 10: 'at harbor' },
        after50: 'event elsewhere @101 { with mara  at lighthouse }',
      });
      assert.deepEqual(summary(analyse(text)), ['C202[choice_10 → a] at lighthouse']);
    });
  });

  describe('severities', () => {
    it('certain conflicts are errors, path-dependent ones warnings, stage steps information', () => {
      const text = [
        'character mara { stages denial -> acceptance }',
        'character tom',
        'character nell',
        'place harbor',
        'place lighthouse',
        'event opening @1 { with mara, tom  stage mara acceptance }',
        'event drowning @2 { with mara  kills tom }',
        'event seen @3 { with tom, nell  stage mara denial }',
        'event nell_arrives @4 { enters nell  with mara }',
        'choice c @5 "?" {',
        '  option x "X" { event lamp @6 { at lighthouse  with mara, tom } }',
        '  option y "Y" { event quiet @6 { with nell } }',
        '}',
        'event quay @6 { at harbor  with mara }',
        '',
      ].join('\n');
      const analysis = analyse(text);
      const found = analysis.diagnostics.map((d) => `${d.code} ${d.severity} ${text.slice(d.span.start, d.span.end)} [${formatPath(d.path ?? [])}]`);
      assert.deepEqual(found, [
        'C201 error tom []',
        'C204 error nell []',
        'C203 information stage mara denial []',
        'C201 error tom [c → x]', // every path through `lamp` has `tom` dead
        'C202 warning at harbor [c → x]',
      ]);
    });

    it('a conflict that happens on every path in different ways is an error that names each way', () => {
      const text = [
        'character kit',
        'choice c1 @1 "?" {',
        '  option o1 "a" { event b1 @2 { exits kit } }',
        '  option o2 "b" { event b2 @2 { kills kit } }',
        '}',
        'event b3 @3 { with kit }',
        '',
      ].join('\n');
      const analysis = analyse(text);
      assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.severity} [${formatPath(d.path ?? [])}]`), ['C201 error []']);
      assert.equal(analysis.diagnostics[0]!.message,
        '`kit` is involved in `b3` after being killed in `b2` (c1 → o2) or leaving the story in `b1` (c1 → o1), ' +
        'with no `enters kit` in between, on every path');
      assert.deepEqual(analysis.diagnostics[0]!.related.map((r) => r.message), ['`kit` is killed here', '`kit` leaves the story here']);
    });

    it('names at most four ways, then "in other ways"', () => {
      const options = [1, 2, 3, 4, 5, 6].map((i) => `  option o${i} "${i}" { event gone${i} @2 { exits kit } }`);
      const text = ['character kit', 'choice c1 @1 "?" {', ...options, '}', 'event b3 @3 { with kit }', ''].join('\n');
      const [conflict] = analyse(text).diagnostics;
      assert.equal(conflict!.severity, 'error');
      assert.equal(conflict!.message,
        '`kit` is involved in `b3` after leaving the story in `gone6` (c1 → o6), leaving the story in `gone5` (c1 → o5), ' +
        'leaving the story in `gone4` (c1 → o4), leaving the story in `gone3` (c1 → o3) or in other ways, with no `enters kit` in between, on every path');
      assert.equal(conflict!.related.length, 4);
    });

    it('an `enters` that some path through the beat holds keeps the conflict a warning', () => {
      const text = [
        'character kit',
        'choice c1 @1 "?" {',
        '  option o1 "a" { event b1 @2 { exits kit } }',
        '  option o2 "b" { event b2 @2 { kills kit }  event back @2.5 { enters kit } }',
        '}',
        'event b3 @3 { with kit }',
        '',
      ].join('\n');
      const analysis = analyse(text);
      assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.severity} [${formatPath(d.path ?? [])}]`), ['C201 warning [c1 → o1]']);
    });

    it('certain only through an option: an error that names the options leading to the beat', () => {
      const text = [
        'character mara',
        'character owen',
        'event start @1 { with mara }',
        'choice call @5 "Call Owen?" {',
        '  option yes "Call him" { event owen_arrives @6 { with mara  enters owen } }',
        '  option no "Do not" { event owen_seen @7 { with mara, owen } }',
        '}',
        '',
      ].join('\n');
      const analysis = analyse(text);
      assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.severity} [${formatPath(d.path ?? [])}]`), ['C204 error [call → no]']);
      assert.match(analysis.diagnostics[0]!.message, /on every path through `owen_seen` \(call → no\)$/);
    });
  });

  describe('repairs', () => {
    it('C201: add `enters`, remove the character, or move the beat before the death', () => {
      const text = [
        'character mara',
        'character tom',
        'event storm @1 { with mara, tom }',
        'event drowning @2 { with mara  kills tom }',
        'event funeral @3 { with mara, tom }',
        '',
      ].join('\n');
      const results = tryRepairs(text, 'C201');
      assert.deepEqual(results.map((r) => r.title), [
        'Bring `tom` back: add `enters tom` to `funeral`',
        'Remove `tom` from `funeral`',
        'Move `funeral` before `drowning` (@1.5)',
      ]);
      assert.match(results[0]!.text, /event funeral @3 \{ with mara, tom {2}enters tom \}/);
      assert.match(results[1]!.text, /event funeral @3 \{ with mara \}/);
      assert.match(results[2]!.text, /event funeral @1\.5 \{ with mara, tom \}/);
      for (const result of results) assert.deepEqual(result.remaining, [], result.title);
    });

    it('C201: adds `enters` on its own line in a block over several lines, and removes every involving item', () => {
      const text = [
        'character mara { stages hurt -> healed }',
        'character tom { stages hurt -> healed }',
        'event storm @1 { with mara, tom  stage tom hurt }',
        'event drowning @2 { with mara  kills tom }',
        'event funeral @3 {',
        '  with tom',
        '  stage tom healed',
        '}',
        'event wake @4 { with mara  stage mara healed }',
        '',
      ].join('\n');
      const analysis = analyse(text, false);
      assert.deepEqual(summary(analysis), ['C201[] tom']);
      const results = tryRepairs(text, 'C201');
      assert.equal(results[0]!.text, text.replace('  stage tom healed\n}', '  stage tom healed\n  enters tom\n}'));
      assert.equal(results[1]!.title, 'Remove `tom` from `funeral`');
      assert.equal(results[1]!.text, text.replace('event funeral @3 {\n  with tom\n  stage tom healed\n}', 'event funeral @3 {\n}'));
      for (const result of results) assert.deepEqual(result.remaining, [], result.title);

    });

    it('C201: a beat inside an option moves only as far as its choice allows', () => {
      const text = [
        'character tom',
        'event drowning @1 { kills tom }',
        'choice c @2 "?" {',
        '  option x "X" { event seen @3 { with tom } }',
        '  option y "Y" { event unseen @3 }',
        '}',
        '',
      ].join('\n');
      const titles = tryRepairs(text, 'C201').map((r) => r.title);
      assert.deepEqual(titles, [
        'Bring `tom` back in the option `c.x` before `seen`: a new beat `tom_returns` @2.5 with `enters tom`',
        'Bring `tom` back: add `enters tom` to `seen`',
        'Remove `tom` from `seen`',
      ]);
    });

    it('C201: the involvement moves into the options where the character is still in the story', () => {
      const text = [
        'character mara',
        'character lia',
        'place ward',
        'event opening @1 { with mara, lia }',
        'choice fall @2 "?" {',
        '  option collapse "Collapse" { event collapse_b @3 { kills lia } }',
        '  option hold "Hold on" { event holds @3 { with lia } }',
        '}',
        'event morning @4 { at ward  with mara, lia }',
        '',
      ].join('\n');
      const results = tryRepairs(text, 'C201');
      assert.equal(results[0]!.title,
        'Move `lia` out of `morning` into the option `fall.hold`, where `lia` is still in the story: a new beat `morning_lia` @4');
      assert.equal(results[0]!.text, text
        .replace('event holds @3 { with lia } }', 'event holds @3 { with lia }  event morning_lia @4 { at ward  with lia } }')
        .replace('event morning @4 { at ward  with mara, lia }', 'event morning @4 { at ward  with mara }'));
      assert.deepEqual(results[0]!.remaining, []);
      // The engine prefers it: it adds nothing and changes only the paths where `lia` is dead or alive in her option.
      const analysis = analyse(text, false);
      const preferred = proposeResolutions(analysis, analysis.diagnostics[0]!)[0]!;
      assert.equal(preferred.repairTitle, results[0]!.title);
      assert.equal(preferred.kind, 'path');
      assert.deepEqual(preferred.adds, []);
    });

    it('C201: certain in two ways, an `enters` in each branch', () => {
      const text = [
        'character kit',
        'choice c1 @1 "?" {',
        '  option o1 "a" { event b1 @2 { exits kit } }',
        '  option o2 "b" { event b2 @2 { kills kit } }',
        '}',
        'event b3 @3 { with kit }',
        '',
      ].join('\n');
      const results = tryRepairs(text, 'C201');
      assert.equal(results[0]!.title,
        'Bring `kit` back in the options `c1.o2` and `c1.o1` before `b3`: new beats `kit_returns` @2.5 and `kit_returns_2` @2.5 with `enters kit`');
      assert.deepEqual(results[0]!.remaining, []);
    });

    it('C202: move the later beat slightly, or give both beats one place', () => {
      const text = [
        'character mara',
        'place harbor',
        'place lighthouse',
        'event lamp @1 { at lighthouse  with mara }',
        'event quay @1 { at harbor  with mara }',
        'event end @2 { with mara }',
        '',
      ].join('\n');
      const results = tryRepairs(text, 'C202');
      assert.deepEqual(results.map((r) => r.title), [
        'Move `quay` slightly later (@1.5)',
        'Set the place of `quay` to `lighthouse`',
        'Set the place of `lamp` to `harbor`',
      ]);
      assert.match(results[0]!.text, /event quay @1\.5 \{ at harbor {2}with mara \}/);
      assert.match(results[1]!.text, /event quay @1 \{ at lighthouse {2}with mara \}/);
      assert.match(results[2]!.text, /event lamp @1 \{ at harbor {2}with mara \}/);
      for (const result of results) assert.deepEqual(result.remaining, [], result.title);
    });

    it('C203: change `stage` to `regress`', () => {
      const text = 'character mara { stages denial -> anger }\nevent a @1 { stage mara anger }\nevent b @2 { stage mara denial }\n';
      const results = tryRepairs(text, 'C203');
      assert.deepEqual(results.map((r) => r.title), ['Mark the step back as deliberate: change `stage` to `regress`']);
      assert.equal(results[0]!.text, text.replace('stage mara denial', 'regress mara denial'));
      assert.deepEqual(results[0]!.remaining, []);
    });

    it('C204: add `enters`, or move the beat after the first entry', () => {
      const text = [
        'character mara',
        'character nell',
        'event opening @1 { with mara, nell }',
        'event arrival @2 { with mara  enters nell }',
        'event end @3 { with nell }',
        '',
      ].join('\n');
      const results = tryRepairs(text, 'C204');
      assert.deepEqual(results.map((r) => r.title), [
        'Let `nell` enter in `opening`: add `enters nell`',
        'Move `opening` after `arrival` (@2.5)',
      ]);
      assert.match(results[0]!.text, /event opening @1 \{ with mara, nell {2}enters nell \}/);
      assert.match(results[1]!.text, /event opening @2\.5 \{ with mara, nell \}/);
      for (const result of results) assert.deepEqual(result.remaining, [], result.title);
    });

    it('the resolution engine verifies the character repairs', () => {
      const text = [
        'character mara',
        'character tom',
        'event storm @1 { with mara, tom }',
        'event drowning @2 { with mara  kills tom }',
        'event funeral @3 { with mara, tom }',
        '',
      ].join('\n');
      const analysis = analyse(text, false);
      const resolutions = proposeResolutions(analysis, analysis.diagnostics.find((d) => d.code === 'C201')!);
      assert.ok(resolutions.some((r) => r.title === 'Bring `tom` back: add `enters tom` to `funeral`'));
      assert.ok(resolutions.every((r) => r.title.startsWith('Allow') === r.silences));
    });
  });
});
