/**
 * Path statistics and playthroughs against brute force: small stories from a
 * seeded generator, every path listed here (and only here), and every
 * statistic and every playthrough state compared with what the listed paths
 * say. Then the exact count of a story with 2^60 paths, and a few stories
 * written by hand.
 */
import assert from 'node:assert/strict';
import {
  analyseProject, computePathStatistics, computePlaythrough, loadProject, MemoryHost,
  type Analysis, type CharacterState, type PathStep, type PlayState,
} from '../src/index.js';
import { ChoiceTree } from '../src/path-statistics.js';
import { conflictBeats } from '../src/playthrough.js';

// ---------------------------------------------------------------------------
// A seeded generator of small stories, kept as data so that paths can be listed

interface GenEvent {
  readonly kind: 'event';
  readonly name: string;
  readonly time: number;
  readonly intensity?: number;
  readonly prose: readonly string[];
  readonly at?: string;
  readonly with: readonly string[];
  readonly kills: readonly string[];
  readonly exits: readonly string[];
  readonly enters: readonly string[];
  readonly stage?: readonly [string, string];
  readonly setup: readonly string[];
  readonly payoff: readonly string[];
  readonly addresses: readonly string[];
  readonly resolves: boolean;
}

interface GenChoice {
  readonly kind: 'choice';
  readonly name: string;
  readonly time: number;
  readonly options: readonly GenOption[];
}

interface GenOption {
  readonly name: string;
  readonly items: readonly GenItem[];
}

type GenItem = GenEvent | GenChoice;

interface GenStory {
  readonly text: string;
  /** The same story with every block's items written in reverse order (options keep theirs: witnesses prefer earlier options). */
  readonly reversed: string;
  readonly items: readonly GenItem[];
  readonly calm: number | undefined;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARACTERS = ['ana', 'ben', 'cal'];
const STAGES = ['s1', 's2', 's3'];
const PLACES = ['hall', 'yard'];
const GOALS = ['g1', 'g2'];
const LABELS = ['x', 'y'];
const WORDS = ['wind', 'sea', 'the', 'lamp', 'night', 'oars'];

function generate(seed: number): GenStory {
  const random = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const chance = (p: number): boolean => random() < p;
  const some = (list: readonly string[], p: number): string[] => list.filter(() => chance(p));
  let events = 0;
  let choices = 0;
  // Every third story is bushier: more choices, nested deeper, so more paths.
  const bushy = seed % 3 === 0;
  let budget = bushy ? int(15, 32) : int(4, 22);
  const event = (time: number): GenEvent => {
    budget--;
    const stage = chance(0.2) ? [CHARACTERS[int(0, 2)]!, STAGES[int(0, 2)]!] as const : undefined;
    return {
      kind: 'event',
      name: `e${++events}`,
      time,
      ...(chance(0.75) ? { intensity: int(0, 10) } : {}),
      prose: Array.from({ length: int(0, 2) }, () => Array.from({ length: int(0, 4) }, () => WORDS[int(0, WORDS.length - 1)]).join(chance(0.3) ? '  ' : ' ')),
      ...(chance(0.5) ? { at: PLACES[int(0, 1)]! } : {}),
      with: some(CHARACTERS, 0.35),
      kills: some(CHARACTERS, 0.1),
      exits: some(CHARACTERS, 0.08),
      enters: some(CHARACTERS, 0.1),
      ...(stage ? { stage } : {}),
      setup: some(LABELS, 0.15),
      payoff: some(LABELS, 0.15),
      addresses: some(GOALS, 0.15),
      resolves: chance(0.1),
    };
  };
  const sequence = (from: number, depth: number, length: number): GenItem[] => {
    const items: GenItem[] = [];
    for (let i = 0; i < length && budget > 0; i++) {
      const time = from + int(0, 6);
      if (depth < (bushy ? 4 : 3) && chance(bushy ? 0.55 : 0.4)) {
        budget--;
        const name = `ch${++choices}`;
        const options = Array.from({ length: int(1, 3) }, (_, k) => ({ name: `o${k + 1}`, items: sequence(time + 1, depth + 1, int(0, 4)) }));
        items.push({ kind: 'choice', name, time, options });
      } else {
        items.push(event(time));
      }
    }
    return items;
  };
  const items = sequence(1, 0, 12);
  const calm = chance(0.7) ? int(1, 5) : undefined;

  const render = (reverse: boolean): string => {
    const out: string[] = [];
    for (const c of CHARACTERS) out.push(`character ${c} { stages ${STAGES.join(' -> ')} }`);
    for (const p of PLACES) out.push(`place ${p}`);
    out.push(`story "Generated" {`, ...GOALS.map((g) => `  goal ${g} "Goal ${g}"`), ...(calm !== undefined ? [`  limits { calm ${calm} }`] : []), '}');
    out.push('arc main meso {');
    const print = (list: readonly GenItem[], indent: string): void => {
      for (const item of reverse ? [...list].reverse() : list) {
        if (item.kind === 'choice') {
          out.push(`${indent}choice ${item.name} @${item.time} "Choose" {`);
          for (const option of item.options) {
            out.push(`${indent}  option ${option.name} "Option ${option.name}" {`);
            print(option.items, `${indent}    `);
            out.push(`${indent}  }`);
          }
          out.push(`${indent}}`);
          continue;
        }
        const parts: string[] = [];
        if (item.at) parts.push(`at ${item.at}`);
        if (item.with.length) parts.push(`with ${item.with.join(', ')}`);
        if (item.intensity !== undefined) parts.push(`intensity ${item.intensity}`);
        if (item.kills.length) parts.push(`kills ${item.kills.join(', ')}`);
        if (item.exits.length) parts.push(`exits ${item.exits.join(', ')}`);
        if (item.enters.length) parts.push(`enters ${item.enters.join(', ')}`);
        if (item.stage) parts.push(`stage ${item.stage[0]} ${item.stage[1]}`);
        if (item.setup.length) parts.push(`setup ${item.setup.join(', ')}`);
        if (item.payoff.length) parts.push(`payoff ${item.payoff.join(', ')}`);
        if (item.addresses.length) parts.push(`addresses ${item.addresses.join(', ')}`);
        if (item.resolves) parts.push('resolves main');
        out.push(`${indent}event ${item.name} @${item.time} {`);
        if (parts.length) out.push(`${indent}  ${parts.join('  ')}`);
        for (const line of item.prose) out.push(`${indent}  > ${line}`);
        out.push(`${indent}}`);
      }
    };
    print(items, '  ');
    out.push('}');

    return out.join('\n') + '\n';
  };
  return { text: render(false), reversed: render(true), items, calm };
}

function analyseText(text: string): Analysis {
  return analyseProject(loadProject(new MemoryHost(new Map([['/ws/story.arc', text]]), '/ws'), '/ws/story.arc'));
}

// ---------------------------------------------------------------------------
// Brute force: every path, listed

interface Path {
  /** Choice name -> option name, for every choice the path reaches. */
  readonly picks: ReadonlyMap<string, string>;
  /** Its beats in time order (then by name, as the timeline orders simultaneous beats). */
  readonly beats: readonly GenItem[];
}

function listPaths(items: readonly GenItem[]): Path[] {
  // Each region yields every (picks, beats) combination of its choices.
  const region = (list: readonly GenItem[]): { picks: [string, string][]; beats: GenItem[] }[] => {
    let partial: { picks: [string, string][]; beats: GenItem[] }[] = [{ picks: [], beats: [] }];
    for (const item of list) {
      if (item.kind === 'event') {
        partial = partial.map((p) => ({ picks: p.picks, beats: [...p.beats, item] }));
        continue;
      }
      const ways = item.options.flatMap((option) => region(option.items).map((inner) => ({
        picks: [[item.name, option.name] as [string, string], ...inner.picks],
        beats: [item as GenItem, ...inner.beats],
      })));
      if (item.options.length === 0) ways.push({ picks: [], beats: [item] });
      partial = partial.flatMap((p) => ways.map((w) => ({ picks: [...p.picks, ...w.picks], beats: [...p.beats, ...w.beats] })));
    }
    return partial;
  };
  return region(items).map((p) => ({
    picks: new Map(p.picks),
    beats: [...p.beats].sort((a, b) => a.time - b.time || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  }));
}

const intensities = (path: Path): GenEvent[] => path.beats.filter((b): b is GenEvent => b.kind === 'event' && b.intensity !== undefined);

function largestRise(path: Path): number | undefined {
  const list = intensities(path);
  let best: number | undefined;
  for (let i = 1; i < list.length; i++) {
    const rise = list[i]!.intensity! - list[i - 1]!.intensity!;
    if (best === undefined || rise > best) best = rise;
  }
  return best;
}

function longestCalmless(path: Path, calm: number): number {
  let best = 0;
  let run = 0;
  for (const beat of intensities(path)) {
    run = beat.intensity! <= calm ? 0 : run + 1;
    best = Math.max(best, run);
  }
  return best;
}

function words(path: Path): number {
  let n = 0;
  for (const beat of path.beats) if (beat.kind === 'event') for (const line of beat.prose) n += line.split(/\s+/).filter(Boolean).length;
  return n;
}

/** Every path that takes each step of `steps`. */
function consistent(paths: readonly Path[], steps: readonly PathStep[]): Path[] {
  return paths.filter((p) => steps.every((s) => p.picks.get(s.choice) === s.option));
}

/** The state after each beat of a path, from the generator's own data. */
function states(story: GenStory, path: Path): PlayState[] {
  const characters = new Map<string, { status: CharacterState['status']; place: string | null; stage: string | null }>();
  const goals = new Map(GOALS.map((g) => [g, false]));
  const setups: string[] = [];
  let arc: 'open' | 'resolved' = 'open';
  let intensity: number | null = null;
  const result: PlayState[] = [];
  const get = (name: string) => {
    let c = characters.get(name);
    if (!c) characters.set(name, (c = { status: 'in', place: null, stage: null }));
    return c;
  };
  for (const beat of path.beats) {
    if (beat.kind === 'event') {
      // Items in the order the generator prints them.
      for (const name of beat.with) { const c = get(name); if (beat.at) c.place = beat.at; }
      for (const name of beat.kills) get(name).status = 'killed';
      for (const name of beat.exits) get(name).status = 'exited';
      for (const name of beat.enters) { const c = get(name); c.status = 'in'; if (beat.at) c.place = beat.at; }
      if (beat.stage) { const c = get(beat.stage[0]); c.stage = beat.stage[1]; if (beat.at) c.place = beat.at; }
      for (const label of beat.setup) if (!setups.includes(label)) setups.push(label);
      for (const label of beat.payoff) { const i = setups.indexOf(label); if (i >= 0) setups.splice(i, 1); }
      for (const goal of beat.addresses) goals.set(goal, true);
      if (beat.resolves) arc = 'resolved';
      if (beat.intensity !== undefined) intensity = beat.intensity;
    }
    const snapshot: Record<string, CharacterState> = {};
    for (const [name, c] of characters) snapshot[name] = { ...c };
    result.push({ characters: snapshot, arcs: { main: arc }, goals: Object.fromEntries(goals), setups: [...setups], intensity });
  }
  void story;
  return result;
}

function picksOf(path: Path): Record<string, string> {
  return Object.fromEntries(path.picks);
}

// ---------------------------------------------------------------------------

const SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);

describe('path statistics, against every path listed', () => {
  for (const seed of SEEDS) {
    it(`story ${seed}`, () => {
      const story = generate(seed);
      const analysis = analyseText(story.text);
      assert.ok(!analysis.diagnostics.some((d) => d.code === 'E001'), story.text);
      const paths = listPaths(story.items);
      const stats = computePathStatistics(analysis);
      const context = `\n${story.text}`;

      assert.equal(stats.paths, BigInt(paths.length), `path count${context}`);
      assert.deepEqual(stats.beats, { min: Math.min(...paths.map((p) => p.beats.length)), max: Math.max(...paths.map((p) => p.beats.length)) }, `beats${context}`);
      assert.deepEqual(stats.words, { min: Math.min(...paths.map(words)), max: Math.max(...paths.map(words)) }, `words${context}`);

      const everyBeat = listPaths(story.items).flatMap((p) => p.beats);
      const ordered = [...new Map(everyBeat.map((b) => [b.name, b])).values()]
        .sort((a, b) => a.time - b.time || (a.name < b.name ? -1 : 1));
      const onEvery = ordered.filter((b) => paths.every((p) => p.beats.includes(b))).map((b) => b.name);
      assert.deepEqual(stats.onEveryPath, onEvery, `on every path${context}`);

      // Peak: the first beat of the highest intensity, and a path to it.
      const withIntensity = ordered.filter((b): b is GenEvent => b.kind === 'event' && b.intensity !== undefined);
      if (withIntensity.length === 0) {
        assert.equal(stats.peak, null);
      } else {
        const top = Math.max(...withIntensity.map((b) => b.intensity!));
        assert.equal(stats.peak?.intensity, top, `peak${context}`);
        assert.equal(stats.peak?.beat, withIntensity.find((b) => b.intensity === top)!.name);
        const witnessed = consistent(paths, stats.peak!.path);
        assert.ok(witnessed.length > 0 && witnessed.every((p) => p.beats.some((b) => b.name === stats.peak!.beat)), `peak witness${context}`);
      }

      // Spike: the largest rise between consecutive intensities of any path.
      const rises = paths.map(largestRise).filter((r): r is number => r !== undefined);
      if (rises.length === 0) {
        assert.equal(stats.spike, null, `spike${context}`);
      } else {
        const spike = stats.spike!;
        assert.equal(spike.rise, Math.max(...rises), `spike${context}`);
        const witnessed = consistent(paths, spike.path);
        assert.ok(witnessed.length > 0, `spike witness exists${context}`);
        for (const p of witnessed) {
          const list = intensities(p).map((b) => b.name);
          const at = list.indexOf(spike.from);
          assert.ok(at >= 0 && list[at + 1] === spike.to, `spike witness: ${spike.from} then ${spike.to} on ${JSON.stringify(picksOf(p))}${context}`);
        }
      }

      // The longest run without a calm beat.
      const calm = story.calm ?? 3;
      assert.equal(stats.calmless.calm, calm);
      assert.equal(stats.calmless.calmFrom, story.calm === undefined ? 'default' : 'limits');
      const longest = Math.max(...paths.map((p) => longestCalmless(p, calm)));
      assert.equal(stats.calmless.beats, longest, `calmless${context}`);
      const witnessed = consistent(paths, stats.calmless.path);
      assert.ok(witnessed.length > 0, `calmless witness exists${context}`);
      for (const p of witnessed) assert.equal(longestCalmless(p, calm), longest, `calmless witness ${JSON.stringify(picksOf(p))}${context}`);
      if (longest > 0) {
        assert.ok(witnessed.some((p) => {
          const list = intensities(p).map((b) => b.name);
          const from = list.indexOf(stats.calmless.from!);
          return from >= 0 && list[from + longest - 1] === stats.calmless.to;
        }), `calmless from/to${context}`);
      } else {
        assert.equal(stats.calmless.from, null);
      }

      // Coverage: exact shares of the rarest beats, and of each path-sensitive conflict.
      const holding = (name: string): number => paths.filter((p) => p.beats.some((b) => b.name === name)).length;
      const branch = ordered.filter((b) => holding(b.name) < paths.length);
      assert.equal(stats.coverage.branchBeats, branch.length);
      const expectedRare = branch.map((b) => ({ beat: b.name, n: holding(b.name) })).sort((a, b) => a.n - b.n).slice(0, 10);
      assert.deepEqual(stats.coverage.beats.map((b) => [b.beat, Number(b.paths)]), expectedRare.map((b) => [b.beat, b.n]), `coverage${context}`);
      for (const entry of stats.coverage.beats) {
        const [p, q] = entry.share.split('/').map(BigInt) as [bigint, bigint];
        assert.equal(p * BigInt(paths.length), q * entry.paths, 'share equals paths / total');
        assert.ok(Math.abs(entry.fraction - Number(entry.paths) / paths.length) < 1e-12);
      }
      const anchors = conflictBeats(analysis);
      const sensitive = analysis.diagnostics.filter((d) => d.path !== undefined);
      assert.equal(stats.coverage.conflicts.length, sensitive.length);
      for (const [i, d] of sensitive.entries()) {
        const beat = anchors.get(d)?.name;
        const n = consistent(paths, d.path!).filter((p) => beat === undefined || p.beats.some((b) => b.name === beat)).length;
        assert.equal(stats.coverage.conflicts[i]!.paths, BigInt(n), `paths of ${d.id}${context}`);
      }

      // Where things are written changes nothing (conflicts aside: their order follows the text).
      const reversed = computePathStatistics(analyseText(story.reversed));
      assert.deepEqual({ ...reversed, coverage: { ...reversed.coverage, conflicts: [] } }, { ...stats, coverage: { ...stats.coverage, conflicts: [] } }, `reversed${context}`);
    });
  }
});

describe('playthroughs, against every path listed', () => {
  for (const seed of SEEDS.slice(0, 80)) {
    it(`story ${seed}`, () => {
      const story = generate(seed);
      const analysis = analyseText(story.text);
      const anchors = conflictBeats(analysis);
      const context = `\n${story.text}`;
      for (const path of listPaths(story.items)) {
        const play = computePlaythrough(analysis, { picks: picksOf(path) })!;
        assert.equal(play.ended, true, context);
        assert.equal(play.next, null);
        assert.deepEqual(play.steps.map((s) => s.beat), path.beats.map((b) => b.name), `beats of ${JSON.stringify(picksOf(path))}${context}`);
        const expected = states(story, path);
        play.steps.forEach((step, i) => {
          assert.deepEqual(step.state, expected[i], `state after ${step.beat} on ${JSON.stringify(picksOf(path))}${context}`);
          const beat = path.beats[i]!;
          assert.deepEqual(step.prose, beat.kind === 'event' ? beat.prose : []);
        });
        // Conflicts: the witness is taken and the beat was played (or, unanchored, the run ended).
        const onPath = analysis.diagnostics.filter((d) => {
          const beat = anchors.get(d);
          if (!beat && d.path === undefined) return false;
          if (beat && !path.beats.some((b) => b.name === beat.name)) return false;
          return (d.path ?? []).every((s) => path.picks.get(s.choice) === s.option);
        }).map((d) => d.id).sort();
        assert.deepEqual(play.conflicts.map((c) => c.id).sort(), onPath, `conflicts on ${JSON.stringify(picksOf(path))}${context}`);

        // From any beat of the path: the same steps from there, with the same states.
        for (const [i, beat] of path.beats.entries()) {
          const from = computePlaythrough(analysis, { from: beat.name, picks: picksOf(path) })!;
          assert.deepEqual(from.steps.map((s) => s.beat), path.beats.slice(i).map((b) => b.name));
          assert.deepEqual(from.steps.map((s) => s.state), expected.slice(i));
        }
      }

      // With no picks, the run stops at the first choice of more than one option.
      const play = computePlaythrough(analysis, {})!;
      const first = listPaths(story.items)[0]!;
      const stop = first.beats.findIndex((b) => b.kind === 'choice' && b.options.length > 1 && listPaths(story.items).some((p) => p.picks.get(b.name) !== first.picks.get(b.name)));
      if (stop < 0) {
        assert.equal(play.ended, true);
      } else {
        assert.equal(play.next?.choice, first.beats[stop]!.name, context);
        assert.deepEqual(play.steps.map((s) => s.beat), first.beats.slice(0, stop + 1).map((b) => b.name));
      }
    });
  }
});

// ---------------------------------------------------------------------------

/** n sequential two-way choices, each option one event (the shape of the benchmark's deep story). */
function deepChoices(n: number): string {
  const lines = ['event start @1 { intensity 3 }'];
  let t = 1;
  for (let k = 1; k <= n; k++) {
    lines.push(`choice c${k} @${++t} "Choice ${k}" {`,
      `  option a "Left" { event e${k}_a @${++t} { intensity ${3 + (k % 3)} } }`,
      `  option b "Right" { event e${k}_b @${++t} { intensity ${3 + ((k + 1) % 3)} } }`, '}');
  }
  lines.push(`event ending @${++t} { intensity 3 }`);
  return lines.join('\n') + '\n';
}

describe('path statistics of large stories', () => {
  it('counts the 2^60 paths of 60 sequential two-way choices exactly', () => {
    const stats = computePathStatistics(analyseText(deepChoices(60)));
    // Each choice doubles the paths: 2^60.
    assert.equal(stats.paths, 1152921504606846976n);
    assert.equal(stats.paths.toString(), '1152921504606846976');
    // start, 60 choices with one option event each, ending.
    assert.deepEqual(stats.beats, { min: 122, max: 122 });
    assert.equal(stats.coverage.branchBeats, 120);
    assert.deepEqual(stats.coverage.beats[0], { beat: 'e1_a', paths: 576460752303423488n, share: '1/2', fraction: 0.5 });
    // Intensities 3 to 5, calm by default at 3: start and ending are calm, every option beat is not.
    assert.equal(stats.calmless.beats, 60);
    assert.equal(stats.calmless.calmFrom, 'default');
  });

  it('multiplies nested choices and adds the options of one choice', () => {
    // a: 2 options; option a.x holds b (3 options) and c (2 options): paths = 3*2 + 1 = 7, times d's 2 = 14.
    const text = [
      'choice a @1 "A" {',
      '  option x "X" {',
      '    choice b @2 "B" { option p "P" { event bp @3 } option q "Q" { event bq @3 } option r "R" { } }',
      '    choice c @4 "C" { option p "P" { event cp @5 } option q "Q" { } }',
      '  }',
      '  option y "Y" { event ay @2 }',
      '}',
      'choice d @6 "D" { option p "P" { event dp @7 } option q "Q" { } }',
    ].join('\n');
    const analysis = analyseText(text);
    const stats = computePathStatistics(analysis);
    assert.equal(stats.paths, 14n);
    const tree = new ChoiceTree(analysis.project);
    const beat = (name: string) => analysis.project.beats.find((b) => b.name === name)!;
    // bp: a.x and b.p taken, c and d free: 2 * 2 = 4 of 14.
    assert.equal(tree.pathsHolding([beat('bp').option]), 4n);
    assert.equal(tree.pathsHolding([beat('ay').option]), 2n);
    assert.equal(tree.pathsHolding([beat('bp').option, beat('ay').option]), 0n);
    assert.deepEqual(stats.coverage.beats.find((b) => b.beat === 'bp'), { beat: 'bp', paths: 4n, share: '2/7', fraction: 4 / 14 });
  });
});

describe('path statistics: witnesses name the choices that matter', () => {
  it('names a choice whose first best option leaves no choice, when another equal option does', () => {
    // Runs without a calm beat (calm 3 by default): start, then ya (2 beats); start, bp (2); start alone (1, on x → q).
    const text = [
      'event start @1 { intensity 5 }',
      'choice a @2 "A" {',
      '  option y "Y" { event ya @3 { intensity 5 } }',
      '  option x "X" { choice b @3 "B" { option p "P" { event bp @4 { intensity 5 } } option q "Q" { } } }',
      '}',
      'event end @6 { intensity 1 }',
    ].join('\n');
    const stats = computePathStatistics(analyseText(text));
    assert.equal(stats.calmless.beats, 2);
    assert.deepEqual(stats.calmless.path, [{ choice: 'a', option: 'y' }]);
    assert.deepEqual([stats.calmless.from, stats.calmless.to], ['start', 'ya']);
  });

  it('names nothing when every path has the longest run', () => {
    const text = 'event s @1 { intensity 5 }\nchoice a @2 "A" { option y "Y" { event ya @3 { intensity 6 } } option x "X" { event xa @3 { intensity 7 } } }\n';
    const stats = computePathStatistics(analyseText(text));
    assert.equal(stats.calmless.beats, 2);
    assert.deepEqual(stats.calmless.path, []);
    assert.equal(stats.calmless.calm, 3);
    assert.deepEqual(stats.spike && [stats.spike.rise, stats.spike.from, stats.spike.to, stats.spike.path], [2, 's', 'xa', [{ choice: 'a', option: 'x' }]]);
  });
});

describe('playthrough: picks by name', () => {
  const text = [
    'character tom',
    'choice keep_watch @4 "What does Mara do?" {',
    '  option vigil "Keep the lamp lit" { event breathing @5 { with tom } }',
    '  option search "Go down to the harbor" {',
    '    event finds_boat @5 {',
    '      kills tom',
    '      > The boat lay on its side.',
    '    }',
    '  }',
    '}',
    'event dawn @6 { intensity 2 }',
  ].join('\n');

  it('stops with a note when the picked option no longer exists', () => {
    const play = computePlaythrough(analyseText(text), { picks: { keep_watch: 'wait' } })!;
    assert.equal(play.ended, false);
    assert.equal(play.next, null);
    assert.deepEqual(play.steps.map((s) => s.beat), ['keep_watch']);
    assert.match(play.notes.join('\n'), /`keep_watch` has no option `wait` any more \(its options: `vigil`, `search`\)/);
  });

  it('takes the options enclosing `from`, over a pick that contradicts them', () => {
    const play = computePlaythrough(analyseText(text), { from: 'finds_boat', picks: { keep_watch: 'vigil' } })!;
    assert.deepEqual(play.steps.map((s) => s.beat), ['finds_boat', 'dawn']);
    assert.deepEqual(play.steps[0]!.prose, ['The boat lay on its side.']);
    assert.deepEqual(play.steps[0]!.state.characters, { tom: { status: 'killed', place: null, stage: null } });
    assert.deepEqual(play.picks, [{ choice: 'keep_watch', option: 'search' }]);
    assert.match(play.notes.join('\n'), /`finds_boat` lies in `keep_watch.search`/);
  });

  it('names the next choice and its options when a pick is missing, and notes unknown choices', () => {
    const play = computePlaythrough(analyseText(text), { picks: { lantern: 'on' } })!;
    assert.deepEqual(play.next, {
      choice: 'keep_watch', time: 4, title: 'What does Mara do?',
      options: [{ option: 'vigil', title: 'Keep the lamp lit' }, { option: 'search', title: 'Go down to the harbor' }],
    });
    assert.match(play.notes.join('\n'), /there is no choice `lantern`/);
  });

  it('is undefined for a `from` that names no beat', () => {
    assert.equal(computePlaythrough(analyseText(text), { from: 'nowhere' }), undefined);
  });
});
