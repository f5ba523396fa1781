/**
 * Statistics over every path of a story, computed over the choice tree and
 * the timeline, never by enumerating paths (docs/architecture.md, "Path
 * statistics").
 *
 * The choice tree is an and-or tree: the story (and each option) holds its
 * own beats and choices, all of which a path through it meets; a choice holds
 * options, one of which a path picks. So the number of paths of a region is
 * the product, over the choices directly in it, of the sum over each choice's
 * options of the paths of that option (a choice without options counts 1),
 * and the number of paths that hold a set of options (a beat's enclosing
 * options, a witness) is that product with each held choice's sum replaced by
 * the held option's own count. Sums and extremes over a path (beats, words)
 * are the same recursion with (+, min) or (+, max).
 *
 * Measures of consecutive beats (a rise between consecutive intensities, a
 * run without a calm beat) depend on time order, which interleaves the
 * branches. They are sweeps along the timeline of beats with an intensity
 * (`PathModel.byTime` order: W402's "consecutive beats") that carry, for
 * each region of the choice tree, what is still possible:
 *
 * - rise: for each beat `a`, a sweep forward that marks options dead (an
 *   option is dead when it holds a beat met since `a`, when it is not the
 *   option `a` needs at a choice, or when every option of a choice inside
 *   it is dead). A beat `b` met by the sweep follows `a` directly on some
 *   path iff none of its enclosing options is dead and the story itself is
 *   not; the sweep ends once the story is dead (every path holding `a` has
 *   met another intensity), or when no later beat could rise more than the
 *   best rise found.
 * - calm-less run: the longest run equals the largest count, over a window
 *   of the timeline and a path with no calm beat in the window, of the
 *   path's beats in the window. WLOG a window starts just after a calm beat
 *   (or at the start). For each start, a sweep forward keeps per option the
 *   best count of its subtree (minus infinity when it holds a calm beat of
 *   the window) and per choice the best of its options, updating only the
 *   regions above the beat met; it ends when the story holds a calm beat on
 *   every path.
 *
 * Every witness is a path: the option taken at each choice that matters.
 */
import type { Analysis } from './analysis.js';
import type { PathStep } from './diagnostics.js';
import { compareByTime, type PathItem, type PathModel } from './paths.js';
import { conflictBeats, declaredIntensity, proseWords } from './playthrough.js';
import type { BeatSymbol, OptionSymbol, Project } from './project.js';

/** `calm` when the story's `limits` set none: the lower third of the 0..10 scale. */
export const DEFAULT_CALM = 3;
/** How many of the rarest beats `coverage.beats` lists. */
export const COVERAGE_BEATS = 10;

/** A region of the choice tree: an option, or (undefined) the story outside every option. */
type Region = OptionSymbol | undefined;

export interface PathShare<N> {
  /** How many paths. */
  readonly paths: N;
  /** The exact share of all paths, reduced: `"1/4"`. */
  readonly share: string;
  /** The same share as a number. */
  readonly fraction: number;
}

export interface BeatCoverage<N> extends PathShare<N> {
  readonly beat: string;
}

export interface ConflictCoverage<N> extends PathShare<N> {
  readonly id: string;
  readonly code: string;
  /** The beat it is anchored in (null: about the story, an arc or a goal). */
  readonly beat: string | null;
}

export interface PathStatisticsOf<N> {
  /** The exact number of paths. */
  readonly paths: N;
  /** Fewest and most beats (events and choices with a time) on one path. */
  readonly beats: { readonly min: number; readonly max: number };
  /** Fewest and most prose words (whitespace-separated, in `>` lines) on one path. */
  readonly words: { readonly min: number; readonly max: number };
  /** The beats every path holds, in time order. */
  readonly onEveryPath: readonly string[];
  /** The highest intensity a path reaches (the first beat of that intensity in time order), with a path to it. */
  readonly peak: { readonly intensity: number; readonly beat: string; readonly path: readonly PathStep[] } | null;
  /** The largest rise between consecutive intensities on a path (W402's measure), with that path; null without two consecutive intensities. */
  readonly spike: { readonly rise: number; readonly from: string; readonly to: string; readonly path: readonly PathStep[] } | null;
  /** The longest run of consecutive beats with an intensity, none of them calm, on one path. */
  readonly calmless: {
    readonly beats: number;
    /** The threshold: a beat at or below it is calm. */
    readonly calm: number;
    /** Whether `calm` is the story's `limits calm` or DEFAULT_CALM. */
    readonly calmFrom: 'limits' | 'default';
    readonly from: string | null;
    readonly to: string | null;
    readonly path: readonly PathStep[];
  };
  readonly coverage: {
    /** The beats fewest paths hold (at most COVERAGE_BEATS), fewest first. */
    readonly beats: readonly BeatCoverage<N>[];
    /** How many beats some path misses. */
    readonly branchBeats: number;
    /** Each path-sensitive conflict: the paths that take every step of its witness and hold its beat. */
    readonly conflicts: readonly ConflictCoverage<N>[];
  };
}

/** With exact counts as BigInt. */
export type PathStatistics = PathStatisticsOf<bigint>;
/** As JSON keeps it: counts as decimal strings. */
export type PathStatisticsJson = PathStatisticsOf<string>;

/** The choice tree: which choices each region holds, and path counts. */
export class ChoiceTree {
  private readonly inner = new Map<Region, BeatSymbol[]>();
  private readonly widths = new Map<BeatSymbol, bigint>();
  private readonly products = new Map<Region, bigint>();

  constructor(project: Project) {
    for (const beat of project.beats) if (beat.kind === 'choice') this.push(beat.option, beat);
  }

  private push(region: Region, choice: BeatSymbol): void {
    let list = this.inner.get(region);
    if (!list) this.inner.set(region, (list = []));
    list.push(choice);
  }

  /** The choices directly in a region. */
  choicesIn(region: Region): readonly BeatSymbol[] {
    return this.inner.get(region) ?? [];
  }

  /** Paths through a choice: the sum over its options (1 for a choice without options). */
  width(choice: BeatSymbol): bigint {
    let w = this.widths.get(choice);
    if (w === undefined) {
      w = 0n;
      for (const option of choice.options) w += this.product(option);
      if (choice.options.length === 0) w = 1n;
      this.widths.set(choice, w);
    }
    return w;
  }

  /** Paths through a region: the product over its choices. */
  product(region: Region): bigint {
    let p = this.products.get(region);
    if (p === undefined) {
      p = 1n;
      for (const choice of this.choicesIn(region)) p *= this.width(choice);
      this.products.set(region, p);
    }
    return p;
  }

  get paths(): bigint {
    return this.product(undefined);
  }

  /** The number of paths that take every one of `options` (and so the options enclosing them); 0 when two exclude each other. */
  pathsHolding(options: Iterable<OptionSymbol | undefined>): bigint {
    const forced = new Map<BeatSymbol, OptionSymbol>();
    for (const start of options) {
      for (let o = start; o; o = o.parent) {
        const existing = forced.get(o.choice);
        if (existing === undefined) forced.set(o.choice, o);
        else if (existing !== o) return 0n;
        else break;
      }
    }
    const held = new Map<Region, OptionSymbol[]>();
    for (const option of forced.values()) {
      let list = held.get(option.choice.option);
      if (!list) held.set(option.choice.option, (list = []));
      list.push(option);
    }
    const count = (region: Region): bigint => {
      let result = this.product(region);
      const list = held.get(region) ?? [];
      for (const option of list) result /= this.width(option.choice); // exact: a factor of the product
      for (const option of list) result *= count(option);
      return result;
    };
    return count(undefined);
  }
}

interface TimedIntensity {
  readonly beat: BeatSymbol;
  readonly value: number;
}

export function computePathStatistics(analysis: Analysis): PathStatistics {
  const { project, paths } = analysis;
  const tree = new ChoiceTree(project);
  const total = tree.paths;

  // Beats and words per path: (+, min) and (+, max) over the tree.
  const directBeats = new Map<Region, number>();
  const directWords = new Map<Region, number>();
  for (const beat of paths.byTime) {
    directBeats.set(beat.option, (directBeats.get(beat.option) ?? 0) + 1);
    directWords.set(beat.option, (directWords.get(beat.option) ?? 0) + proseWords(beat));
  }
  const beats = extremes(tree, directBeats);
  const words = extremes(tree, directWords);

  const onEveryPath = paths.byTime.filter((beat) => paths.isOnEveryPath(beat)).map((beat) => beat.name);

  const timeline: TimedIntensity[] = [];
  for (const beat of paths.byTime) {
    const value = declaredIntensity(beat);
    if (value !== undefined) timeline.push({ beat, value });
  }

  let peakEntry: TimedIntensity | undefined;
  for (const entry of timeline) if (!peakEntry || entry.value > peakEntry.value) peakEntry = entry;
  const peak = peakEntry
    ? { intensity: peakEntry.value, beat: peakEntry.beat.name, path: inTimeOrder(project, paths.findPath([peakEntry.beat]) ?? []) }
    : null;

  const limitsCalm = project.story?.limits.calm;
  const calm = limitsCalm ?? DEFAULT_CALM;

  // Coverage: beats of one region are on the same paths.
  const byRegion = new Map<Region, bigint>();
  const holding = (region: Region): bigint => {
    let count = byRegion.get(region);
    if (count === undefined) byRegion.set(region, (count = tree.pathsHolding([region])));
    return count;
  };
  const rare = paths.byTime.filter((beat) => !paths.isOnEveryPath(beat)).map((beat, order) => ({ beat, order, paths: holding(beat.option) }));
  rare.sort((a, b) => (a.paths < b.paths ? -1 : a.paths > b.paths ? 1 : a.order - b.order));
  const anchors = conflictBeats(analysis);
  const conflicts: ConflictCoverage<bigint>[] = [];
  for (const d of analysis.diagnostics) {
    if (d.path === undefined) continue;
    const beat = anchors.get(d);
    const held: Region[] = [beat?.option];
    let known = true;
    for (const step of d.path) {
      const choice = project.nodes.get(step.choice);
      const option = choice && choice.kind === 'choice' ? choice.options.find((o) => o.name === step.option) : undefined;
      if (!option) known = false;
      held.push(option);
    }
    const count = known ? tree.pathsHolding(held) : 0n;
    conflicts.push({ id: d.id, code: d.code, beat: beat?.name ?? null, ...share(count, total) });
  }

  return {
    paths: total,
    beats,
    words,
    onEveryPath,
    peak,
    spike: largestRise(timeline, paths, project),
    calmless: { ...longestCalmless(tree, timeline, paths, calm), calm, calmFrom: limitsCalm === undefined ? 'default' : 'limits' },
    coverage: {
      beats: rare.slice(0, COVERAGE_BEATS).map((r) => ({ beat: r.beat.name, ...share(r.paths, total) })),
      branchBeats: rare.length,
      conflicts,
    },
  };
}

/** The statistics with counts as decimal strings, as JSON keeps them. */
export function pathStatisticsToJson(statistics: PathStatistics): PathStatisticsJson {
  const plain = <T extends { paths: bigint }>(entry: T): Omit<T, 'paths'> & { paths: string } => ({ ...entry, paths: entry.paths.toString() });
  return {
    ...statistics,
    paths: statistics.paths.toString(),
    coverage: {
      beats: statistics.coverage.beats.map(plain),
      branchBeats: statistics.coverage.branchBeats,
      conflicts: statistics.coverage.conflicts.map(plain),
    },
  };
}

// ---------------------------------------------------------------------------

function extremes(tree: ChoiceTree, direct: ReadonlyMap<Region, number>): { min: number; max: number } {
  const memo = new Map<Region, { min: number; max: number }>();
  const of = (region: Region): { min: number; max: number } => {
    const known = memo.get(region);
    if (known) return known;
    let min = direct.get(region) ?? 0;
    let max = min;
    for (const choice of tree.choicesIn(region)) {
      if (choice.options.length === 0) continue;
      let low = Number.POSITIVE_INFINITY;
      let high = Number.NEGATIVE_INFINITY;
      for (const option of choice.options) {
        const inner = of(option);
        low = Math.min(low, inner.min);
        high = Math.max(high, inner.max);
      }
      min += low;
      max += high;
    }
    const result = { min, max };
    memo.set(region, result);
    return result;
  };
  return of(undefined);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function share(count: bigint, total: bigint): PathShare<bigint> {
  const g = gcd(count, total) || 1n;
  let p = count;
  let t = total;
  // Keep the float exact enough for counts beyond 2^53 (and finite beyond 2^1024).
  const excess = t.toString(2).length - 60;
  if (excess > 0) {
    p >>= BigInt(excess);
    t >>= BigInt(excess);
  }
  return { paths: count, share: `${count / g}/${total / g}`, fraction: t === 0n ? 0 : Number(p) / Number(t) };
}

/** Options that can no longer be on a path, for the rise sweep. */
class DeadOptions {
  private readonly dead = new Set<OptionSymbol>();
  private readonly deadCount = new Map<BeatSymbol, number>();
  /** No path is left. */
  storyDead = false;

  /** Every path must take `held` (and the options enclosing it). */
  constructor(held: Region) {
    for (let o = held; o; o = o.parent) for (const other of o.choice.options) if (other !== o) this.kill(other);
  }

  private kill(option: OptionSymbol): void {
    if (this.dead.has(option)) return;
    this.dead.add(option);
    const choice = option.choice;
    const count = (this.deadCount.get(choice) ?? 0) + 1;
    this.deadCount.set(choice, count);
    if (count < choice.options.length) return;
    // Every option of the choice is dead: so is the region holding it.
    if (choice.option) this.kill(choice.option);
    else this.storyDead = true;
  }

  /** Paths must not hold this region any more (a beat of it was met). */
  forbid(region: Region): void {
    if (region) this.kill(region);
    else this.storyDead = true;
  }

  possible(beat: BeatSymbol): boolean {
    if (this.storyDead) return false;
    for (let o = beat.option; o; o = o.parent) if (this.dead.has(o)) return false;
    return true;
  }
}

/** Witness steps in time order, simultaneous choices by name (as the timeline orders them), whatever the order of declarations. */
function inTimeOrder(project: Project, steps: readonly PathStep[]): PathStep[] {
  const choice = (step: PathStep): BeatSymbol | undefined => {
    const node = project.nodes.get(step.choice);
    return node && node.kind !== 'arc' ? node : undefined;
  };
  return [...steps].sort((a, b) => {
    const x = choice(a);
    const y = choice(b);
    return x && y ? compareByTime(x, y) : 0;
  });
}

function largestRise(timeline: readonly TimedIntensity[], paths: PathModel, project: Project): PathStatistics['spike'] {
  const n = timeline.length;
  const suffixMax: number[] = new Array<number>(n + 1).fill(Number.NEGATIVE_INFINITY);
  for (let j = n - 1; j >= 0; j--) suffixMax[j] = Math.max(timeline[j]!.value, suffixMax[j + 1]!);
  let best: { rise: number; i: number; j: number } | undefined;
  for (let i = 0; i + 1 < n; i++) {
    const a = timeline[i]!;
    if (best && suffixMax[i + 1]! - a.value <= best.rise) continue;
    const dead = new DeadOptions(a.beat.option);
    for (let j = i + 1; j < n; j++) {
      if (best && suffixMax[j]! - a.value <= best.rise) break;
      const b = timeline[j]!;
      if (dead.possible(b.beat)) {
        const rise = b.value - a.value;
        if (!best || rise > best.rise) best = { rise, i, j };
      }
      dead.forbid(b.beat.option);
      if (dead.storyDead) break;
    }
  }
  if (!best) return null;
  const from = timeline[best.i]!.beat;
  const to = timeline[best.j]!.beat;
  const between = new Set<PathItem>();
  for (let k = best.i + 1; k < best.j; k++) between.add(timeline[k]!.beat.option ?? timeline[k]!.beat);
  return { rise: best.rise, from: from.name, to: to.name, path: inTimeOrder(project, paths.findPath([from, to], [...between]) ?? []) };
}

/** Best counts per region for the calm-less sweep; minus infinity: the region holds a calm beat of the window. */
class RunCounts {
  private readonly direct = new Map<Region, number>();
  private readonly forbidden = new Set<Region>();
  /** Per region: the sum of the finite bests of its choices, and how many are minus infinity. */
  private readonly sum = new Map<Region, number>();
  private readonly blocked = new Map<Region, number>();
  private readonly bestOfChoice = new Map<BeatSymbol, number>();

  value(region: Region): number {
    if (this.forbidden.has(region) || (this.blocked.get(region) ?? 0) > 0) return Number.NEGATIVE_INFINITY;
    return (this.direct.get(region) ?? 0) + (this.sum.get(region) ?? 0);
  }

  add(region: Region): void {
    this.direct.set(region, (this.direct.get(region) ?? 0) + 1);
    this.changed(region);
  }

  forbid(region: Region): void {
    this.forbidden.add(region);
    this.changed(region);
  }

  private changed(region: Region): void {
    for (let o = region; o; o = o.choice.option) {
      const choice = o.choice;
      const old = this.bestOfChoice.get(choice) ?? 0;
      let best = Number.NEGATIVE_INFINITY;
      for (const option of choice.options) best = Math.max(best, this.value(option));
      if (best === old) return;
      this.bestOfChoice.set(choice, best);
      const parent = choice.option;
      if (old === Number.NEGATIVE_INFINITY) this.blocked.set(parent, this.blocked.get(parent)! - 1);
      else this.sum.set(parent, (this.sum.get(parent) ?? 0) - old);
      if (best === Number.NEGATIVE_INFINITY) this.blocked.set(parent, (this.blocked.get(parent) ?? 0) + 1);
      else this.sum.set(parent, (this.sum.get(parent) ?? 0) + best);
    }
  }
}

function longestCalmless(
  tree: ChoiceTree, timeline: readonly TimedIntensity[], paths: PathModel, calm: number,
): { beats: number; from: string | null; to: string | null; path: readonly PathStep[] } {
  const n = timeline.length;
  const isCalm = (k: number): boolean => timeline[k]!.value <= calm;
  // upper[s]: the most non-calm beats one path holds from s on, calm beats ignored; it bounds any run from s.
  const upper: number[] = new Array<number>(n + 1).fill(0);
  const all = new RunCounts();
  for (let k = n - 1; k >= 0; k--) {
    if (!isCalm(k)) all.add(timeline[k]!.beat.option);
    upper[k] = all.value(undefined);
  }
  let best = { beats: 0, start: 0, end: -1 };
  for (let s = 0; s < n; s++) {
    if (upper[s]! <= best.beats) break; // and so for every later start
    if (s > 0 && !isCalm(s - 1)) continue; // windows start after a calm beat, or at the start
    const counts = new RunCounts();
    for (let j = s; j < n; j++) {
      const region = timeline[j]!.beat.option;
      if (isCalm(j)) {
        counts.forbid(region);
        if (counts.value(undefined) === Number.NEGATIVE_INFINITY) break;
      } else {
        counts.add(region);
        const value = counts.value(undefined);
        // The widest window of the best count: fewer choices then matter to the witness.
        if (value > best.beats || (value === best.beats && s === best.start)) best = { beats: value, start: s, end: j };
      }
    }
  }
  if (best.beats === 0) return { beats: 0, from: null, to: null, path: [] };
  return { beats: best.beats, ...windowWitness(tree, timeline.slice(best.start, best.end + 1), calm) };
}

/** The path with the most non-calm beats in the window and none calm, and its first and last such beat. */
function windowWitness(tree: ChoiceTree, window: readonly TimedIntensity[], calm: number): { from: string | null; to: string | null; path: PathStep[] } {
  const direct = new Map<Region, number>();
  const forbidden = new Set<Region>();
  for (const entry of window) {
    if (entry.value <= calm) forbidden.add(entry.beat.option);
    else direct.set(entry.beat.option, (direct.get(entry.beat.option) ?? 0) + 1);
  }
  const values = new Map<Region, number>();
  const value = (region: Region): number => {
    const known = values.get(region);
    if (known !== undefined) return known;
    let result = forbidden.has(region) ? Number.NEGATIVE_INFINITY : direct.get(region) ?? 0;
    for (const choice of tree.choicesIn(region)) result += bestOf(choice);
    values.set(region, result);
    return result;
  };
  const bestOf = (choice: BeatSymbol): number =>
    choice.options.length === 0 ? 0 : Math.max(...choice.options.map(value));
  // Indifferent: every way through it reaches its best, so the witness need not name it.
  const indifferentMemo = new Map<Region, boolean>();
  const indifferent = (region: Region): boolean => {
    let known = indifferentMemo.get(region);
    if (known === undefined) {
      known = tree.choicesIn(region).every((choice) => {
        const top = bestOf(choice);
        return choice.options.every((option) => value(option) === top && indifferent(option));
      });
      indifferentMemo.set(region, known);
    }
    return known;
  };
  const picked = new Set<OptionSymbol>();
  const steps: BeatSymbol[] = [];
  const descend = (region: Region): void => {
    for (const choice of tree.choicesIn(region)) {
      if (choice.options.length === 0) continue;
      const top = bestOf(choice);
      const option = choice.options.find((o) => value(o) === top)!;
      picked.add(option);
      if (choice.options.length > 1 && !choice.options.every((o) => value(o) === top && indifferent(o))) steps.push(choice);
      descend(option);
    }
  };
  descend(undefined);
  const onPath = (beat: BeatSymbol): boolean => {
    for (let o = beat.option; o; o = o.parent) if (!picked.has(o)) return false;
    return true;
  };
  const run = window.filter((entry) => entry.value > calm && onPath(entry.beat));
  steps.sort(compareByTime);
  return {
    from: run[0]?.beat.name ?? null,
    to: run[run.length - 1]?.beat.name ?? null,
    path: steps.map((choice) => ({ choice: choice.name, option: choice.options.find((o) => picked.has(o))!.name })),
  };
}
