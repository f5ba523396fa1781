/**
 * The worst paths of a story for the pacing chart: the path of the highest
 * peak and the path of the largest rise (`computePathStatistics`'s `peak` and
 * `spike` witnesses), each played in full with `computePlaythrough`.
 */
import {
  computePathStatistics, computePlaythrough, type Analysis, type PathStatisticsOf, type PathStep, type Playthrough,
} from '@narrative-arc/orchestrator';
import { currentCurve, pacingCurve, pacingLimits, type PacingCurve, type PacingInput } from './curve.js';

/** What worstPaths reads of the statistics: BigInt counts or JSON strings alike. */
export type WorstPathStatistics = Pick<PathStatisticsOf<unknown>, 'peak' | 'spike'>;

/**
 * Plays the path a witness names to its end. A witness names only the
 * choices that matter (every path taking its options shows the measure), so
 * every other choice takes its first option: one deterministic path.
 */
export function playWitness(analysis: Analysis, witness: readonly PathStep[]): Playthrough {
  const picks: Record<string, string> = {};
  for (const beat of analysis.project.beats) {
    if (beat.kind === 'choice' && beat.options.length > 0) picks[beat.name] ??= beat.options[0]!.name;
  }
  for (const step of witness) picks[step.choice] = step.option;
  // No `from`: a playthrough is always found.
  return computePlaythrough(analysis, { picks })!;
}

const samePicks = (a: readonly PathStep[], b: readonly PathStep[]): boolean =>
  a.length === b.length && a.every((step, i) => step.choice === b[i]!.choice && step.option === b[i]!.option);

/**
 * The curves of the highest peak and of the worst spike; one curve when both
 * are on the same path, none when the story has no intensity.
 */
export function worstPaths(analysis: Analysis, statistics: WorstPathStatistics): PacingCurve[] {
  const curves: PacingCurve[] = [];
  const { peak, spike } = statistics;
  const peakPlay = peak ? playWitness(analysis, peak.path) : undefined;
  const spikePlay = spike ? playWitness(analysis, spike.path) : undefined;
  if (peak && peakPlay && spike && spikePlay && samePicks(peakPlay.picks, spikePlay.picks)) {
    return [{
      id: 'peak-spike', label: 'highest peak and worst spike', picks: peakPlay.picks,
      points: pacingCurve(peakPlay), focus: [...new Set([peak.beat, spike.from, spike.to])],
    }];
  }
  if (peak && peakPlay) {
    curves.push({ id: 'peak', label: 'highest peak', picks: peakPlay.picks, points: pacingCurve(peakPlay), focus: [peak.beat] });
  }
  if (spike && spikePlay) {
    curves.push({ id: 'spike', label: 'worst spike', picks: spikePlay.picks, points: pacingCurve(spikePlay), focus: [spike.from, spike.to] });
  }
  return curves;
}

/**
 * Everything the chart needs from one analysis: the limits, the worst paths
 * (from `statistics`, computed when not given) and, when given, the path
 * being played.
 */
export function pacingInput(analysis: Analysis, options: { readonly current?: Playthrough | null; readonly statistics?: WorstPathStatistics } = {}): PacingInput {
  const statistics = options.statistics ?? computePathStatistics(analysis);
  return {
    title: analysis.project.story?.title || null,
    limits: pacingLimits(analysis),
    current: options.current ? currentCurve(options.current) : null,
    worst: worstPaths(analysis, statistics),
  };
}
