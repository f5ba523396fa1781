/**
 * The intensity path checks W402 (spike) and W404 (peak without recovery):
 * deep stories built in memory (60 sequential choices, 2^60 paths), the
 * corner cases of the semantics, the repairs, and a property test that holds
 * both checks to a brute-force enumeration of every path on small random
 * branching stories.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Check, ConflictReport, Repair } from '../src/checks/check.js';
import { Derived } from '../src/checks/derived.js';
import { w402 } from '../src/checks/therapeutic/w402-spike.js';
import { w404 } from '../src/checks/therapeutic/w404-recovery.js';
import { intensityOf } from '../src/checks/therapeutic/intensity.js';
import { NEVER_CANCELLED } from '../src/cancellation.js';
import { formatPath, type PathStep } from '../src/diagnostics.js';
import { applyEdits } from '../src/edits.js';
import { CausalGraph } from '../src/graph.js';
import { MemoryHost } from '../src/host.js';
import { compareByTime, PathModel } from '../src/paths.js';
import { loadProject, type BeatSymbol, type Project } from '../src/project.js';
import { checkProject, type Analysis } from '../src/analysis.js';
import { addsError, proposeResolutions, repairContext } from '../src/resolutions.js';
import { ScaleManager } from '../src/scales.js';

const FILE = '/story.arc';

interface Reported extends ConflictReport {
  /** The beat whose intensity item the conflict points at. */
  readonly beat: string;
}

interface Run {
  readonly project: Project;
  readonly paths: PathModel;
  readonly reports: Reported[];
}

function load(text: string): Project {
  return loadProject(new MemoryHost(new Map([[FILE, text]])), FILE);
}

function beatHolding(project: Project, start: number): BeatSymbol {
  const beat = project.beats.find((b) => b.decl.span.start <= start && start < b.decl.span.end && b.kind === 'event');
  assert.ok(beat, `no event holds offset ${start}`);
  return beat;
}

/** Runs W402 and W404 (only) on a one-file story. */
function run(text: string, checks: readonly Check[] = [w402, w404]): Run {
  const project = load(text);
  const paths = new PathModel(project);
  const reports: Reported[] = [];
  const context = {
    project,
    paths,
    graph: new CausalGraph(project),
    scales: new ScaleManager(project, paths),
    derived: new Derived(project, paths),
    token: NEVER_CANCELLED,
    report: (conflict: ConflictReport) => reports.push({ ...conflict, beat: beatHolding(project, conflict.span.start).name }),
  };
  for (const check of checks) check.run(context);
  return { project, paths, reports };
}

/** `W402 x_30 [choice_30 → x]` */
function summary(report: Reported): string {
  return `${report.code} ${report.beat} [${formatPath(report.path ?? [])}]`;
}

/** The story analysed by the engine, with the repairs `check` proposes for its first `code` conflict (unverified). */
function repairsOf(text: string, check: Check, code: string): { analysis: Analysis; repairs: Repair[] } {
  const analysis = checkProject(new MemoryHost(new Map([[FILE, text]])), FILE);
  const conflict = analysis.diagnostics.find((d) => d.code === code);
  assert.ok(conflict, `no ${code} in the story`);
  return { analysis, repairs: check.repairs?.(conflict, repairContext(analysis, conflict)) ?? [] };
}

// ---------------------------------------------------------------------------
// Deep stories

/**
 * n sequential two-way choices `choice_k` with options `x` and `y`, each
 * holding one event; `main_k` after each choice on the main line when `mainLine`.
 */
function deepStory(options: {
  n: number;
  limits: string;
  x: (k: number) => string;
  y: (k: number) => string;
  mainLine?: (k: number) => string | undefined;
}): string {
  const lines = [`story "Deep" {`, `  limits { ${options.limits} }`, `}`, ``];
  for (let k = 1; k <= options.n; k++) {
    const t = k * 10;
    lines.push(
      `choice choice_${k} @${t} "Choice ${k}" {`,
      `  option x "X" { event x_${k} @${t + 1} { ${options.x(k)} } }`,
      `  option y "Y" { event y_${k} @${t + 1} { ${options.y(k)} } }`,
      `}`,
    );
    const main = options.mainLine?.(k);
    if (main !== undefined) lines.push(`event main_${k} @${t + 5} { ${main} }`);
  }
  return lines.join('\n') + '\n';
}

describe('intensity paths: 60 sequential choices (2^60 paths)', () => {
  it('W402: exactly one spike, in one option of choice 30, witness `choice_30 → x`', () => {
    const text = deepStory({
      n: 60,
      limits: 'spike 3',
      x: (k) => `intensity ${k === 30 ? 9 : 4}`,
      y: () => 'intensity 3',
      mainLine: () => 'intensity 4',
    });
    const { reports } = run(text);
    assert.deepEqual(reports.map(summary), ['W402 x_30 [choice_30 → x]']);
    const report = reports[0]!;
    assert.match(report.message, /from 4 at `main_29` to 9 at `x_30` \(\+5\), more than the story's `spike 3` allows, on path choice_30 → x/);
    assert.equal(report.related?.length, 1);
    assert.equal(text.slice(report.related![0]!.span.start, report.related![0]!.span.end), 'main_29');
    assert.equal(text.slice(report.span.start, report.span.end), 'intensity 9');
  });

  it('W402: a long look-back through options without intensity finds the predecessor many choices back', () => {
    // Only option x carries an intensity: on the path that takes y everywhere
    // between, x_30's predecessor can be any earlier x_k; the steepest is x_5.
    const text = deepStory({
      n: 60,
      limits: 'spike 3',
      x: (k) => `intensity ${k === 5 ? 1 : k === 30 ? 8 : 4}`,
      y: () => 'tags quiet',
    });
    const { reports } = run(text);
    const between = Array.from({ length: 24 }, (_, i) => `choice_${i + 6} → y`);
    assert.deepEqual(reports.map(summary), [`W402 x_30 [choice_5 → x, ${between.join(', ')}, choice_30 → x]`]);
    assert.match(reports[0]!.message, /from 1 at `x_5` to 8 at `x_30` \(\+7\)/);
  });

  it('W404: a peak deep in the story whose calm beats are only in the other options, and one the story ends after', () => {
    // calm 2: every y is calm, every x is not. The peak x_40 needs three x's after it;
    // the peak x_59 is followed by only one more beat before the story ends.
    const text = deepStory({
      n: 60,
      limits: 'peak 8  calm 2  within 3',
      x: (k) => `intensity ${k === 40 || k === 59 ? 8 : 5}`,
      y: () => 'intensity 1',
    });
    const { reports } = run(text);
    assert.deepEqual(reports.map(summary), [
      'W404 x_40 [choice_40 → x, choice_41 → x, choice_42 → x, choice_43 → x]',
      'W404 x_59 [choice_59 → x, choice_60 → x]',
    ]);
    assert.match(reports[0]!.message, /`x_40` is a peak \(intensity 8, at or above `peak 8`\), but no calm beat \(intensity 2 or less\) comes within the next 3 beats on path choice_40 → x, choice_41 → x, choice_42 → x, choice_43 → x: `x_41` \(5\), `x_42` \(5\), `x_43` \(5\)/);
    assert.deepEqual(reports[0]!.related?.map((r) => text.slice(r.span.start, r.span.end)), ['x_41', 'x_42', 'x_43']);
    assert.match(reports[1]!.message, /the story ends on path choice_59 → x, choice_60 → x after `x_60` \(5\), with no calm beat/);
  });

  it('W404: a calm main line after every choice recovers every peak', () => {
    const text = deepStory({
      n: 60,
      limits: 'peak 8  calm 2  within 1',
      x: () => 'intensity 9',
      y: () => 'intensity 8',
      mainLine: () => 'intensity 2',
    });
    assert.deepEqual(run(text).reports.map(summary), []);
  });
});

// ---------------------------------------------------------------------------
// The semantics, case by case

describe('intensity paths: semantics', () => {
  it('does nothing without a story header, or without the limits it needs', () => {
    const beats = 'event a @1 { intensity 1 }\nevent b @2 { intensity 9 }\n';
    assert.deepEqual(run(beats).reports, []);
    assert.deepEqual(run(`story "S" { limits { max 10 } }\n${beats}`).reports, []);
    // W404 needs both `peak` and `calm`.
    assert.deepEqual(run(`story "S" { limits { peak 8 } }\n${beats}`).reports, []);
    assert.deepEqual(run(`story "S" { limits { calm 2 } }\n${beats}`).reports, []);
    assert.deepEqual(run(`story "S" { limits { peak 8  calm 2 } }\n${beats}`).reports.map(summary), ['W404 b []']);
  });

  it('W402 compares consecutive beats with an intensity only; beats without one do not separate them', () => {
    const { reports } = run(`story "S" { limits { spike 3 } }
event a @1 { intensity 2 }
event quiet @2 { tags hush }
event b @3 { intensity 6 }
event c @4 { intensity 9 }
`);
    assert.deepEqual(reports.map(summary), ['W402 b []']);
    assert.match(reports[0]!.message, /on every path$/);
  });

  it('W402 orders simultaneous beats by document order', () => {
    const { reports } = run(`story "S" { limits { spike 3 } }
event first @1 { intensity 1 }
event second @1 { intensity 8 }
event third @1 { intensity 2 }
`);
    // first -> second rises by 7; second -> third falls.
    assert.deepEqual(reports.map(summary), ['W402 second []']);
  });

  it('W402 reports each beat once, naming the steepest predecessor and a path to it', () => {
    const { reports } = run(`story "S" { limits { spike 2 } }
choice pick @1 "Which?" {
  option low "Low" { event low_beat @2 { intensity 1 } }
  option mid "Mid" { event mid_beat @2 { intensity 3 } }
  option high "High" { event high_beat @2 { intensity 7 } }
}
event after @3 { intensity 7 }
`);
    assert.deepEqual(reports.map(summary), ['W402 after [pick → low]']);
    assert.match(reports[0]!.message, /from 1 at `low_beat` to 7 at `after` \(\+6\)/);
  });

  it('W402: a beat in the same option as the spike hides an earlier low beat', () => {
    const { reports } = run(`story "S" { limits { spike 2 } }
event low @1 { intensity 1 }
choice pick @2 "Which?" {
  option a "A" {
    event build @3 { intensity 3 }
    event top @4 { intensity 5 }
  }
  option b "B" { event jump @3 { intensity 6 } }
}
`);
    assert.deepEqual(reports.map(summary), ['W402 jump [pick → b]']);
  });

  it('W402 through nested choices: the witness avoids every beat in between', () => {
    const { reports } = run(`story "S" { limits { spike 3 } }
event low @1 { intensity 1 }
choice outer @2 "Outer" {
  option go "Go" {
    choice inner @3 "Inner" {
      option steady "Steady" { event ramp @4 { intensity 4 } }
      option skip "Skip" { event pause @4 { tags rest } }
    }
  }
  option stay "Stay" { event wait @3 { intensity 4 } }
}
event storm @5 { intensity 7 }
`);
    assert.deepEqual(reports.map(summary), ['W402 storm [outer → go, inner → skip]']);
  });

  it('W404: a calm beat within `within` on every path is fine; one path without it is reported', () => {
    const { reports } = run(`story "S" { limits { peak 7  calm 3  within 2 } }
event storm @1 { intensity 8 }
choice react @2 "React" {
  option breathe "Breathe" { event breath @3 { intensity 2 } }
  option run "Run" {
    event flee @3 { intensity 6 }
    event hide @4 { intensity 5 }
  }
}
event rest @5 { intensity 1 }
`);
    assert.deepEqual(reports.map(summary), ['W404 storm [react → run]']);
    assert.match(reports[0]!.message, /within the next 2 beats on path react → run: `flee` \(6\), `hide` \(5\)/);
  });

  it('W404: the path ending before `within` beats counts, and so does a peak at the very end', () => {
    const { reports } = run(`story "S" { limits { peak 7  calm 3  within 3 } }
event storm @1 { intensity 8 }
event after @2 { intensity 5 }
event finale @3 { intensity 9 }
`);
    assert.deepEqual(reports.map(summary), ['W404 storm []', 'W404 finale []']);
    assert.match(reports[0]!.message, /the story ends on every path after `after` \(5\), `finale` \(9\)/);
    assert.match(reports[1]!.message, /the story ends right after it on every path/);
  });
});

// ---------------------------------------------------------------------------
// Repairs

function repairOutcomes(text: string, check: Check, code: string): { title: string; after: string[] }[] {
  const { analysis, repairs } = repairsOf(text, check, code);
  return repairs.map((repair) => {
    const edited = applyEdits(new Map([[FILE, text]]), repair.edits).get(FILE)!;
    const after = run(edited);
    assert.ok(!addsError(analysis, checkProject(new MemoryHost(new Map([[FILE, edited]])), FILE)), `the repair "${repair.title}" broke the text:\n${edited}`);
    return { title: repair.title, after: after.reports.filter((r) => r.code === code).map(summary) };
  });
}

describe('intensity paths: repairs', () => {
  it('W402: lowering the beat, or a build-up beat in its option, removes the spike', () => {
    const text = `story "S" { limits { spike 3 } }
event low @1 { intensity 2 }
choice pick @2 "Which?" {
  option calm "Calm" { event sit @3 { intensity 3 } }
  option wild "Wild" {
    event jump @4 { intensity 8 }
  }
}
`;
    assert.deepEqual(repairOutcomes(text, w402, 'W402'), [
      { title: 'Lower the intensity of `jump` to 5', after: [] },
      { title: 'Insert a build-up beat `jump_build_up` (intensity 5) between `low` and `jump`', after: [] },
    ]);
  });

  it('W402: a build-up beat is offered only when one beat can bridge the gap', () => {
    const text = `story "S" { limits { spike 2 } }
event low @1 { intensity 1 }
event high @2 { intensity 9 }
`;
    assert.deepEqual(repairOutcomes(text, w402, 'W402').map((r) => r.title), ['Lower the intensity of `high` to 3']);
  });

  it('W404: lowering the peak, a calming beat after it, or a calm next beat', () => {
    const text = `story "S" { limits { peak 7  calm 2  within 1 } }
event storm @1 { intensity 8 }
event drift @3 { intensity 4 }
event rest @4 { intensity 1 }
`;
    assert.deepEqual(repairOutcomes(text, w404, 'W404'), [
      { title: 'Lower the intensity of `storm` to 6, below the peak 7', after: [] },
      { title: 'Add a calming beat `storm_calm` (intensity 2) right after `storm`', after: [] },
      { title: 'Lower the intensity of `drift` to 2 (calm)', after: [] },
    ]);
  });

  it('W404: the calming beat joins the peak\'s one-line option block', () => {
    const text = `story "S" { limits { peak 7  calm 2  within 1 } }
choice pick @1 "Which?" {
  option a "A" { event storm @2 { intensity 9 } }
  option b "B" { event calm_b @2 { intensity 1 } }
}
event later @5 { intensity 4 }
`;
    const { repairs } = repairsOf(text, w404, 'W404');
    const insert = repairs.find((r) => r.title.startsWith('Add a calming beat'))!;
    const edited = applyEdits(new Map([[FILE, text]]), insert.edits).get(FILE)!;
    assert.match(edited, /option a "A" \{ event storm @2 \{ intensity 9 \}  event storm_calm @3 \{ intensity 2 \} \}/);
    assert.deepEqual(run(edited).reports.map(summary), []);
  });
});

describe('intensity paths: through the analysis and the resolution engine', () => {
  it('W402 and W404 are registered, and the engine verifies their repairs', () => {
    const text = `story "S" {
  limits { spike 3  peak 7  calm 2  within 1 }
}

event low @1 { intensity 2 }
choice pick @2 "Which?" {
  option calm "Calm" { event sit @3 { intensity 3 } }
  option wild "Wild" {
    event jump @4 { intensity 8 }
  }
}
event drift @5 { intensity 4 }
event rest @6 { intensity 1 }
`;
    const analysis = checkProject(new MemoryHost(new Map([[FILE, text]])), FILE);
    assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${formatPath(d.path ?? [])}`), ['W402 pick → wild', 'W404 pick → wild']);
    const titles = (code: string): string[] =>
      proposeResolutions(analysis, analysis.diagnostics.find((d) => d.code === code)!).map((r) => r.title).sort();
    assert.deepEqual(titles('W402'), [
      'Allow W402 in `jump`',
      'Insert a build-up beat `jump_build_up` (intensity 5) between `low` and `jump`',
      'Lower the intensity of `jump` to 5',
    ]);
    assert.deepEqual(titles('W404'), [
      'Add a calming beat `jump_calm` (intensity 2) right after `jump`',
      'Allow W404 in `jump`',
      'Lower the intensity of `drift` to 2 (calm)',
      'Lower the intensity of `jump` to 6, below the peak 7',
    ]);
  });
});

// ---------------------------------------------------------------------------
// Property: the checks agree with brute-force enumeration of every path

type Op =
  | { readonly op: 'event'; readonly time: number; readonly intensity: number | undefined }
  | { readonly op: 'choice'; readonly time: number; readonly options: number }
  | { readonly op: 'next' };

interface EventNode { readonly kind: 'event'; readonly name: string; readonly time: number; readonly intensity: number | undefined }
interface ChoiceNode { readonly kind: 'choice'; readonly name: string; readonly time: number; readonly options: StoryNode[][] }
type StoryNode = EventNode | ChoiceNode;

interface RandomLimits { readonly spike: number; readonly peak: number; readonly calm: number; readonly within: number }

const MAX_CHOICES = 8;

/**
 * Builds a branching story from a flat list of operations (flat, so that
 * fast-check shrinks it well): `event` adds an event to the open block,
 * `choice` opens a choice's first option, `next` moves to the open choice's
 * next option or closes it after its last.
 */
function buildStory(ops: readonly Op[]): StoryNode[] {
  const root: StoryNode[] = [];
  const open: { choice: ChoiceNode; current: number }[] = [];
  let events = 0;
  let choices = 0;
  const block = (): StoryNode[] => {
    const top = open[open.length - 1];
    return top ? top.choice.options[top.current]! : root;
  };
  for (const op of ops) {
    if (op.op === 'event') {
      block().push({ kind: 'event', name: `e${events++}`, time: op.time, intensity: op.intensity });
    } else if (op.op === 'choice') {
      if (choices >= MAX_CHOICES) continue;
      const choice: ChoiceNode = { kind: 'choice', name: `c${choices++}`, time: op.time, options: Array.from({ length: op.options }, () => []) };
      block().push(choice);
      open.push({ choice, current: 0 });
    } else {
      const top = open[open.length - 1];
      if (!top) continue;
      if (++top.current >= top.choice.options.length) open.pop();
    }
  }
  return root;
}

function renderStory(nodes: readonly StoryNode[], limits: RandomLimits): string {
  const lines = [`story "Random" {`, `  limits { spike ${limits.spike}  peak ${limits.peak}  calm ${limits.calm}  within ${limits.within} }`, `}`];
  const render = (list: readonly StoryNode[], indent: string): void => {
    for (const node of list) {
      if (node.kind === 'event') {
        lines.push(`${indent}event ${node.name} @${node.time}${node.intensity === undefined ? '' : ` { intensity ${node.intensity} }`}`);
        continue;
      }
      lines.push(`${indent}choice ${node.name} @${node.time} "?" {`);
      node.options.forEach((option, i) => {
        lines.push(`${indent}  option o${i} "o" {`);
        render(option, `${indent}    `);
        lines.push(`${indent}  }`);
      });
      lines.push(`${indent}}`);
    }
  };
  render(nodes, '');
  return lines.join('\n') + '\n';
}

/** A full assignment: choice beat index -> option position. */
type Assignment = ReadonlyMap<number, number>;

function* assignments(project: Project): Generator<Assignment> {
  const choices = project.beats.filter((b) => b.kind === 'choice' && b.options.length > 0);
  const picks = new Map<number, number>(choices.map((c) => [c.index, 0]));
  for (;;) {
    yield picks;
    let i = 0;
    for (; i < choices.length; i++) {
      const choice = choices[i]!;
      const next = picks.get(choice.index)! + 1;
      if (next < choice.options.length) {
        picks.set(choice.index, next);
        break;
      }
      picks.set(choice.index, 0);
    }
    if (i === choices.length) return;
  }
}

function onAssignment(beat: BeatSymbol, picks: Assignment): boolean {
  for (let o = beat.option; o; o = o.parent) if (picks.get(o.choice.index) !== o.position) return false;
  return true;
}

/** The beats with an intensity on one path, in time then document order. */
function sequence(project: Project, picks: Assignment): { beat: BeatSymbol; value: number }[] {
  return project.beats
    .filter((beat) => !Number.isNaN(beat.time) && onAssignment(beat, picks))
    .map((beat) => ({ beat, value: intensityOf(beat)?.value }))
    .filter((entry): entry is { beat: BeatSymbol; value: number } => entry.value !== undefined)
    .sort((a, b) => compareByTime(a.beat, b.beat));
}

/** The W402 rises into `name` (predecessor -> rise) and whether `name` is an unrecovered peak, on one path. */
function violationsOn(project: Project, picks: Assignment, limits: RandomLimits): { spikes: Map<string, { from: string; rise: number }>; peaks: Map<string, string[]> } {
  const seq = sequence(project, picks);
  const spikes = new Map<string, { from: string; rise: number }>();
  const peaks = new Map<string, string[]>();
  seq.forEach((entry, i) => {
    const previous = seq[i - 1];
    if (previous && entry.value - previous.value > limits.spike) {
      spikes.set(entry.beat.name, { from: previous.beat.name, rise: entry.value - previous.value });
    }
    if (entry.value >= limits.peak) {
      const next = seq.slice(i + 1, i + 1 + limits.within);
      if (!next.some((n) => n.value <= limits.calm)) peaks.set(entry.beat.name, next.map((n) => n.beat.name));
    }
  });
  return { spikes, peaks };
}

/** Completes a witness (choice name -> option name) with the first option at every other choice. */
function completeWitness(project: Project, witness: readonly PathStep[]): Assignment {
  const picks = new Map<number, number>();
  for (const beat of project.beats) if (beat.kind === 'choice' && beat.options.length > 0) picks.set(beat.index, 0);
  for (const step of witness) {
    const choice = project.beats.find((b) => b.name === step.choice)!;
    picks.set(choice.index, choice.options.find((o) => o.name === step.option)!.position);
  }
  return picks;
}

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('event' as const), time: fc.integer({ min: 0, max: 9 }), intensity: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined, freq: 5 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('choice' as const), time: fc.integer({ min: 0, max: 9 }), options: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('next' as const) }) },
);

const limitsArbitrary: fc.Arbitrary<RandomLimits> = fc.record({
  spike: fc.integer({ min: 0, max: 5 }),
  peak: fc.integer({ min: 3, max: 10 }),
  calm: fc.integer({ min: 0, max: 6 }),
  within: fc.integer({ min: 1, max: 4 }),
});

describe('intensity paths: agree with brute-force path enumeration', () => {
  it('on small random branching stories (at most 8 choices), W402 and W404 report exactly the beats enumeration finds, with valid witnesses', () => {
    fc.assert(fc.property(fc.array(opArbitrary, { maxLength: 60, size: 'large' }), limitsArbitrary, (ops, limits) => {
      const text = renderStory(buildStory(ops), limits);
      const { project, reports } = run(text);
      assert.deepEqual(project.diagnostics.filter((d) => d.code === 'E001' || d.code === 'E003'), [], text);

      // Brute force: every path, every consecutive pair.
      const expectedSpikes = new Map<string, number>(); // beat -> largest rise
      const expectedPeaks = new Set<string>();
      for (const picks of assignments(project)) {
        const { spikes, peaks } = violationsOn(project, picks, limits);
        for (const [name, { rise }] of spikes) expectedSpikes.set(name, Math.max(rise, expectedSpikes.get(name) ?? rise));
        for (const name of peaks.keys()) expectedPeaks.add(name);
      }
      const actual = (code: string): string[] => reports.filter((r) => r.code === code).map((r) => r.beat).sort();
      assert.deepEqual(actual('W402'), [...expectedSpikes.keys()].sort(), `W402 differs on\n${text}`);
      assert.deepEqual(actual('W404'), [...expectedPeaks].sort(), `W404 differs on\n${text}`);

      // Each witness, completed arbitrarily, shows the reported violation.
      for (const report of reports) {
        const picks = completeWitness(project, report.path ?? []);
        const { spikes, peaks } = violationsOn(project, picks, limits);
        if (report.code === 'W402') {
          const spike = spikes.get(report.beat);
          assert.ok(spike, `W402 witness [${formatPath(report.path!)}] shows no spike into ${report.beat}\n${text}`);
          const from = text.slice(report.related![0]!.span.start, report.related![0]!.span.end);
          assert.equal(spike.from, from, `W402 related beat is not the predecessor on the witness\n${text}`);
          assert.equal(spike.rise, expectedSpikes.get(report.beat), `W402 does not name the largest rise\n${text}`);
        } else {
          const following = peaks.get(report.beat);
          assert.ok(following, `W404 witness [${formatPath(report.path!)}] shows no unrecovered peak at ${report.beat}\n${text}`);
          assert.deepEqual(report.related!.map((r) => text.slice(r.span.start, r.span.end)), following, text);
        }
      }
    }), { numRuns: 400, seed: 20_402, endOnFailure: true });
  });
});
