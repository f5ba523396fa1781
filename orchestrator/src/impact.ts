/**
 * Impact analysis (docs/cli.md, `nao impact`): everything that depends on a beat,
 * grouped by scale and arc, what breaks if it is removed, the ripple score,
 * and for a choice the consequences of each option.
 */
import type { ProjectStructure } from './analysis.js';
import { NEVER_CANCELLED, throwIfCancelled, type CancellationToken } from './cancellation.js';
import type { ArcSymbol, BeatSymbol, OptionSymbol } from './project.js';
import { SCALE_WEIGHT } from './scales.js';

export interface ImpactByScale {
  readonly micro: number;
  readonly meso: number;
  readonly macro: number;
}

export interface BrokenRequirement {
  /** The beat whose `requires` would be left with no alternative. */
  readonly beat: string;
  /** The alternatives it names. */
  readonly requires: readonly string[];
}

export interface OptionConsequences {
  /** `choice.option` */
  readonly option: string;
  readonly title: string;
  /** Beats only on this branch (inside the option, at any depth). */
  readonly beats: readonly string[];
  /** The highest intensity on this branch, or null when no beat there declares one. */
  readonly peakIntensity: number | null;
  readonly goalsAddressed: readonly string[];
  readonly charactersKilled: readonly string[];
  readonly arcsResolved: readonly string[];
}

export interface ImpactReport {
  readonly beat: string;
  readonly kind: 'event' | 'choice';
  readonly time: number | null;
  readonly scale: 'micro' | 'meso' | 'macro';
  /** Downstream beats along `causes` edges and the `requires` they satisfy, transitively. */
  readonly downstream: readonly string[];
  readonly byScale: ImpactByScale;
  /** Arcs holding downstream beats. */
  readonly arcs: readonly string[];
  readonly breaks: {
    readonly requirements: readonly BrokenRequirement[];
    /** Arcs that would lose their resolution (on some path) if the beat were removed. */
    readonly resolutions: readonly string[];
  };
  /** micro 1, meso 3, macro 9 per downstream beat. */
  readonly score: number;
  /** For a choice: per option. Empty for an event. */
  readonly options: readonly OptionConsequences[];
}

/** The impact of the beat named `beatName`, or undefined when there is no such beat. */
export function analyseImpact(analysis: ProjectStructure, beatName: string, token: CancellationToken = NEVER_CANCELLED): ImpactReport | undefined {
  const beat = analysis.project.nodes.get(beatName);
  if (!beat || beat.kind === 'arc') return undefined;
  return impactOf(analysis, beat, token);
}

export function impactOf(analysis: ProjectStructure, beat: BeatSymbol, token: CancellationToken = NEVER_CANCELLED): ImpactReport {
  const { graph } = analysis;
  const downstream = graph.downstream(beat);
  throwIfCancelled(token);
  const byScale = { micro: 0, meso: 0, macro: 0 };
  const arcs: ArcSymbol[] = [];
  const seenArcs = new Set<ArcSymbol>();
  let score = 0;
  for (const dependent of downstream) {
    byScale[dependent.scale]++;
    score += SCALE_WEIGHT[dependent.scale];
    for (let arc = dependent.arc; arc; arc = arc.parent) {
      if (seenArcs.has(arc)) continue;
      seenArcs.add(arc);
      arcs.push(arc);
    }
  }
  return {
    beat: beat.name,
    kind: beat.kind,
    time: Number.isNaN(beat.time) ? null : beat.time,
    scale: beat.scale,
    downstream: downstream.map((b) => b.name),
    byScale,
    arcs: arcs.map((a) => a.name),
    breaks: {
      requirements: brokenRequirements(analysis, beat),
      resolutions: lostResolutions(analysis, beat),
    },
    score,
    options: beat.kind === 'choice' ? beat.options.map((option) => optionConsequences(option)) : [],
  };
}

/**
 * `requires` items that name the beat and are met on every path today, but
 * would be unmet on some path without it.
 */
function brokenRequirements(analysis: ProjectStructure, beat: BeatSymbol): BrokenRequirement[] {
  const { graph, paths } = analysis;
  const result: BrokenRequirement[] = [];
  for (const edge of graph.out[beat.index]!) {
    if (edge.kind !== 'requires') continue;
    const dependent = edge.to;
    if (dependent.decl.kind !== 'event') continue;
    const item = dependent.decl.items.find((i) => i.kind === 'requires' && i.alternatives.includes(edge.name));
    if (!item || item.kind !== 'requires') continue;
    const alternatives = item.alternatives
      .map((n) => analysis.project.nodes.get(n.text))
      .filter((n): n is BeatSymbol => n !== undefined && n.kind !== 'arc' && n.time < dependent.time);
    const metToday = paths.findPath([dependent], alternatives) === undefined;
    const metWithout = paths.findPath([dependent], alternatives.filter((a) => a !== beat)) === undefined;
    if (metToday && !metWithout && !result.some((r) => r.beat === dependent.name)) {
      result.push({ beat: dependent.name, requires: item.alternatives.map((n) => n.text) });
    }
  }
  return result;
}

/** Arcs resolved on every path today that would not be without the beat. */
function lostResolutions(analysis: ProjectStructure, beat: BeatSymbol): string[] {
  const { scales, paths } = analysis;
  const lost: string[] = [];
  if (beat.decl.kind !== 'event') return lost;
  for (const item of beat.decl.items) {
    if (item.kind !== 'resolves') continue;
    for (const name of item.names) {
      const arc = analysis.project.nodes.get(name.text);
      if (!arc || arc.kind !== 'arc' || scales.status(arc).kind !== 'resolved') continue;
      const others = scales.resolversOf(arc).map((r) => r.beat).filter((b) => b !== beat);
      if (paths.findPath(arc.option ? [arc.option] : [], others) && !lost.includes(arc.name)) lost.push(arc.name);
    }
  }
  return lost;
}

function optionConsequences(option: OptionSymbol): OptionConsequences {
  let peak: number | null = null;
  const goals = new Set<string>();
  const killed = new Set<string>();
  const resolved = new Set<string>();
  for (const beat of option.beats) {
    if (beat.decl.kind !== 'event') continue;
    for (const item of beat.decl.items) {
      if (item.kind === 'intensity' && item.value) peak = peak === null ? item.value.value : Math.max(peak, item.value.value);
      else if (item.kind === 'addresses') for (const n of item.names) goals.add(n.text);
      else if (item.kind === 'kills') for (const n of item.names) killed.add(n.text);
      else if (item.kind === 'resolves') for (const n of item.names) resolved.add(n.text);
    }
  }
  return {
    option: option.qualifiedName,
    title: option.decl.title?.value ?? option.name,
    beats: option.beats.map((b) => b.name),
    peakIntensity: peak,
    goalsAddressed: [...goals],
    charactersKilled: [...killed],
    arcsResolved: [...resolved],
  };
}
