/**
 * `nao play` and `nao paths`, run as real processes, on the lighthouse
 * example and small projects.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { LIGHTHOUSE, nao, project, removeProjects, REPOSITORY, story } from './cli-helpers.js';
import { FORK } from './pacing-stories.js';
import { elements, parseXml, textOf, type XmlElement } from './xml.js';

after(removeProjects);

const json = (args: readonly string[]): { status: number | null; value: any; stderr: string } => {
  const run = nao(args);
  return { status: run.status, value: run.stdout === '' ? undefined : JSON.parse(run.stdout), stderr: run.stderr };
};

describe('nao play', () => {
  it('stops at the first choice without a pick and names its options (text)', () => {
    const run = nao(['play', LIGHTHOUSE]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Playing from the start; picks: none yet$/m);
    assert.match(run.stdout, /^@1 `storm_begins` "The storm begins"\n {4}> The wind rose before dusk\.\n {4}intensity 4\n {4}mara: in, at lighthouse\n {4}arc healing: open\n {4}arc storm: open$/m);
    assert.match(run.stdout, /^next: choice `keep_watch` "What does Mara do\?" @4\n {2}--pick keep_watch=vigil {2}"Keep the lamp lit"\n {2}--pick keep_watch=search {2}"Go down to the harbor"\n$/m);
    assert.doesNotMatch(run.stdout, /dawn/);
  });

  it('plays keep_watch → search: tom is killed at finds_boat and stays killed (JSON)', () => {
    const { status, value } = json(['play', '--format', 'json', '--pick', 'keep_watch=search', LIGHTHOUSE]);
    assert.equal(status, 0);
    assert.deepEqual(value.steps.map((s: any) => s.beat), ['storm_begins', 'lamp_fails', 'ship_in_danger', 'keep_watch', 'finds_boat', 'dawn', 'letting_go']);
    const step = (beat: string): any => value.steps.find((s: any) => s.beat === beat);
    assert.deepEqual(step('ship_in_danger').state.characters.tom, { status: 'in', place: null, stage: null });
    assert.deepEqual(step('finds_boat').state.characters.tom, { status: 'killed', place: null, stage: null });
    assert.equal(step('dawn').state.characters.tom.status, 'killed');
    assert.deepEqual(step('dawn').state.arcs, { healing: 'open', storm: 'resolved' });
    assert.deepEqual(step('dawn').state.goals, { grounding: false });
    assert.deepEqual(step('letting_go').state.characters.mara, { status: 'in', place: 'lighthouse', stage: 'acceptance' });
    assert.deepEqual(step('letting_go').state.goals, { grounding: true });
    assert.equal(step('finds_boat').state.intensity, 6);
    assert.equal(step('letting_go').state.intensity, 2, 'the latest intensity carries over');
    assert.deepEqual(step('storm_begins').prose, ['The wind rose before dusk.']);
    assert.deepEqual(step('keep_watch').picked, { option: 'search', title: 'Go down to the harbor' });
    assert.equal(value.next, null);
    assert.equal(value.ended, true);
    assert.deepEqual(value.conflicts, []);
    assert.deepEqual(value.picks, [{ choice: 'keep_watch', option: 'search' }]);
  });

  it('plays keep_watch → vigil: tom stays in, grounding is addressed at breathing (JSON)', () => {
    const { status, value } = json(['play', '-f', 'json', '--pick', 'keep_watch=vigil', LIGHTHOUSE]);
    assert.equal(status, 0);
    assert.deepEqual(value.steps.map((s: any) => s.beat), ['storm_begins', 'lamp_fails', 'ship_in_danger', 'keep_watch', 'breathing', 'dawn', 'letting_go']);
    const breathing = value.steps.find((s: any) => s.beat === 'breathing');
    assert.deepEqual(breathing.state.goals, { grounding: true });
    assert.equal(value.steps.at(-1).state.characters.tom.status, 'in');
  });

  it('shows the state changes as a transcript (text), tom killed on search', () => {
    const run = nao(['play', '--pick', 'keep_watch=search', LIGHTHOUSE]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^@4 choice `keep_watch` "What does Mara do\?" → `search` "Go down to the harbor"$/m);
    assert.match(run.stdout, /^@5 `finds_boat`\n {4}intensity 6\n {4}tom: killed$/m);
    assert.match(run.stdout, /^@9 `letting_go`\n {4}mara: in, at lighthouse, stage acceptance\n {4}arc healing: resolved\n {4}goal grounding: addressed$/m);
    assert.match(run.stdout, /^conflicts on this path: none\nthe end \(7 beats played\)\n$/m);
  });

  it('starts from a beat with the state the path brought to it', () => {
    const { status, value } = json(['play', '--format', 'json', '--from', 'dawn', '--pick', 'keep_watch=search', LIGHTHOUSE]);
    assert.equal(status, 0);
    assert.deepEqual(value.steps.map((s: any) => s.beat), ['dawn', 'letting_go']);
    assert.equal(value.from, 'dawn');
    assert.equal(value.steps[0].state.characters.tom.status, 'killed');
    const text = nao(['play', '--from', 'finds_boat', LIGHTHOUSE]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^Playing from `finds_boat`; picks: keep_watch → search\n\n@5 `finds_boat`\n {4}intensity 6\n {4}state:\n {6}mara: in, at lighthouse\n {6}tom: killed\n/);
  });

  it('stops where a picked option vanished, with a note, and exits 1', () => {
    const run = json(['play', '--format', 'json', '--pick', 'keep_watch=wait', LIGHTHOUSE]);
    assert.equal(run.status, 1);
    assert.equal(run.value.steps.at(-1).beat, 'keep_watch');
    assert.equal(run.value.next, null);
    assert.equal(run.value.ended, false);
    assert.match(run.value.notes[0], /`keep_watch` has no option `wait` any more \(its options: `vigil`, `search`\)/);
    const text = nao(['play', '--pick', 'keep_watch=wait', LIGHTHOUSE]);
    assert.equal(text.status, 1);
    assert.match(text.stdout, /^note: the choice `keep_watch` has no option `wait` any more .*\nstopped at `keep_watch`\n$/m);
  });

  it('reports the conflicts on the path played, and only those', () => {
    const folder = project({
      'story.arc': [
        'character mara',
        'character tom',
        'choice keep_watch @4 "What does Mara do?" {',
        '  option vigil "Keep the lamp lit" { event breathing @5 { with mara } }',
        '  option search "Go down to the harbor" { event finds_boat @5 { with mara  kills tom } }',
        '}',
        'event reunion @7 { with mara, tom }',
        '',
      ].join('\n'),
    });
    const file = path.join(folder, 'story.arc');
    const search = json(['play', '--format', 'json', '--pick', 'keep_watch=search', file]);
    assert.equal(search.status, 0);
    assert.deepEqual(search.value.conflicts, ['C201']);
    assert.deepEqual(search.value.steps.at(-1).conflicts, ['C201']);
    assert.equal(search.value.conflictDetails[0].beat, 'reunion');
    assert.deepEqual(json(['play', '--format', 'json', '--pick', 'keep_watch=vigil', file]).value.conflicts, []);
    const text = nao(['play', '--pick', 'keep_watch=search', file]);
    assert.match(text.stdout, /^@7 `reunion`\n {4}warning C201: `tom` is involved in `reunion` after being killed in `finds_boat`/m);
    assert.match(text.stdout, /^conflicts on this path: 1 \(C201\)$/m);
  });

  it('refuses a malformed pick, an unknown beat and an unreadable FILE with exit 2 and nothing on stdout', () => {
    for (const args of [
      ['play', '--pick', 'keep_watch', LIGHTHOUSE],
      ['play', '--pick', 'keep_watch=vigil', '--pick', 'keep_watch=search', LIGHTHOUSE],
      ['play', '--from', 'dwn', LIGHTHOUSE],
      ['play', '--from', 'storm', LIGHTHOUSE],
      ['play', '--max-file-size', '10', LIGHTHOUSE],
      ['play', '--format', 'xml', LIGHTHOUSE],
      ['play'],
    ]) {
      const run = nao(args);
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^nao play: /);
    }
    assert.match(nao(['play', '--from', 'dwn', LIGHTHOUSE]).stderr, /no beat named `dwn` .*did you mean `dawn`\?/);
    assert.match(nao(['play', '--max-file-size', '10', LIGHTHOUSE]).stderr, /larger than the limit of 10 bytes/);
  });

  it('reads includes within --root only', () => {
    const folder = project({
      'stories/main.arc': 'include "../cast/people.arc"\nevent one @1 { with mara }\n',
      'cast/people.arc': 'character mara\n',
    });
    const main = path.join(folder, 'stories', 'main.arc');
    const inside = json(['play', '--format', 'json', '--root', folder, main]);
    assert.deepEqual(inside.value.steps[0].state.characters, { mara: { status: 'in', place: null, stage: null } });
    const outside = json(['play', '--format', 'json', main]);
    assert.deepEqual(outside.value.steps[0].state.characters, {}, 'mara is not declared without the include');
  });
});

describe('nao paths', () => {
  it('measures the lighthouse story (JSON)', () => {
    const { status, value } = json(['paths', '--format', 'json', LIGHTHOUSE]);
    assert.equal(status, 0);
    assert.equal(value.paths, '2');
    assert.deepEqual(value.beats, { min: 7, max: 7 });
    assert.deepEqual(value.words, { min: 5, max: 5 });
    assert.deepEqual(value.onEveryPath, ['storm_begins', 'lamp_fails', 'ship_in_danger', 'keep_watch', 'dawn', 'letting_go']);
    assert.deepEqual(value.peak, { intensity: 6, beat: 'ship_in_danger', path: [] });
    assert.deepEqual(value.spike, { rise: 1, from: 'storm_begins', to: 'lamp_fails', path: [] });
    assert.deepEqual(value.calmless, {
      beats: 4, from: 'storm_begins', to: 'finds_boat', path: [{ choice: 'keep_watch', option: 'search' }], calm: 3, calmFrom: 'limits',
    });
    assert.deepEqual(value.coverage, {
      beats: [
        { beat: 'breathing', paths: '1', share: '1/2', fraction: 0.5 },
        { beat: 'finds_boat', paths: '1', share: '1/2', fraction: 0.5 },
      ],
      branchBeats: 2,
      conflicts: [],
    });
  });

  it('prints one line per measure (text)', () => {
    const run = nao(['paths', LIGHTHOUSE]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, [
      'paths: 2',
      'beats per path: 7 to 7',
      'prose words per path: 5 to 5',
      'on every path: 6 beats (`storm_begins`, `lamp_fails`, `ship_in_danger`, `keep_watch`, `dawn`, `letting_go`)',
      'peak intensity: 6 at `ship_in_danger`, on every path',
      'largest rise: +1, from `storm_begins` to `lamp_fails`, on every path',
      'longest run without a calm beat (calm: 3 or below): 4 beats, `storm_begins` to `finds_boat`, on path keep_watch → search',
      'coverage: 2 beats not on every path:',
      '  `breathing`: 1 of 2 paths (1/2, 50%)',
      '  `finds_boat`: 1 of 2 paths (1/2, 50%)',
      'conflicts on some paths: none',
      '',
    ].join('\n'));
  });

  it('counts 2^60 paths exactly, and the paths a conflict happens on', () => {
    const lines = ['character ana', 'character ghost', 'event start @1 { with ana, ghost }'];
    let t = 1;
    for (let k = 1; k <= 60; k++) {
      lines.push(`choice c${k} @${++t} "Choice ${k}" {`,
        `  option a "Left" { event e${k}_a @${++t} { with ana${k === 10 ? '  kills ghost' : ''} } }`,
        `  option b "Right" { event e${k}_b @${++t} { with ana } }`, '}');
    }
    lines.push(`event haunting @${++t} { with ghost }`);
    const folder = project({ 'deep.arc': lines.join('\n') + '\n' });
    const { status, value } = json(['paths', '--format', 'json', path.join(folder, 'deep.arc')]);
    assert.equal(status, 0);
    assert.equal(value.paths, '1152921504606846976');
    assert.deepEqual(value.beats, { min: 122, max: 122 });
    // C201 at `haunting` on path c10 → a: half of the paths.
    assert.equal(value.coverage.conflicts.length, 1);
    assert.deepEqual(value.coverage.conflicts[0], {
      id: value.coverage.conflicts[0].id, code: 'C201', beat: 'haunting', paths: '576460752303423488', share: '1/2', fraction: 0.5,
    });
  });

  it('follows the conventions: usage errors exit 2 with nothing on stdout', () => {
    for (const args of [['paths'], ['paths', '--format', 'sarif', LIGHTHOUSE], ['paths', '--max-file-size', '10', LIGHTHOUSE], ['paths', 'missing.arc']]) {
      const run = nao(args);
      assert.equal(run.status, 2, args.join(' '));
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^nao paths: /);
    }
    assert.match(nao(['--help']).stdout, /^ {2}play +Play one path of the story, with the state after each beat\n {2}paths +Count the paths of a story/m);
  });
});

describe('nao paths --svg', () => {
  const svgOf = (args: readonly string[]): XmlElement => {
    const run = nao(['paths', ...args]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
    return parseXml(run.stdout);
  };
  const marks = (root: XmlElement, name: string): XmlElement[] =>
    elements(root).filter((e) => e.tag === 'g' && (e.attrs.class ?? '').split(' ').includes(name)).flatMap((g) => elements(g).slice(1));

  it('draws the worst paths of the lighthouse story over its limits, the same as --format svg, every time', () => {
    const first = nao(['paths', '--svg', LIGHTHOUSE]).stdout;
    assert.equal(nao(['paths', '--svg', LIGHTHOUSE]).stdout, first);
    assert.equal(nao(['paths', '--format', 'svg', LIGHTHOUSE]).stdout, first);
    const svg = svgOf(['--svg', LIGHTHOUSE]);
    // The peak and the spike are on one path there: one line, named for both.
    assert.deepEqual(marks(svg, 'curve-line').map((l) => l.attrs['aria-label']), ['highest peak and worst spike']);
    // limits { max 7  spike 3  peak 6  calm 3  within 2  warn 6 }: three bands, two rules.
    assert.deepEqual(marks(svg, 'band-areas').map((b) => b.attrs['aria-label']), ['calm ≤ 3', 'peak ≥ 6 (calm within 2)', '']);
    assert.deepEqual(marks(svg, 'limit-rules').map((r) => r.attrs['aria-label']), ['max 7', 'warn ≥ 6']);
    const points = marks(svg, 'beat-points').map((p) => p.attrs['aria-label']);
    assert.deepEqual(points.map((p) => p!.split(/[ ,]/)[0]), ['storm_begins', 'lamp_fails', 'ship_in_danger', 'breathing', 'dawn']);
    assert.ok(elements(svg).some((e) => e.tag === 'text' && textOf(e) === 'Pacing of The Lighthouse Keeper'));
  });

  it('draws one line per worst path when they differ', () => {
    const svg = svgOf(['--svg', story(FORK)]);
    assert.deepEqual(marks(svg, 'curve-line').map((l) => l.attrs['aria-label']), ['highest peak', 'worst spike']);
    assert.equal(marks(svg, 'spike-rises').length, 2);
  });

  it('keeps story text as text', () => {
    const file = story([
      'story "<script>alert(1)</script>" { limits { calm 2 } }',
      'event one @1 "</text><script>alert(2)</script>" { intensity 2 }',
      'event two @2 "<img src=x onerror=alert(3)>" { intensity 8 }',
    ].join('\n'));
    const run = nao(['paths', '--svg', file]);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /<script|<img|<\/text><script/);
    const svg = parseXml(run.stdout);
    assert.ok(elements(svg).some((e) => e.tag === 'text' && textOf(e) === 'Pacing of <script>alert(1)</script>'));
    assert.ok(marks(svg, 'beat-points').some((p) => p.attrs['aria-label']!.startsWith('two "<img src=x onerror=alert(3)>"')));
    // Only the limits present: calm, no max, peak or warn.
    assert.deepEqual(marks(svg, 'band-areas').map((b) => b.attrs['aria-label']), ['calm ≤ 2']);
    assert.deepEqual(marks(svg, 'limit-rules'), []);
  });

  it('refuses --svg with another format, as a usage error', () => {
    const run = nao(['paths', '--svg', '--format', 'json', LIGHTHOUSE]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^nao paths: --svg prints svg: it cannot go with --format json/);
    assert.equal(nao(['paths', '--svg', '--format', 'svg', LIGHTHOUSE]).status, 0);
    assert.match(nao(['help', 'paths']).stdout, /^Usage: nao paths \[--format text\|json\|svg\] \[--svg\] \[--root DIR\] \[--max-file-size SIZE\] FILE/);
  });
});

describe('docs/cli.md: the play and paths examples are what nao prints', () => {
  const guide = readFileSync(path.join(REPOSITORY, 'docs', 'cli.md'), 'utf8');
  const examples: { command: string; output: string }[] = [];
  for (const block of guide.matchAll(/```console\n([\s\S]*?)```/g)) {
    const parts = block[1]!.split(/^\$ /m).slice(1);
    for (const part of parts) {
      const [command, ...output] = part.split('\n');
      if (/^nao (play|paths) /.test(command!)) examples.push({ command: command!, output: output.join('\n') });
    }
  }

  it('has examples of both commands', () => {
    assert.ok(examples.some((e) => e.command.startsWith('nao play')) && examples.some((e) => e.command.startsWith('nao paths')));
  });

  for (const example of examples) {
    it(example.command, () => {
      const run = nao(example.command.split(' ').slice(1));
      assert.equal(run.stdout, example.output);
    });
  }
});
