/**
 * W402: intensity rises more than `limits { spike N }` between consecutive
 * beats of some path. Consecutive beats of a path are its beats that declare
 * an intensity, by time and then document order (intensity-paths.ts).
 *
 * One conflict per beat b that some path reaches with too steep a rise: at
 * b's `intensity` item, naming the predecessor a with the largest rise (the
 * lowest intensity) as the related location, with a path on which a comes
 * just before b. Does nothing without a story header or without `spike`.
 *
 * Repairs: lower b's intensity to a's plus `spike`; insert a build-up beat
 * just before b (in b's block, so on the same paths, and at a time after
 * every earlier beat) with an intensity halfway, when one beat can bridge
 * the gap.
 */
import { throwIfCancelled } from '../../cancellation.js';
import { formatNumber, freshName, insertBefore, setIntensity, timeBetween } from '../../edits.js';
import type { Project } from '../../project.js';
import type { Check, Repair } from '../check.js';
import { onPath, relatedBeat } from '../shared.js';
import { steepestRise, type IntensityBeat, type Spike } from './intensity-paths.js';

export const w402: Check<IntensityBeat> = {
  codes: ['W402'],
  reads: ['intensity', 'order'],

  run(context): void {
    const spike = context.project.story?.limits.spike;
    if (spike === undefined) return;
    const timeline = context.derived.intensityTimeline;
    for (const to of timeline.beats) {
      throwIfCancelled(context.token);
      const found = steepestRise(timeline, context.paths, to, spike);
      if (!found) continue;
      context.report({
        code: 'W402',
        subject: { kind: 'beatItem', beat: to.beat.name, item: 'intensity' },
        message: describe(found, spike),
        file: to.beat.file,
        span: to.item.span,
        related: [relatedBeat(found.from.beat, `\`${found.from.beat.name}\` comes just before, with intensity ${formatNumber(found.from.value)}`)],
        path: found.witness,
        anchor: to,
      });
    }
  },

  repairs(_conflict, context): Repair[] {
    const spike = context.project.story?.limits.spike;
    const to = context.anchor;
    if (spike === undefined || !to) return [];
    const rise = steepestRise(context.derived.intensityTimeline, context.paths, to, spike);
    if (!rise) return [];
    const a = rise.from;
    const b = rise.to;
    const repairs: Repair[] = [];

    const lowered = a.value + spike;
    const lower = setIntensity(b.beat, b.item, lowered);
    if (lower) repairs.push({ title: `Lower the intensity of \`${b.beat.name}\` to ${formatNumber(lowered)}`, edits: [lower], kind: 'structure' });

    const bridge = bridgeIntensity(a.value, b.value, spike);
    const time = bridgeTime(context.project, rise);
    if (bridge !== undefined && time !== undefined) {
      const name = freshName(context.project, `${b.beat.name}_build_up`);
      const declaration = `event ${name} @${formatNumber(time)} { intensity ${formatNumber(bridge)} }`;
      repairs.push({
        title: `Insert a build-up beat \`${name}\` (intensity ${formatNumber(bridge)}) between \`${a.beat.name}\` and \`${b.beat.name}\``,
        edits: [insertBefore(context.project, b.beat, declaration)],
        kind: 'structure',
      });
    }
    return repairs;
  },
};

function describe(found: Spike, spike: number): string {
  const { from, to } = found;
  const rise = to.value - from.value;
  return `intensity jumps from ${formatNumber(from.value)} at \`${from.beat.name}\` to ${formatNumber(to.value)} at ` +
    `\`${to.beat.name}\` (+${formatNumber(rise)}), more than the story's \`spike ${formatNumber(spike)}\` allows, ` +
    `${onPath(found.witness)}`;
}

/**
 * An intensity m with m - low <= spike and high - m <= spike: a whole number
 * as near the middle as possible when there is one, else `high - spike`.
 * Undefined when one beat cannot bridge the gap.
 */
function bridgeIntensity(low: number, high: number, spike: number): number | undefined {
  const least = high - spike;
  const most = low + spike;
  if (least > most) return undefined;
  const middle = (low + high) / 2;
  const whole = Math.min(Math.max(Math.round(middle), Math.ceil(least)), Math.floor(most));
  return whole >= least && whole <= most ? whole : least;
}

/**
 * A time for the build-up beat: just before b, after every earlier beat of
 * the story, after `from` and after b's choice (it joins b's block); b's own
 * time when `from` is simultaneous with b (the new beat is written just
 * before b, so it comes after `from` in document order).
 */
function bridgeTime(project: Project, rise: Spike): number | undefined {
  const b = rise.to.beat;
  let low = rise.from.beat.time;
  if (b.option && b.option.choice.time > low) low = b.option.choice.time;
  for (const beat of project.beats) if (beat.time < b.time && beat.time > low) low = beat.time;
  if (low < b.time) return timeBetween(low, b.time);
  return rise.from.beat.time === b.time ? b.time : undefined;
}
