/**
 * The intensity path searches behind W402 (spike) and W404 (peak without
 * recovery). The timeline is built once per analysis (`Derived.intensityTimeline`).
 *
 * docs/checks.md (W402, W404): intensity checks consider the beats that declare an
 * intensity; a path's "consecutive beats" are its beats with an intensity, in
 * time order. Beats with equal times are ordered by name, so that moving a
 * declaration changes nothing: the order of `PathModel.byTime`.
 *
 * Nothing here enumerates paths. Both searches rest on one observation: beats
 * in the same *context* (the same innermost option, or both outside every
 * option) are on or off together, so a walk along the timeline keeps one beat
 * per context and asks `PathModel.findPath` the path questions:
 *
 * - W402, `steepestRise(b)`: walk backwards from b. The first beat met in each
 *   context is the only one of that context that can be b's predecessor
 *   (every earlier one has it in between). A candidate a is b's predecessor on
 *   some path iff `findPath([a, b], one beat per context met between them)`;
 *   only candidates lower than the best found so far are asked. The walk
 *   stops at a beat that is on every path holding b, once no earlier beat is
 *   lower than the best found, or once the contexts met cover every path
 *   holding b (`findPath([b], met)` undefined, asked after 1, 2, 4, 8…
 *   contexts so the checks stay linear).
 * - W404, `unrecoveredPeak(p)`: a bounded depth-first search forward from p
 *   over chains p < s1 < … < sk of non-calm beats (k ≤ `within`), each s(i+1)
 *   the first beat of its context after s(i); the path must hold the chain and
 *   avoid one beat of every context skipped on the way. A chain of length
 *   `within`, or a shorter one after which the path can end, is a violation.
 *
 * Bounds (documented in docs/checks): W402 looks back over at most
 * `MAX_LOOKBACK_CONTEXTS` contexts from one beat; W404 spends at most
 * `MAX_PATH_QUERIES` path queries and `MAX_STEPS` timeline steps on one peak.
 * Past a bound the search stops; whatever it reports is still exact (every
 * witness was checked by `findPath`), it may only miss a conflict in a story
 * far more branched than any real one.
 */
import type { IntensityItem } from '@nao/grammar';
import type { PathStep } from '../../diagnostics.js';
import type { PathModel } from '../../paths.js';
import type { BeatSymbol, OptionSymbol } from '../../project.js';
import { intensityOf } from './intensity.js';

/** W402: how many contexts (options, or the main line) the backward walk from one beat may visit. */
export const MAX_LOOKBACK_CONTEXTS = 1000;
/** W404: how many `findPath` queries the search for one peak may make. */
export const MAX_PATH_QUERIES = 500;
/** W404: how many timeline steps the search for one peak may take. */
export const MAX_STEPS = 50_000;

/** A beat that declares an intensity, with its place on the timeline. */
export interface IntensityBeat {
  readonly beat: BeatSymbol;
  readonly item: IntensityItem;
  readonly value: number;
  /** Index in `IntensityTimeline.beats`. */
  readonly position: number;
}

/** Beats that are on or off together: the innermost option (undefined: the main line). */
type Context = OptionSymbol | undefined;

function contextOf(beat: BeatSymbol): Context {
  return beat.option;
}

/** The beats with an intensity (and a time), by time then document order. */
export class IntensityTimeline {
  readonly beats: readonly IntensityBeat[];
  private readonly byBeat = new Map<BeatSymbol, IntensityBeat>();
  /** `lowestBefore[i]`: the lowest intensity among beats[0..i-1] (Infinity for i = 0). */
  private readonly lowestBefore: readonly number[];

  constructor(paths: PathModel) {
    const beats: IntensityBeat[] = [];
    const lowest: number[] = [];
    let low = Number.POSITIVE_INFINITY;
    for (const beat of paths.byTime) {
      const intensity = intensityOf(beat);
      if (!intensity) continue;
      const entry: IntensityBeat = { beat, item: intensity.item, value: intensity.value, position: beats.length };
      beats.push(entry);
      lowest.push(low);
      low = Math.min(low, entry.value);
      this.byBeat.set(beat, entry);
    }
    this.beats = beats;
    this.lowestBefore = lowest;
  }

  of(beat: BeatSymbol): IntensityBeat | undefined {
    return this.byBeat.get(beat);
  }

  /** The lowest intensity of any beat before `entry` on the timeline. */
  lowestBeforeOf(entry: IntensityBeat): number {
    return this.lowestBefore[entry.position]!;
  }
}

// ---------------------------------------------------------------------------
// W402

export interface Spike {
  /** The predecessor with the lowest intensity among b's possible predecessors that spike. */
  readonly from: IntensityBeat;
  readonly to: IntensityBeat;
  /** A path on which `from` and `to` are consecutive. */
  readonly witness: PathStep[];
}

/**
 * The steepest rise into `to` of more than `spike` from a beat that comes
 * just before it on some path, with that path; undefined when there is none.
 */
export function steepestRise(timeline: IntensityTimeline, paths: PathModel, to: IntensityBeat, spike: number): Spike | undefined {
  // No earlier beat is low enough to spike: nothing to walk.
  if (!(to.value - timeline.lowestBeforeOf(to) > spike)) return undefined;
  const b = to.beat;
  const met = new Set<Context>();
  /** One beat per context met so far that can share a path with b: the beats between the candidate and b. */
  const between: BeatSymbol[] = [];
  let best: Spike | undefined;
  let nextCoverCheck = 1;
  for (let i = to.position - 1; i >= 0; i--) {
    const x = timeline.beats[i]!;
    const context = contextOf(x.beat);
    if (met.has(context)) continue; // a later beat of the same context stands in between
    if (met.size >= MAX_LOOKBACK_CONTEXTS) break;
    met.add(context);
    if (!paths.coPossible(x.beat, b)) continue; // never on a path with b
    // A steeper rise than the best so far (equal ones keep the later predecessor): is x just before b on some path?
    if (to.value - x.value > spike && (!best || x.value < best.from.value)) {
      const witness = paths.findPath([x.beat, b], between);
      if (witness) best = { from: x, to, witness };
    }
    between.push(x.beat);
    if (paths.isForcedBy(x.beat, [b])) break; // on every path with b: nothing earlier is next to b
    if (best && best.from.value <= timeline.lowestBeforeOf(x)) break; // nothing earlier rises more
    if (between.length >= nextCoverCheck) {
      nextCoverCheck *= 2;
      if (!paths.findPath([b], between)) break; // every path with b meets one of them
    }
  }
  return best;
}

// ---------------------------------------------------------------------------
// W404

export interface UnrecoveredPeak {
  readonly peak: IntensityBeat;
  /** The beats that follow the peak on the witness path (none of them calm); fewer than `within` when the path ends. */
  readonly following: readonly IntensityBeat[];
  /** The path ends after `following`, before `within` beats followed. */
  readonly ended: boolean;
  readonly witness: PathStep[];
}

/**
 * A path on which none of the `within` beats after `peak` is calm (at or
 * below `calm`), or on which the path ends first with none of them calm;
 * undefined when every path holding the peak recovers in time (or when the
 * search ran out of budget, see the bounds above).
 */
export function unrecoveredPeak(
  timeline: IntensityTimeline,
  paths: PathModel,
  peak: IntensityBeat,
  limits: { readonly calm: number; readonly within: number },
): UnrecoveredPeak | undefined {
  let queries = MAX_PATH_QUERIES;
  let steps = MAX_STEPS;
  const query = (must: readonly BeatSymbol[], avoid: readonly BeatSymbol[]): PathStep[] | undefined => {
    queries--;
    return paths.findPath(must, avoid);
  };
  const exhausted = (): boolean => queries <= 0 || steps <= 0;

  /**
   * Extends `chain` (the peak and the non-calm beats chosen after it) with its
   * next beat on some path that avoids `avoid` (one beat of each context in
   * `avoided`, plus incompatible contexts that need no avoiding).
   */
  const search = (chain: readonly IntensityBeat[], avoid: readonly BeatSymbol[], avoided: ReadonlySet<Context>): UnrecoveredPeak | undefined => {
    const last = chain[chain.length - 1]!;
    const must = chain.map((entry) => entry.beat);
    const passed = new Set<Context>();
    const skipped: BeatSymbol[] = [];
    let nextCoverCheck = 1;
    for (let i = last.position + 1; i < timeline.beats.length; i++) {
      if (--steps < 0) return undefined;
      const x = timeline.beats[i]!;
      const context = contextOf(x.beat);
      if (avoided.has(context) || passed.has(context)) continue; // off, or an earlier beat of the context comes first
      if (!must.every((m) => paths.coPossible(m, x.beat))) {
        passed.add(context);
        continue;
      }
      const forced = paths.isForcedBy(x.beat, must);
      if (x.value > limits.calm) {
        // x can be the next beat after `last`: on a path holding the chain and x and none of the skipped beats.
        const nextChain = [...chain, x];
        const nextAvoid = skipped.length === 0 ? avoid : [...avoid, ...skipped];
        const witness = query([...must, x.beat], nextAvoid);
        if (witness) {
          if (nextChain.length - 1 >= limits.within) {
            return { peak, following: nextChain.slice(1), ended: false, witness };
          }
          const found = search(nextChain, nextAvoid, new Set([...avoided, ...passed]));
          if (found) return found;
        }
        if (exhausted()) return undefined;
      }
      if (forced) return undefined; // x is next on every remaining path: the branch is done
      passed.add(context);
      skipped.push(x.beat);
      if (skipped.length >= nextCoverCheck) {
        nextCoverCheck *= 2;
        if (!query(must, [...avoid, ...skipped])) return undefined; // no path gets past the skipped beats
        if (exhausted()) return undefined;
      }
    }
    // The timeline ran out: a path holding the chain and none of the skipped beats ends after `last`.
    const witness = query(must, [...avoid, ...skipped]);
    return witness ? { peak, following: chain.slice(1), ended: true, witness } : undefined;
  };

  return search([peak], [], new Set());
}
